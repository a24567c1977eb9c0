import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { FormAlert } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { AuthCard } from './AuthCard.tsx';
import { StageGate } from './StageGate.tsx';
import { normalizeCode } from './secret-key.ts';
import { useStageStep } from './useStageStep.ts';

/** The 6-digit code of an account with an authenticator set up. */
export function TotpPage() {
  return (
    <StageGate stage="totp">
      <TotpForm />
    </StageGate>
  );
}

function TotpForm() {
  const { t } = useTranslation();
  const verify = useStageStep(api.verifyTotp);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    verify.mutate(normalizeCode(String(new FormData(event.currentTarget).get('code'))));
  };

  return (
    <AuthCard title={t('totp.title')} intro={t('totp.intro')} canStartOver>
      <Form
        className="form"
        onSubmit={handleSubmit}
        validationBehavior="aria"
        validationErrors={verify.error instanceof ApiError ? verify.error.fieldMessages() : {}}
      >
        <FormAlert error={verify.error} placedFields={['code']} />
        <TextInput
          name="code"
          label={t('totp.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          className="field-code"
          autoFocus
        />
        <SubmitButton label={t('totp.submit')} isPending={verify.isPending} />
      </Form>
    </AuthCard>
  );
}
