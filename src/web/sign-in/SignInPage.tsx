import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { ApiError, api } from '../api.ts';
import { useMeta, useSession } from '../session.ts';
import { FormAlert } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { AuthCard } from './AuthCard.tsx';
import { useStageStep } from './useStageStep.ts';

interface Credentials {
  email: string;
  password: string;
}

/** Email and password, the first step of signing in; links the built-in mailbox when it is on. */
export function SignInPage() {
  const { t } = useTranslation();
  const meta = useMeta();
  const session = useSession();
  const signIn = useStageStep(({ email, password }: Credentials) => api.signIn(email, password));

  if (session.data?.stage === 'active') return <Navigate to="/" replace />;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email')), password: String(form.get('password')) });
  };

  return (
    <div className="auth-stack">
      <AuthCard
        title={t('signIn.title')}
        intro={meta.data && t('signIn.intro', { serviceName: meta.data.serviceName })}
      >
        <Form
          className="form"
          onSubmit={handleSubmit}
          validationBehavior="aria"
          validationErrors={signIn.error instanceof ApiError ? signIn.error.fieldMessages() : {}}
        >
          <FormAlert error={signIn.error} placedFields={['email', 'password']} />
          <TextInput
            name="email"
            type="email"
            label={t('signIn.email')}
            autoComplete="username"
            autoFocus
          />
          <TextInput
            name="password"
            type="password"
            label={t('signIn.password')}
            autoComplete="current-password"
          />
          <SubmitButton
            label={t('signIn.submit')}
            pendingLabel={t('signIn.submitting')}
            isPending={signIn.isPending}
          />
        </Form>
      </AuthCard>
      {meta.data?.mailboxEnabled && (
        <aside className="card card-narrow card-quiet" aria-labelledby="mailbox-note">
          <h2 id="mailbox-note">{t('signIn.mailboxTitle')}</h2>
          <p>{t('signIn.mailboxText')}</p>
          <Link to="/mailbox">{t('signIn.mailboxLink')}</Link>
        </aside>
      )}
    </div>
  );
}
