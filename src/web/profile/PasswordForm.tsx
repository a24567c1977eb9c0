import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { FormAlert, SuccessNote } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';

interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** Changing the own password, which needs the current one; other sessions end on the server. */
export function PasswordForm() {
  const { t } = useTranslation();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordChange) =>
      api.changePassword(currentPassword, newPassword),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get('newPassword'));
    const differs = newPassword !== String(form.get('repeatPassword'));
    setMismatch(differs);
    if (differs) return;
    change.mutate(
      { currentPassword: String(form.get('currentPassword')), newPassword },
      { onSuccess: () => formElement.reset() },
    );
  };

  const serverErrors = change.error instanceof ApiError ? change.error.fieldMessages() : {};
  return (
    <section className="card" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('password.title')}</h2>
      <Form
        className="form"
        onSubmit={handleSubmit}
        validationBehavior="aria"
        validationErrors={mismatch ? { repeatPassword: t('password.mismatch') } : serverErrors}
      >
        <FormAlert
          error={mismatch ? null : change.error}
          placedFields={['currentPassword', 'newPassword']}
        />
        <SuccessNote>{change.isSuccess && t('password.changed')}</SuccessNote>
        <TextInput
          name="currentPassword"
          type="password"
          label={t('password.current')}
          autoComplete="current-password"
        />
        <TextInput
          name="newPassword"
          type="password"
          label={t('password.new')}
          description={t('password.rules')}
          autoComplete="new-password"
        />
        <TextInput
          name="repeatPassword"
          type="password"
          label={t('password.repeat')}
          autoComplete="new-password"
        />
        <div className="form-actions">
          <SubmitButton label={t('password.submit')} isPending={change.isPending} />
        </div>
      </Form>
    </section>
  );
}
