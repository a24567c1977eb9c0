import type { Language } from '../../contract/locale.ts';
import {
  can,
  mayReceiveDeliveryReport,
  mayReceiveVirusAlert,
  type OrganizationPlan,
  type Role,
} from '../../contract/roles.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { DUMMY_HASH, issueTemporaryPassword } from '../auth/passwords.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { FieldChecks } from '../organizations/fields.ts';
import { isUniqueViolation } from '../organizations/fields.ts';

/*
 * Adding an account, whoever adds it: a group administrator in the account dialog or the
 * operator on the command line. Both check their own inputs first, then come here.
 */

/** A new account whose fields were checked, in the organization that gets it. */
export interface CheckedNewAccount {
  organization: OrganizationPlan & { id: string; name: string };
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  totp: boolean;
  deliveryReport: boolean;
  virusAlert: boolean;
}

/**
 * Adds the problems of mail options the role or the plan forbids: the delivery report for
 * accountants, virus detection mails for roles without that right or organizations without
 * the Pro plan and its virus check option.
 */
export function checkMailOptions(
  checks: FieldChecks,
  role: Role,
  organization: OrganizationPlan,
  options: { deliveryReport?: boolean; virusAlert?: boolean },
): void {
  if (options.deliveryReport && !mayReceiveDeliveryReport(role)) {
    checks.add('deliveryReport', 'option_forbidden_by_role');
  }
  if (options.virusAlert && !can(role, 'receiveVirusAlert')) {
    checks.add('virusAlert', 'option_forbidden_by_role');
  } else if (options.virusAlert && !mayReceiveVirusAlert(role, organization)) {
    checks.add('virusAlert', 'option_forbidden_by_plan');
  }
}

/**
 * Inserts the account, records it in the audit trail and issues its temporary password,
 * whose mail is queued, all in `trx`: if anything fails, there is neither an account nor a
 * mail. Login IDs are unique across the service; a taken one is refused on the `email`
 * field. Returns the new account's id.
 */
export async function createAccountWithTemporaryPassword(
  ctx: AppContext,
  trx: Database,
  account: CheckedNewAccount,
  actor: Actor,
): Promise<string> {
  const taken = await trx
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', account.email)
    .executeTakeFirst();
  if (taken) throw AppError.field('email', 'email_taken');

  const now = ctx.clock.now();
  const id = newId();
  const { organization, totp, ...fields } = account;
  try {
    await trx
      .insertInto('accounts')
      .values({
        ...fields,
        id,
        organizationId: organization.id,
        // Nobody knows this password; the temporary one below replaces it before commit.
        passwordHash: DUMMY_HASH,
        passwordTemporary: true,
        passwordExpiresAt: now.toISOString(),
        totpEnabled: totp,
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        locked: false,
        lastSignInAt: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .execute();
  } catch (error) {
    // Another writer took the same email between the check and the insert.
    if (isUniqueViolation(error)) throw AppError.field('email', 'email_taken');
    throw error;
  }

  await recordAudit(
    trx,
    {
      action: 'account.created',
      organizationId: organization.id,
      actorAccountId: actor.accountId,
      actor: actor.label,
      targetAccountId: id,
      target: account.email,
      clientAddress: actor.clientAddress,
      details: {
        role: account.role,
        language: account.language,
        timeZone: account.timeZone,
        totp,
        deliveryReport: account.deliveryReport,
        virusAlert: account.virusAlert,
      },
    },
    now,
  );
  await issueTemporaryPassword(
    ctx,
    trx,
    { ...fields, id, organizationName: organization.name },
    actor,
  );
  return id;
}
