import { Outlet } from 'react-router';
import { Header } from './Header.tsx';

/** The frame of the screens anyone may open: signing in, the mailbox, not found. */
export function PublicLayout() {
  return (
    <div className="app">
      <Header />
      <main id="content" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
