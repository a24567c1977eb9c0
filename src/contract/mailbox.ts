/**
 * The built-in mailbox API's shapes (docs/api.md, "Built-in mailbox"), in one place that
 * both the server (which answers with them) and the browser (which lists and shows mails)
 * import.
 */

/** A mail in the mailbox's list. */
export interface MailboxEntry {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
}

/** A mail as the mailbox shows it: the list entry plus the plain-text body. */
export interface MailboxMessage extends MailboxEntry {
  text: string;
}
