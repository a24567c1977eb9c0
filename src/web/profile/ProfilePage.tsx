import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { PasswordForm } from './PasswordForm.tsx';
import { PersonalSettingsForm } from './PersonalSettingsForm.tsx';
import { TwoFactorSection } from './TwoFactorSection.tsx';

/** The own profile, for every role: personal settings, password, two-factor authentication. */
export function ProfilePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('profile.title'));
  return (
    <div className="page page-narrow">
      <h1>{t('profile.title')}</h1>
      <PersonalSettingsForm />
      <PasswordForm />
      <TwoFactorSection />
    </div>
  );
}
