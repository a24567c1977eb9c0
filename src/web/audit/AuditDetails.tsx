import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../contract/locale.ts';
import { ROLES } from '../../contract/roles.ts';

const FIELDS = [
  'email',
  'name',
  'role',
  'language',
  'timeZone',
  'totp',
  'deliveryReport',
  'virusAlert',
  'locked',
] as const;
type KnownField = (typeof FIELDS)[number];

/**
 * What an event changed, one line per field: `Role: Service user → Accountant` for an
 * edit, `Reason: wrong password` for a failure. Unknown keys show as they are.
 */
export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="muted">—</span>;

  const fieldLabel = (key: string) =>
    FIELDS.some((field) => field === key) ? t(`accounts.fields.${key as KnownField}`) : key;
  const valueText = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('accounts.list.on') : t('accounts.list.off');
    if (key === 'role' && ROLES.some((role) => role === value)) {
      return t(`roles.${value as (typeof ROLES)[number]}`);
    }
    if (key === 'language' && isLanguage(value)) return t(`languages.${value}`);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    return JSON.stringify(value);
  };

  return (
    <ul className="details">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="details-field">{fieldLabel(key)}:</span>{' '}
          {Array.isArray(value) && value.length === 2
            ? `${valueText(key, value[0])} → ${valueText(key, value[1])}`
            : valueText(key, value)}
        </li>
      ))}
    </ul>
  );
}
