import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../contract/roles.ts';
import { useAccount } from '../shell/account-context.ts';
import { DateTime } from '../ui/DateTime.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';

/** The first screen after signing in: the organization, the account, and where to go next. */
export function HomePage() {
  const { t } = useTranslation();
  const account = useAccount();
  const organization = account.organization;
  useDocumentTitle(t('home.title'));

  return (
    <div className="page">
      <h1>{t('home.welcome', { name: account.name || account.email })}</h1>

      <div className="card-grid">
        <section className="card" aria-labelledby="home-organization">
          <h2 id="home-organization">{t('home.organization')}</h2>
          <dl className="facts">
            <dt>{t('home.organizationName')}</dt>
            <dd>{organization.name}</dd>
            <dt>{t('home.clientNumber')}</dt>
            <dd>{organization.clientNumber}</dd>
            <dt>{t('home.plan')}</dt>
            <dd>{t(`plans.${organization.plan}`)}</dd>
            <dt>{t('home.virusCheckOption')}</dt>
            <dd>{organization.virusCheckOption ? t('home.included') : t('home.notIncluded')}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="home-account">
          <h2 id="home-account">{t('home.yourAccount')}</h2>
          <dl className="facts">
            <dt>{t('home.email')}</dt>
            <dd>{account.email}</dd>
            <dt>{t('home.role')}</dt>
            <dd>{t(`roles.${account.role}`)}</dd>
            <dt>{t('home.lastSignIn')}</dt>
            <dd>
              {account.lastSignInAt ? (
                <DateTime iso={account.lastSignInAt} timeZone={account.timeZone} />
              ) : (
                t('home.firstSignIn')
              )}
            </dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="home-shortcuts">
        <h2 id="home-shortcuts">{t('home.shortcuts')}</h2>
        <ul className="shortcuts">
          <li>
            <Link to="/profile" className="shortcut">
              <span className="shortcut-title">{t('shell.profile')}</span>
              <span className="shortcut-text">{t('home.profileText')}</span>
            </Link>
          </li>
          {can(account.role, 'manageAccounts') && (
            <li>
              <Link to="/accounts" className="shortcut">
                <span className="shortcut-title">{t('shell.accounts')}</span>
                <span className="shortcut-text">{t('home.accountsText')}</span>
              </Link>
            </li>
          )}
        </ul>
      </section>
    </div>
  );
}
