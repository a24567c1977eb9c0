import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface PagerProps {
  label: string;
  /** The address of the page before, or null on the first page. */
  previous: string | null;
  /** The address of the page after, or null on the last page. */
  next: string | null;
  previousLabel?: string;
  nextLabel?: string;
}

/** Links to the page before and after, as the cursors of the API allow. */
export function Pager({ label, previous, next, previousLabel, nextLabel }: PagerProps) {
  const { t } = useTranslation();
  if (previous === null && next === null) return null;
  return (
    <nav className="pager" aria-label={label}>
      {previous !== null ? (
        <Link to={previous} className="button button-secondary">
          ← {previousLabel ?? t('accounts.pager.previous')}
        </Link>
      ) : (
        <span />
      )}
      {next !== null && (
        <Link to={next} className="button button-secondary">
          {nextLabel ?? t('accounts.pager.next')} →
        </Link>
      )}
    </nav>
  );
}
