import { useEffect, useRef, useState } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../../contract/roles.ts';
import { ChoiceSelect } from '../ui/ChoiceSelect.tsx';
import type { ListFilters, ListQuery } from './list-query.ts';

interface AccountFiltersProps {
  query: ListQuery;
  onChange: (changes: Partial<ListFilters>) => void;
}

const ANY = 'any';

/** Search by email or name (applied as one types), and the role and locked filters. */
export function AccountFilters({ query, onChange }: AccountFiltersProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(query.q);
  const applied = useRef(query.q);

  // The address bar changed by itself (the back button): the field follows it.
  useEffect(() => {
    if (query.q === applied.current) return;
    applied.current = query.q;
    setTyped(query.q);
  }, [query.q]);

  // A pause in typing searches; each keystroke would otherwise be a request.
  useEffect(() => {
    const q = typed.trim();
    if (q === applied.current) return;
    const timer = setTimeout(() => {
      applied.current = q;
      onChange({ q });
    }, 300);
    return () => clearTimeout(timer);
  }, [typed, onChange]);

  const roleChoices = [
    { id: ANY, label: t('accounts.filters.anyRole') },
    ...ASSIGNABLE_ROLES.map((role) => ({ id: role, label: t(`roles.${role}`) })),
  ];
  const lockedChoices = [
    { id: ANY, label: t('accounts.filters.anyState') },
    { id: 'false', label: t('accounts.filters.notLocked') },
    { id: 'true', label: t('accounts.filters.locked') },
  ];

  return (
    <search aria-label={t('accounts.filters.label')} className="filters">
      <SearchField
        className="field filter-search"
        value={typed}
        onChange={setTyped}
        onSubmit={(value) => {
          applied.current = value.trim();
          onChange({ q: applied.current });
        }}
      >
        <Label className="field-label">{t('accounts.filters.search')}</Label>
        <Input className="input" placeholder={t('accounts.filters.searchPlaceholder')} />
      </SearchField>
      <ChoiceSelect
        label={t('accounts.filters.role')}
        className="filter-select"
        choices={roleChoices}
        value={query.role ?? ANY}
        onChange={(id) => onChange({ role: id === ANY ? null : (id as AssignableRole) })}
      />
      <ChoiceSelect
        label={t('accounts.filters.state')}
        className="filter-select"
        choices={lockedChoices}
        value={query.locked === null ? ANY : String(query.locked)}
        onChange={(id) => onChange({ locked: id === ANY ? null : id === 'true' })}
      />
    </search>
  );
}
