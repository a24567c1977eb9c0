import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { can } from '../../contract/roles.ts';
import { useAccount } from '../shell/account-context.ts';
import { NotAllowed } from './NotAllowed.tsx';
import './account-settings.css';

/**
 * The frame of the group administrator's account settings: the heading and the tabs of its
 * three screens (accounts, audit trail, group administrator requests). Other roles see why
 * they may not be here; the server refuses them anyway.
 */
export function AccountSettingsLayout() {
  const { t } = useTranslation();
  const account = useAccount();
  if (!can(account.role, 'manageAccounts')) return <NotAllowed />;

  return (
    <div className="page account-settings">
      <div className="account-settings-top">
        <h1>{t('accounts.title')}</h1>
        <nav aria-label={t('accounts.sections')} className="tabs">
          <NavLink to="/accounts" end className="tab">
            {t('accounts.tabs.accounts')}
          </NavLink>
          <NavLink to="/accounts/audit" className="tab">
            {t('accounts.tabs.audit')}
          </NavLink>
          <NavLink to="/accounts/group-admin-requests" className="tab">
            {t('accounts.tabs.groupAdminRequests')}
          </NavLink>
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
