import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** Shown while a screen's data is on its way. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="page-state" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Shown when a screen's data could not be loaded, with a way to ask again. */
export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="page-state alert alert-error" role="alert">
      <p>{t('common.loadFailed')}</p>
      <Button className="button button-secondary" onPress={onRetry}>
        {t('common.retry')}
      </Button>
    </div>
  );
}
