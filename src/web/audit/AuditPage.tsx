import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AUDIT_ACTIONS, type AuditAction, isAuditAction } from '../../contract/audit.ts';
import { formatDateTime } from '../../contract/locale.ts';
import { auditKey } from '../accounts/accounts-queries.ts';
import { QueryFailure } from '../accounts/NotAllowed.tsx';
import { Pager } from '../accounts/Pager.tsx';
import { useAccount } from '../shell/account-context.ts';
import { Loading } from '../shell/PageStates.tsx';
import { ChoiceSelect } from '../ui/ChoiceSelect.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { AuditDetails } from './AuditDetails.tsx';
import {
  type AuditQuery,
  auditApi,
  auditCsvHref,
  readAuditQuery,
  writeAuditQuery,
} from './audit-api.ts';

const ANY = 'any';

/**
 * The organization's audit trail, newest first: who did what to which account, when (in
 * the viewer's zone), from where, and what changed. Filters by account, actor and action.
 */
export function AuditPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('audit.title'));
  const viewer = useAccount();
  const [search, setSearch] = useSearchParams();
  const query = readAuditQuery(search);
  const page = useQuery({
    queryKey: [...auditKey, writeAuditQuery(query).toString()],
    queryFn: () => auditApi.page(query),
    placeholderData: keepPreviousData,
  });

  if (page.isError) return <QueryFailure error={page.error} onRetry={() => void page.refetch()} />;
  const nextCursor = page.data?.nextCursor;
  return (
    <section className="card card-table" aria-labelledby="audit-title">
      <div className="card-heading">
        <h2 id="audit-title">{t('audit.title')}</h2>
        <div className="card-heading-actions">
          <a className="button button-secondary" href={auditCsvHref(query)} download>
            {t('audit.downloadCsv')}
          </a>
        </div>
      </div>
      <p className="card-lead">{t('audit.intro', { timeZone: viewer.timeZone })}</p>

      <AuditFilters
        key={search.toString()}
        query={query}
        onApply={(filters) => setSearch(writeAuditQuery({ ...filters, after: null }))}
      />

      {page.isPending ? (
        <Loading />
      ) : page.data.events.length === 0 ? (
        <p className="table-empty">{t('audit.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table audit-table">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead className="table-header">
              <tr>
                <th scope="col" className="column">
                  {t('audit.occurredAt', { timeZone: viewer.timeZone })}
                </th>
                <th scope="col" className="column">
                  {t('audit.actor')}
                </th>
                <th scope="col" className="column">
                  {t('audit.action')}
                </th>
                <th scope="col" className="column">
                  {t('audit.account')}
                </th>
                <th scope="col" className="column">
                  {t('audit.clientAddress')}
                </th>
                <th scope="col" className="column">
                  {t('audit.details')}
                </th>
              </tr>
            </thead>
            <tbody className="table-body">
              {page.data.events.map((event) => (
                <tr key={event.id} className="row row-static">
                  <td className="cell cell-date">
                    <time dateTime={event.occurredAt}>
                      {formatDateTime(event.occurredAt, viewer.timeZone)}
                    </time>
                  </td>
                  <td className="cell">
                    {event.actor === 'operator' ? t('audit.operator') : event.actor}
                  </td>
                  <td className="cell">
                    {isAuditAction(event.action)
                      ? t(`audit.actions.${event.action}`)
                      : event.action}
                  </td>
                  <td className="cell">{event.target ?? <span className="muted">—</span>}</td>
                  <td className="cell cell-zone">
                    {event.clientAddress ?? <span className="muted">—</span>}
                  </td>
                  <td className="cell">
                    <AuditDetails details={event.details} timeZone={viewer.timeZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={t('audit.pager')}
        previous={query.after ? `?${writeAuditQuery({ ...query, after: null })}` : null}
        next={nextCursor ? `?${writeAuditQuery({ ...query, after: nextCursor })}` : null}
        previousLabel={t('audit.newest')}
        nextLabel={t('audit.older')}
      />
    </section>
  );
}

interface AuditFiltersProps {
  query: AuditQuery;
  onApply: (filters: AuditQuery) => void;
}

/** The account, actor and action filters, applied together with the Filter button. */
function AuditFilters({ query, onApply }: AuditFiltersProps) {
  const { t } = useTranslation();
  const [action, setAction] = useState<AuditAction | null>(query.action);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onApply({
      account: String(form.get('account')),
      actor: String(form.get('actor')),
      action,
      after: null,
    });
  };

  const actionChoices = [
    { id: ANY, label: t('audit.anyAction') },
    ...AUDIT_ACTIONS.map((id) => ({ id, label: t(`audit.actions.${id}`) })),
  ];
  return (
    <Form className="filters" role="search" aria-label={t('audit.filters')} onSubmit={handleSubmit}>
      <TextInput
        name="account"
        type="email"
        label={t('audit.account')}
        defaultValue={query.account}
        className="filter-search"
      />
      <TextInput
        name="actor"
        label={t('audit.actor')}
        defaultValue={query.actor}
        className="filter-search"
      />
      <ChoiceSelect
        label={t('audit.action')}
        className="filter-select"
        choices={actionChoices}
        value={action ?? ANY}
        onChange={(id) => setAction(isAuditAction(id) ? id : null)}
      />
      <Button type="submit" className="button button-primary filter-submit">
        {t('audit.filter')}
      </Button>
    </Form>
  );
}
