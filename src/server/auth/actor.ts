/**
 * Who changes an account's credentials: a group administrator or the account itself (with
 * its id), or the operator's command line (`accountId` null, label `operator`).
 */
export interface Actor {
  accountId: string | null;
  /** As the audit trail shows it: the actor's email, or `operator`. */
  label: string;
  clientAddress: string | null;
  /** The session the actor works in, kept when its own account's sessions end. */
  sessionId?: string;
}
