import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../shell/useSignOut.ts';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';

interface AuthCardProps {
  title: string;
  intro?: ReactNode;
  /** Offer to end this half-done sign-in and start again, on the steps after the password. */
  canStartOver?: boolean;
  children: ReactNode;
}

/** The centred card every step of signing in is shown in. */
export function AuthCard({ title, intro, canStartOver = false, children }: AuthCardProps) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  useDocumentTitle(title);

  return (
    <section className="card card-narrow auth-card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {intro && <p className="lead">{intro}</p>}
      {children}
      {canStartOver && (
        <p className="start-over">
          <Button className="link-button" onPress={() => signOut.mutate()}>
            {t('signIn.startOver')}
          </Button>
        </p>
      )}
    </section>
  );
}
