import { useCallback, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ManagedAccount } from '../../contract/accounts.ts';
import { useAccount } from '../shell/account-context.ts';
import { Loading } from '../shell/PageStates.tsx';
import { SuccessNote } from '../ui/FormAlert.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { AccountDialog, type DialogSubject, type SavedAccount } from './AccountDialog.tsx';
import { AccountFilters } from './AccountFilters.tsx';
import { AccountTable } from './AccountTable.tsx';
import { accountsCsvHref } from './accounts-api.ts';
import { useAccountPage } from './accounts-queries.ts';
import { DeleteAccountDialog } from './DeleteAccountDialog.tsx';
import {
  atPage,
  type ListFilters,
  readListQuery,
  sortedBy,
  withFilters,
  writeListQuery,
} from './list-query.ts';
import { QueryFailure } from './NotAllowed.tsx';
import { Pager } from './Pager.tsx';
import { type IssuedPassword, TemporaryPasswordBanner } from './TemporaryPasswordBanner.tsx';

/**
 * The organization's accounts: search, filters, sort and pages from the address bar, the
 * add and edit dialog, deletion, and the temporary password shown once.
 */
export function AccountsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('accounts.title'));
  const viewer = useAccount();
  const [search, setSearch] = useSearchParams();
  const query = readListQuery(search);
  const apiSearch = writeListQuery(query);
  const page = useAccountPage(apiSearch);

  const [dialog, setDialog] = useState<DialogSubject | null>(null);
  const [deleting, setDeleting] = useState<ManagedAccount | null>(null);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const handleFilters = useCallback(
    (changes: Partial<ListFilters>) =>
      setSearch((current) => writeListQuery(withFilters(readListQuery(current), changes)), {
        replace: 'q' in changes,
      }),
    [setSearch],
  );
  const handleSaved = ({ account, added, notices }: SavedAccount) => {
    const saved = added
      ? t('accounts.saved.added', { email: account.email })
      : t('accounts.saved.edited', { email: account.email });
    const turnedOff = notices.map((notice) =>
      t(`accounts.notices.${notice}`, { role: t(`roles.${account.role}`) }),
    );
    setNote([saved, ...turnedOff].join(' '));
  };
  const handleIssuedPassword = (password: IssuedPassword) => {
    setDialog(null);
    setNote(null);
    setIssued(password);
  };
  const handleDeleted = (account: ManagedAccount) => {
    setDeleting(null);
    setDialog(null);
    setNote(t('accounts.saved.deleted', { email: account.email }));
  };
  const pageAddress = (direction: 'next' | 'previous', cursor: string | null | undefined) =>
    cursor ? `?${writeListQuery(atPage(query, direction, cursor))}` : null;

  if (page.isError) {
    return <QueryFailure error={page.error} onRetry={() => void page.refetch()} />;
  }
  const isFiltered = query.q !== '' || query.role !== null || query.locked !== null;
  return (
    <>
      {issued && <TemporaryPasswordBanner issued={issued} onDismiss={() => setIssued(null)} />}
      <SuccessNote>{note}</SuccessNote>

      <section className="card card-table" aria-labelledby="accounts-list">
        <div className="card-heading">
          <h2 id="accounts-list">{t('accounts.list.title')}</h2>
          <div className="card-heading-actions">
            <a className="button button-secondary" href={accountsCsvHref(apiSearch)} download>
              {t('accounts.list.downloadCsv')}
            </a>
            <Button
              className="button button-primary"
              onPress={() => {
                setNote(null);
                setDialog({ kind: 'add' });
              }}
            >
              {t('accounts.list.add')}
            </Button>
          </div>
        </div>
        <p className="card-lead">{t('accounts.list.intro')}</p>

        <AccountFilters query={query} onChange={handleFilters} />

        {page.isPending ? (
          <Loading />
        ) : (
          <AccountTable
            accounts={page.data.accounts}
            sort={query.sort}
            order={query.order}
            timeZone={viewer.timeZone}
            isFiltered={isFiltered}
            onSort={(sort) => setSearch(writeListQuery(sortedBy(query, sort)))}
            onOpen={(account) => {
              setNote(null);
              setDialog({ kind: 'edit', account });
            }}
            onDelete={setDeleting}
          />
        )}
        <Pager
          label={t('accounts.pager.label')}
          previous={pageAddress('previous', page.data?.previousCursor)}
          next={pageAddress('next', page.data?.nextCursor)}
        />
      </section>

      <AccountDialog
        subject={dialog}
        onClose={() => setDialog(null)}
        onSaved={handleSaved}
        onIssuedPassword={handleIssuedPassword}
        onDelete={setDeleting}
      />
      <DeleteAccountDialog
        account={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={handleDeleted}
      />
    </>
  );
}
