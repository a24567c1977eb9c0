import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { FormAlert } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { AuthCard } from './AuthCard.tsx';
import { StageGate } from './StageGate.tsx';
import { useStageStep } from './useStageStep.ts';

/** After signing in with a temporary password: the account chooses its own. */
export function NewPasswordPage() {
  return (
    <StageGate stage="password_change">
      <NewPasswordForm />
    </StageGate>
  );
}

function NewPasswordForm() {
  const { t } = useTranslation();
  const [mismatch, setMismatch] = useState(false);
  const choose = useStageStep(api.chooseNewPassword);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword'));
    // Checked here only: a typo in a password nobody can see would lock the account out.
    const differs = newPassword !== String(form.get('repeatPassword'));
    setMismatch(differs);
    if (!differs) choose.mutate(newPassword);
  };

  const serverErrors = choose.error instanceof ApiError ? choose.error.fieldMessages() : {};
  return (
    <AuthCard title={t('newPassword.title')} intro={t('newPassword.intro')} canStartOver>
      <Form
        className="form"
        onSubmit={handleSubmit}
        validationBehavior="aria"
        validationErrors={mismatch ? { repeatPassword: t('newPassword.mismatch') } : serverErrors}
      >
        <FormAlert error={mismatch ? null : choose.error} placedFields={['newPassword']} />
        <TextInput
          name="newPassword"
          type="password"
          label={t('newPassword.newPassword')}
          description={t('newPassword.rules')}
          autoComplete="new-password"
          autoFocus
        />
        <TextInput
          name="repeatPassword"
          type="password"
          label={t('newPassword.repeat')}
          autoComplete="new-password"
        />
        <SubmitButton label={t('newPassword.submit')} isPending={choose.isPending} />
      </Form>
    </AuthCard>
  );
}
