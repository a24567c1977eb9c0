import { type ReactNode, useEffect } from 'react';
import { Navigate, Outlet } from 'react-router';
import { ApiError } from '../api.ts';
import { switchLanguage } from '../i18n/i18n.ts';
import { pathOfStage, useProfile, useSession } from '../session.ts';
import { AccountMenu } from './AccountMenu.tsx';
import { AccountContext } from './account-context.ts';
import { Header } from './Header.tsx';
import { LoadFailed, Loading } from './PageStates.tsx';

/**
 * The frame of every screen that needs a signed-in account: sends anyone else to the step of
 * signing in they are at, then shows the header with the account menu around the screen.
 */
export function SignedInLayout() {
  const session = useSession();

  if (session.isPending) return <Frame body={<Loading />} />;
  if (session.isError) {
    if (session.error instanceof ApiError && session.error.status === 401) {
      return <Navigate to="/sign-in" replace />;
    }
    return <Frame body={<LoadFailed onRetry={() => void session.refetch()} />} />;
  }
  if (session.data.stage !== 'active')
    return <Navigate to={pathOfStage(session.data.stage)} replace />;
  return <SignedInFrame />;
}

function SignedInFrame() {
  const profile = useProfile();
  const language = profile.data?.language;

  useEffect(() => {
    if (language) switchLanguage(language);
  }, [language]);

  if (profile.isPending) return <Frame body={<Loading />} />;
  if (profile.isError)
    return <Frame body={<LoadFailed onRetry={() => void profile.refetch()} />} />;
  return (
    <AccountContext.Provider value={profile.data}>
      <Frame menu={<AccountMenu />} body={<Outlet />} />
    </AccountContext.Provider>
  );
}

function Frame({ menu, body }: { menu?: ReactNode; body: ReactNode }) {
  return (
    <div className="app">
      <Header>{menu}</Header>
      <main id="content" className="main" tabIndex={-1}>
        {body}
      </main>
    </div>
  );
}
