import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { queryKeys, useMeta } from '../session.ts';
import { NotFoundPage } from '../shell/NotFoundPage.tsx';
import { LoadFailed, Loading } from '../shell/PageStates.tsx';
import { DateTime } from '../ui/DateTime.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';

/** Nobody is signed in here, so times are shown in this computer's own zone. */
const browserTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The built-in mailbox of the embedded setup: every mail the console sent, newest first, and
 * the chosen one's text. Open without signing in, since the server serves it to this machine
 * only.
 */
export function MailboxPage() {
  const meta = useMeta();
  if (meta.isPending) return <Loading />;
  if (!meta.data?.mailboxEnabled) return <NotFoundPage />;
  return <Mailbox />;
}

function Mailbox() {
  const { t } = useTranslation();
  const { messageId } = useParams();
  useDocumentTitle(t('mailbox.title'));
  const mailbox = useQuery({
    queryKey: queryKeys.mailbox,
    queryFn: api.mailbox,
    // New mail arrives without anyone doing anything here: a temporary password, a report.
    refetchInterval: 5_000,
  });

  return (
    <div className="page page-wide">
      <div className="page-heading">
        <h1>{t('mailbox.title')}</h1>
        <div className="page-actions">
          <Link to="/sign-in">{t('mailbox.signIn')}</Link>
          <Button className="button button-secondary" onPress={() => void mailbox.refetch()}>
            {t('mailbox.refresh')}
          </Button>
        </div>
      </div>
      <p className="lead">{t('mailbox.intro')}</p>

      <div className="mailbox">
        <section className="card mailbox-list" aria-labelledby="mailbox-messages">
          <h2 id="mailbox-messages" className="visually-hidden">
            {t('mailbox.messages')}
          </h2>
          {mailbox.isPending && <Loading />}
          {mailbox.isError && <LoadFailed onRetry={() => void mailbox.refetch()} />}
          {mailbox.data?.messages.length === 0 && <p>{t('mailbox.empty')}</p>}
          {mailbox.data && mailbox.data.messages.length > 0 && (
            <ul className="message-list">
              {mailbox.data.messages.map((message) => (
                <li key={message.id}>
                  <Link
                    to={`/mailbox/${message.id}`}
                    className="message-link"
                    aria-current={message.id === messageId ? 'page' : undefined}
                  >
                    <span className="message-subject">
                      {message.subject || t('mailbox.noSubject')}
                    </span>
                    <span className="message-to">{message.to}</span>
                    <span className="message-time">
                      <DateTime iso={message.receivedAt} timeZone={browserTimeZone} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card mailbox-reader" aria-live="polite">
          {messageId ? <MailboxMessage id={messageId} /> : <p>{t('mailbox.choose')}</p>}
        </section>
      </div>
    </div>
  );
}

function MailboxMessage({ id }: { id: string }) {
  const { t } = useTranslation();
  const message = useQuery({
    queryKey: [...queryKeys.mailbox, id],
    queryFn: () => api.mailboxMessage(id),
  });

  if (message.isPending) return <Loading />;
  if (message.isError) return <LoadFailed onRetry={() => void message.refetch()} />;
  return (
    <article aria-labelledby="mail-subject">
      <h2 id="mail-subject">{message.data.subject || t('mailbox.noSubject')}</h2>
      <dl className="facts facts-compact">
        <dt>{t('mailbox.from')}</dt>
        <dd>{message.data.from}</dd>
        <dt>{t('mailbox.to')}</dt>
        <dd>{message.data.to}</dd>
        <dt>{t('mailbox.receivedAt')}</dt>
        <dd>
          <DateTime iso={message.data.receivedAt} timeZone={browserTimeZone} />
        </dd>
      </dl>
      <pre className="mail-text">{message.data.text}</pre>
    </article>
  );
}
