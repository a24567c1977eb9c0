import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** A temporary password just issued, and the account it is for. */
export interface IssuedPassword {
  email: string;
  temporaryPassword: string;
}

/**
 * The temporary password at the top of the screen, shown once: it lives only in this
 * screen's memory and is gone once dismissed or the page is left.
 */
export function TemporaryPasswordBanner({
  issued,
  onDismiss,
}: {
  issued: IssuedPassword;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-success banner" role="status" aria-labelledby="temporary-password">
      <div className="banner-text">
        <p id="temporary-password">
          {t('accounts.temporaryPassword.issued', { email: issued.email })}
        </p>
        <p>
          <code className="temporary-password" data-testid="temporary-password">
            {issued.temporaryPassword}
          </code>
        </p>
        <p className="banner-hint">{t('accounts.temporaryPassword.onlyOnce')}</p>
      </div>
      <Button className="button button-secondary" onPress={onDismiss}>
        {t('accounts.dismiss')}
      </Button>
    </div>
  );
}
