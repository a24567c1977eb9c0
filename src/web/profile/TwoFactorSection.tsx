import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { useAccount } from '../shell/account-context.ts';
import { normalizeCode } from '../sign-in/secret-key.ts';
import { FormAlert, SuccessNote } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { useProfileUpdate } from './useProfileUpdate.ts';

/**
 * The state of two-factor authentication. Anyone may switch it on (the QR code comes at the
 * next sign-in); a group administrator may switch its own off with password and current code.
 */
export function TwoFactorSection() {
  const { t } = useTranslation();
  const account = useAccount();
  const enable = useProfileUpdate(api.enableTotp);
  const disable = useProfileUpdate(({ password, code }: { password: string; code: string }) =>
    api.disableTotp(password, code),
  );

  const handleDisable = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    disable.mutate({
      password: String(form.get('password')),
      code: normalizeCode(String(form.get('code'))),
    });
  };

  return (
    <section className="card" aria-labelledby="profile-two-factor">
      <h2 id="profile-two-factor">{t('twoFactor.title')}</h2>
      <p className="status-line">
        <span>{t('twoFactor.status')}</span>
        <span className={`badge badge-${account.totp}`} data-testid="totp-status">
          {t(`twoFactor.${account.totp}`)}
        </span>
      </p>
      <SuccessNote>
        {(enable.isSuccess && account.totp === 'pending' && t('twoFactor.enabled')) ||
          (disable.isSuccess && account.totp === 'off' && t('twoFactor.disabled'))}
      </SuccessNote>

      {account.totp === 'off' && (
        <>
          <p>{t('twoFactor.offText')}</p>
          <FormAlert error={enable.error} />
          <div className="form-actions">
            <Button
              className="button button-primary"
              isPending={enable.isPending}
              onPress={() => enable.mutate(undefined)}
              aria-describedby="two-factor-enable-hint"
            >
              {t('twoFactor.enable')}
            </Button>
            <span id="two-factor-enable-hint" className="field-description">
              {t('twoFactor.enableHint')}
            </span>
          </div>
        </>
      )}
      {account.totp === 'pending' && <p>{t('twoFactor.pendingText')}</p>}
      {account.totp === 'on' && <p>{t('twoFactor.onText')}</p>}

      {account.totp === 'on' && account.allowed.disableTotp && (
        <Form
          className="form form-danger-zone"
          onSubmit={handleDisable}
          validationBehavior="aria"
          validationErrors={disable.error instanceof ApiError ? disable.error.fieldMessages() : {}}
        >
          <h3>{t('twoFactor.disableTitle')}</h3>
          <p>{t('twoFactor.disableText')}</p>
          <FormAlert error={disable.error} placedFields={['password', 'code']} />
          <TextInput
            name="password"
            type="password"
            label={t('twoFactor.password')}
            autoComplete="current-password"
          />
          <TextInput
            name="code"
            label={t('twoFactor.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            className="field-code"
          />
          <div className="form-actions">
            <SubmitButton
              label={t('twoFactor.disable')}
              isPending={disable.isPending}
              variant="danger"
            />
          </div>
        </Form>
      )}
    </section>
  );
}
