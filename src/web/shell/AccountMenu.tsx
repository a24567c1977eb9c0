import type { Key } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { can } from '../../contract/roles.ts';
import { useAccount } from './account-context.ts';
import { useSignOut } from './useSignOut.ts';

/** The signed-in account's name at the top right, opening Profile, Account settings, Sign out. */
export function AccountMenu() {
  const { t } = useTranslation();
  const account = useAccount();
  const signOut = useSignOut();

  const handleAction = (key: Key) => {
    if (key === 'sign-out') signOut.mutate();
  };

  return (
    <MenuTrigger>
      <Button className="account-button">
        <span className="avatar" aria-hidden="true">
          {initialOf(account.name || account.email)}
        </span>
        <span className="account-button-text">
          <span className="account-name">{account.name || account.email}</span>
          <span className="account-role">{t(`roles.${account.role}`)}</span>
        </span>
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </Button>
      <Popover className="popover menu-popover" placement="bottom end">
        <Menu
          className="menu"
          aria-label={t('shell.accountMenu', { name: account.name })}
          onAction={handleAction}
        >
          <MenuItem id="profile" href="/profile" className="menu-item">
            {t('shell.profile')}
          </MenuItem>
          {can(account.role, 'manageAccounts') && (
            <MenuItem id="accounts" href="/accounts" className="menu-item">
              {t('shell.accounts')}
            </MenuItem>
          )}
          <Separator className="menu-separator" />
          <MenuItem id="sign-out" className="menu-item">
            {t('shell.signOut')}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

function initialOf(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? '?';
}
