import type { RouteObject } from 'react-router';
import { AccountSettingsLayout } from './accounts/AccountSettingsLayout.tsx';
import { AccountsPage } from './accounts/AccountsPage.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { MailboxPage } from './mailbox/MailboxPage.tsx';
import { ProfilePage } from './profile/ProfilePage.tsx';
import { NotFoundPage } from './shell/NotFoundPage.tsx';
import { PublicLayout } from './shell/PublicLayout.tsx';
import { Root } from './shell/Root.tsx';
import { SignedInLayout } from './shell/SignedInLayout.tsx';
import { NewPasswordPage } from './sign-in/NewPasswordPage.tsx';
import { SignInPage } from './sign-in/SignInPage.tsx';
import { TotpPage } from './sign-in/TotpPage.tsx';
import { TotpSetupPage } from './sign-in/TotpSetupPage.tsx';
import { GroupAdminRequestsPage } from './support/GroupAdminRequestsPage.tsx';

/**
 * Every screen of the app. A screen is a folder under src/web plus one entry here: under the
 * signed-in layout when it needs an account (the layout provides it through `useAccount`),
 * under the public one when anyone may open it.
 */
export const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      {
        element: <SignedInLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'profile', element: <ProfilePage /> },
          {
            path: 'accounts',
            element: <AccountSettingsLayout />,
            children: [
              { index: true, element: <AccountsPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'group-admin-requests', element: <GroupAdminRequestsPage /> },
            ],
          },
        ],
      },
      {
        element: <PublicLayout />,
        children: [
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-in/new-password', element: <NewPasswordPage /> },
          { path: 'sign-in/totp-setup', element: <TotpSetupPage /> },
          { path: 'sign-in/totp', element: <TotpPage /> },
          { path: 'mailbox', element: <MailboxPage /> },
          { path: 'mailbox/:messageId', element: <MailboxPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

/** The pages that stay where they are when the server says nobody is signed in. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/sign-in' || pathname === '/mailbox' || pathname.startsWith('/mailbox/');
}
