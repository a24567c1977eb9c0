import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api.ts';
import { LoadFailed } from '../shell/PageStates.tsx';

/** What a role that may not manage accounts sees on the account settings screens. */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <section className="card card-narrow" role="alert" aria-labelledby="not-allowed">
      <h1 id="not-allowed">{t('accounts.notAllowed.title')}</h1>
      <p>{t('accounts.notAllowed.text')}</p>
      <p>
        <Link to="/">{t('accounts.notAllowed.home')}</Link>
      </p>
    </section>
  );
}

/** A screen's data failed to load: "not allowed" when the server says 403, else a retry. */
export function QueryFailure({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.status === 403) return <NotAllowed />;
  return <LoadFailed onRetry={onRetry} />;
}
