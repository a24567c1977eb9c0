import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMeta } from '../session.ts';

/** The bar at the top of every screen: the service name, and what `children` add on the right. */
export function Header({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const serviceName = useMeta().data?.serviceName ?? '';
  return (
    <>
      <a className="skip-link" href="#content">
        {t('shell.skipToContent')}
      </a>
      <header className="header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✉
          </span>
          <span>{serviceName}</span>
        </Link>
        <div className="header-end">{children}</div>
      </header>
    </>
  );
}
