import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Language } from '../../contract/locale.ts';
import type { Plan, Role } from '../../contract/roles.ts';
import { isoAfter } from '../clock.ts';
import type { AppContext } from '../context.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { precompiled } from '../db/database.ts';
import type { Schema, SessionStage } from '../db/schema.ts';

/** The signed-in account as every route sees it, with its organization. */
export interface Principal {
  sessionId: string;
  stage: SessionStage;
  account: {
    id: string;
    organizationId: string;
    email: string;
    name: string;
    role: Role;
    language: Language;
    timeZone: string;
    totpEnabled: boolean;
  };
  organization: {
    id: string;
    name: string;
    clientNumber: string;
    plan: Plan;
    virusCheckOption: boolean;
  };
}

/** `__Host-` binds the cookie to this origin; browsers accept that prefix on HTTPS only. */
export function sessionCookieName(ctx: AppContext): string {
  return ctx.config.publicUrl.protocol === 'https:'
    ? '__Host-mailroom_session'
    : 'mailroom_session';
}

/** Writing last_seen_at on every request would turn reads into writes; once a minute will do. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

// Every sign-in step runs these: compiled once (see precompiled).
interface NewSession {
  id: string;
  accountId: string;
  stage: SessionStage;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientAddress: string | null;
}
const insertSession = precompiled<NewSession, never>((db, values) =>
  db.insertInto('sessions').values({
    id: values.id,
    accountId: values.accountId,
    stage: values.stage,
    createdAt: values.createdAt,
    lastSeenAt: values.lastSeenAt,
    expiresAt: values.expiresAt,
    clientAddress: values.clientAddress,
  }),
);
const deleteSession = precompiled<{ id: string }, never>((db, values) =>
  db.deleteFrom('sessions').where('id', '=', values.id),
);

/**
 * Starts a session at `stage` and sets its cookie. Called at sign-in and at every step up
 * (temporary password left, code confirmed): each step gets a new token, and the old one
 * is deleted in the same transaction.
 */
export async function startSession(
  ctx: AppContext,
  db: Kysely<Schema>,
  reply: FastifyReply,
  accountId: string,
  stage: SessionStage,
  replacing?: string,
): Promise<void> {
  const now = ctx.clock.now();
  const token = randomToken();
  if (replacing) await deleteSession.run(ctx.db, db, { id: replacing });
  await insertSession.run(ctx.db, db, {
    id: sha256(token),
    accountId,
    stage,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: isoAfter(now, ctx.config.sessionAbsoluteHours * 3_600_000),
    clientAddress: reply.request.ip,
  });
  reply.setCookie(sessionCookieName(ctx), token, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  });
}

/** Ends the request's session on the server and clears the cookie. */
export async function endSession(
  ctx: AppContext,
  reply: FastifyReply,
  sessionId: string,
): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  reply.clearCookie(sessionCookieName(ctx), {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  });
}

/** Ends every session of an account (lock, deletion, password change, key reissue). */
export async function endAccountSessions(
  db: Kysely<Schema>,
  accountId: string,
  exceptSessionId?: string,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('accountId', '=', accountId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

/**
 * Finds the request's session, whatever its stage. Expired sessions (idle or absolute) and
 * sessions of locked accounts are deleted and count as none, so a lock takes effect at once.
 */
export async function findSession(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<Principal | null> {
  const token = request.cookies[sessionCookieName(ctx)];
  if (!token) return null;
  const sessionId = sha256(token);

  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.accountId')
    .innerJoin('organizations', 'organizations.id', 'accounts.organizationId')
    .select([
      'sessions.id as sessionId',
      'sessions.stage',
      'sessions.lastSeenAt',
      'sessions.expiresAt',
      'accounts.id as accountId',
      'accounts.organizationId',
      'accounts.email',
      'accounts.name as accountName',
      'accounts.role',
      'accounts.language',
      'accounts.timeZone',
      'accounts.totpEnabled',
      'accounts.locked',
      'organizations.name as organizationName',
      'organizations.clientNumber',
      'organizations.plan',
      'organizations.virusCheckOption',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;

  const now = ctx.clock.now();
  const idleLimit = isoAfter(now, -ctx.config.sessionIdleMinutes * 60_000);
  if (row.locked || row.expiresAt <= now.toISOString() || row.lastSeenAt <= idleLimit) {
    await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.lastSeenAt) > LAST_SEEN_RESOLUTION_MS) {
    await ctx.db
      .updateTable('sessions')
      .set({ lastSeenAt: now.toISOString() })
      .where('id', '=', sessionId)
      .execute();
  }

  return {
    sessionId,
    stage: row.stage,
    account: {
      id: row.accountId,
      organizationId: row.organizationId,
      email: row.email,
      name: row.accountName,
      role: row.role,
      language: row.language,
      timeZone: row.timeZone,
      totpEnabled: Boolean(row.totpEnabled),
    },
    organization: {
      id: row.organizationId,
      name: row.organizationName,
      clientNumber: row.clientNumber,
      plan: row.plan,
      virusCheckOption: Boolean(row.virusCheckOption),
    },
  };
}
