import { useTranslation } from 'react-i18next';
import { formatDateTime, isLanguage } from '../../contract/locale.ts';
import { ROLES } from '../../contract/roles.ts';
import { accountSettingsEn } from '../accounts/i18n/en.ts';

type AccountField = keyof typeof accountSettingsEn.accounts.fields;
type DetailField = keyof typeof accountSettingsEn.audit.detailFields;
type DetailValue = keyof typeof accountSettingsEn.audit.detailValues;

const ROLE_KEYS = new Set(['role', 'from', 'to', 'newRole']);
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function isKeyOf<T extends object>(words: T, key: unknown): key is keyof T {
  return typeof key === 'string' && Object.hasOwn(words, key);
}

interface AuditDetailsProps {
  details: Record<string, unknown>;
  /** The viewer's zone, for the moments among the details. */
  timeZone: string;
}

/**
 * What an event changed or why it failed, one line per field: `Role: Service user →
 * Accountant` for an edit, `Reason: wrong password` for a failed sign-in. Names and values
 * the screen knows are in the viewer's words; others show as recorded.
 */
export function AuditDetails({ details, timeZone }: AuditDetailsProps) {
  const { t } = useTranslation();
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="muted">—</span>;

  const label = (key: string): string => {
    if (isKeyOf(accountSettingsEn.accounts.fields, key)) {
      return t(`accounts.fields.${key as AccountField}`);
    }
    if (isKeyOf(accountSettingsEn.audit.detailFields, key)) {
      return t(`audit.detailFields.${key as DetailField}`);
    }
    return key;
  };
  const text = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('accounts.list.on') : t('accounts.list.off');
    if (ROLE_KEYS.has(key) && ROLES.some((role) => role === value)) {
      return t(`roles.${value as (typeof ROLES)[number]}`);
    }
    if (key === 'language' && isLanguage(value)) return t(`languages.${value}`);
    if (typeof value === 'string' && ISO_MOMENT.test(value)) return formatDateTime(value, timeZone);
    if (isKeyOf(accountSettingsEn.audit.detailValues, value)) {
      return t(`audit.detailValues.${value as DetailValue}`);
    }
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    return JSON.stringify(value);
  };

  return (
    <ul className="details">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="details-field">{label(key)}:</span>{' '}
          {isRecord(value) ? (
            <AuditDetails details={value} timeZone={timeZone} />
          ) : Array.isArray(value) && value.length === 2 ? (
            `${text(key, value[0])} → ${text(key, value[1])}`
          ) : (
            text(key, value)
          )}
        </li>
      ))}
    </ul>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
