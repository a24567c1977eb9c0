import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

interface FormAlertProps {
  error: unknown;
  /** Fields the form shows next to their input; messages for any other field show here. */
  placedFields?: readonly string[];
}

/**
 * The general message of a failed submit, at the top of the form. Messages come from the
 * server in the user's language; an unexpected failure says so in general words.
 */
export function FormAlert({ error, placedFields = [] }: FormAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;

  const message = error instanceof ApiError ? error.message : t('common.loadFailed');
  const otherFields =
    error instanceof ApiError
      ? error.fields.filter((field) => !placedFields.includes(field.field))
      : [];
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      {otherFields.length > 0 && (
        <ul>
          {otherFields.map((field) => (
            <li key={`${field.field}:${field.rule}`}>{field.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A short confirmation after a successful save, read out by screen readers. */
export function SuccessNote({ children }: { children: string | null | false }) {
  return (
    <div role="status" className={children ? 'alert alert-success' : 'visually-hidden'}>
      {children}
    </div>
  );
}
