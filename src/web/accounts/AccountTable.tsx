import {
  Button,
  Cell,
  Column,
  type Key,
  Row,
  type SortDescriptor,
  Table,
  TableBody,
  TableHeader,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ManagedAccount } from '../../contract/accounts.ts';
import { formatDateTime } from '../../contract/locale.ts';
import { SORT_KEYS, type SortKey } from './list-query.ts';

interface AccountTableProps {
  accounts: readonly ManagedAccount[];
  sort: SortKey;
  order: 'asc' | 'desc';
  /** The viewer's time zone, in which the last sign-in is shown. */
  timeZone: string;
  isFiltered: boolean;
  onSort: (sort: SortKey) => void;
  onOpen: (account: ManagedAccount) => void;
  onDelete: (account: ManagedAccount) => void;
}

/**
 * The organization's accounts, one row each. A click on a row (or Enter on it) opens the
 * account; email, name and last sign-in sort by a press on their heading.
 */
export function AccountTable(props: AccountTableProps) {
  const { t } = useTranslation();
  const { accounts, timeZone } = props;

  const sortDescriptor: SortDescriptor = {
    column: props.sort,
    direction: props.order === 'asc' ? 'ascending' : 'descending',
  };
  const handleSortChange = ({ column }: SortDescriptor) => {
    const sort = SORT_KEYS.find((key) => key === column);
    if (sort) props.onSort(sort);
  };
  const handleRowAction = (key: Key) => {
    const account = accounts.find((candidate) => candidate.id === key);
    if (account) props.onOpen(account);
  };

  return (
    <div className="table-scroll">
      <Table
        aria-label={t('accounts.list.label')}
        className="table account-table"
        sortDescriptor={sortDescriptor}
        onSortChange={handleSortChange}
        onRowAction={handleRowAction}
      >
        <TableHeader className="table-header">
          <SortableColumn id="email" isRowHeader label={t('accounts.fields.email')} />
          <SortableColumn id="name" label={t('accounts.fields.name')} />
          <Column className="column">{t('accounts.fields.role')}</Column>
          <Column className="column">{t('accounts.fields.language')}</Column>
          <Column className="column">{t('accounts.fields.timeZone')}</Column>
          <Column className="column">{t('accounts.fields.totp')}</Column>
          <Column className="column">{t('accounts.fields.deliveryReport')}</Column>
          <Column className="column">{t('accounts.fields.virusAlert')}</Column>
          <Column className="column">{t('accounts.fields.locked')}</Column>
          <SortableColumn id="lastSignInAt" label={t('accounts.list.lastSignIn', { timeZone })} />
          <Column className="column">
            <span className="visually-hidden">{t('accounts.list.actions')}</span>
          </Column>
        </TableHeader>
        <TableBody
          className="table-body"
          items={accounts}
          renderEmptyState={() => (
            <p className="table-empty">
              {props.isFiltered ? t('accounts.list.noMatch') : t('accounts.list.empty')}
            </p>
          )}
        >
          {(account) => (
            <Row id={account.id} className="row" textValue={account.email}>
              <Cell className="cell cell-email">{account.email}</Cell>
              <Cell className="cell cell-name">{account.name}</Cell>
              <Cell className="cell">{t(`roles.${account.role}`)}</Cell>
              <Cell className="cell">
                <span lang={account.language}>{t(`languages.${account.language}`)}</span>
              </Cell>
              <Cell className="cell cell-zone">{account.timeZone}</Cell>
              <Cell className="cell">
                <span className={`badge badge-${account.totp}`}>
                  {t(`accounts.totp.${account.totp}`)}
                </span>
              </Cell>
              <Cell className="cell">
                <OnOff value={account.deliveryReport} />
              </Cell>
              <Cell className="cell">
                <OnOff value={account.virusAlert} />
              </Cell>
              <Cell className="cell">
                {account.locked ? (
                  <span className="badge badge-locked">{t('accounts.list.locked')}</span>
                ) : (
                  <span className="muted">{t('accounts.list.notLocked')}</span>
                )}
              </Cell>
              <Cell className="cell cell-date">
                {account.lastSignInAt ? (
                  <time dateTime={account.lastSignInAt}>
                    {formatDateTime(account.lastSignInAt, timeZone)}
                  </time>
                ) : (
                  <span className="muted">{t('accounts.list.neverSignedIn')}</span>
                )}
              </Cell>
              <Cell className="cell cell-actions">
                <Button
                  className="button button-quiet-danger"
                  aria-label={t('accounts.delete.buttonFor', { email: account.email })}
                  onPress={() => props.onDelete(account)}
                >
                  {t('accounts.delete.button')}
                </Button>
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}

function SortableColumn({
  id,
  label,
  isRowHeader,
}: {
  id: SortKey;
  label: string;
  isRowHeader?: boolean;
}) {
  return (
    <Column id={id} isRowHeader={isRowHeader} allowsSorting className="column column-sortable">
      {({ sortDirection }) => (
        <span className="column-heading">
          {label}
          <span aria-hidden="true" className="sort-mark">
            {sortDirection === 'ascending' ? '▲' : sortDirection === 'descending' ? '▼' : '↕'}
          </span>
        </span>
      )}
    </Column>
  );
}

function OnOff({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return value ? (
    <span className="badge badge-on">{t('accounts.list.on')}</span>
  ) : (
    <span className="muted">{t('accounts.list.off')}</span>
  );
}
