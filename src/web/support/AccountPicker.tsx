import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import {
  Button,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { accountsApi } from '../accounts/accounts-api.ts';
import { accountsKey } from '../accounts/accounts-queries.ts';

interface AccountPickerProps {
  name: string;
  label: string;
  description: string;
  value: string | null;
  onChange: (accountId: string | null) => void;
}

/**
 * Picks one of the organization's accounts by typing its email or name; the server
 * searches, so an organization of any size fits.
 */
export function AccountPicker({ name, label, description, value, onChange }: AccountPickerProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const matches = useQuery({
    queryKey: [...accountsKey, 'pick', q],
    queryFn: () => accountsApi.list(new URLSearchParams({ ...(q && { q }), limit: '20' })),
    placeholderData: keepPreviousData,
  });

  return (
    <ComboBox
      name={name}
      className="field"
      items={matches.data?.accounts ?? []}
      inputValue={typed}
      onInputChange={setTyped}
      selectedKey={value}
      onSelectionChange={(key) => onChange(key === null ? null : String(key))}
      menuTrigger="focus"
      allowsEmptyCollection
    >
      <Label className="field-label">{label}</Label>
      <div className="combo">
        <Input className="input" />
        <Button className="combo-button" aria-label={t('groupAdminRequests.showAccounts')}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <Text slot="description" className="field-description">
        {description}
      </Text>
      <FieldError className="field-error" />
      <Popover className="popover combo-popover">
        <ListBox
          className="listbox"
          renderEmptyState={() => (
            <p className="listbox-empty">{t('groupAdminRequests.noAccount')}</p>
          )}
        >
          {(account: { id: string; email: string; name: string }) => (
            <ListBoxItem id={account.id} textValue={account.email} className="listbox-item">
              <span>{account.email}</span>
              <span className="listbox-item-detail">{account.name}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
