import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { LoadFailed, Loading } from '../shell/PageStates.tsx';
import { FormAlert } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { AuthCard } from './AuthCard.tsx';
import { StageGate } from './StageGate.tsx';
import { groupSecretKey, normalizeCode } from './secret-key.ts';
import { useStageStep } from './useStageStep.ts';

/** Two-factor authentication is on but no authenticator is set up: QR code, key, first code. */
export function TotpSetupPage() {
  return (
    <StageGate stage="totp_setup">
      <TotpSetup />
    </StageGate>
  );
}

function TotpSetup() {
  const { t } = useTranslation();
  const setup = useQuery({
    queryKey: ['totp-setup'],
    queryFn: api.totpSetup,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const confirm = useStageStep(api.confirmTotpSetup);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    confirm.mutate(normalizeCode(String(new FormData(event.currentTarget).get('code'))));
  };

  return (
    <AuthCard title={t('totpSetup.title')} intro={t('totpSetup.intro')} canStartOver>
      {setup.isPending && <Loading />}
      {setup.isError && <LoadFailed onRetry={() => void setup.refetch()} />}
      {setup.data && (
        <div className="totp-setup">
          <figure className="qr">
            <img src={setup.data.qrCode} alt={t('totpSetup.qrAlt')} width={200} height={200} />
            <figcaption>{t('totpSetup.scan')}</figcaption>
          </figure>
          <div className="secret-key">
            <p className="field-label">{t('totpSetup.key')}</p>
            <code data-testid="secret-key">{groupSecretKey(setup.data.secret)}</code>
          </div>
        </div>
      )}
      <Form
        className="form"
        onSubmit={handleSubmit}
        validationBehavior="aria"
        validationErrors={confirm.error instanceof ApiError ? confirm.error.fieldMessages() : {}}
      >
        <FormAlert error={confirm.error} placedFields={['code']} />
        <TextInput
          name="code"
          label={t('totpSetup.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          className="field-code"
        />
        <SubmitButton label={t('totpSetup.submit')} isPending={confirm.isPending} />
      </Form>
    </AuthCard>
  );
}
