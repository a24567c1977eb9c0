import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { type Database, precompiled } from '../db/database.ts';

/*
 * Sign-in throttling per login ID, whether or not an account has it. After
 * FAILURES_BEFORE_WAIT consecutive failures every further attempt has to wait: one minute,
 * then twice as long after each failure, at most fifteen minutes. A success resets it.
 *
 * Each attempt is counted as a failure before the password or code is checked, in one
 * statement that also refuses it while the login waits. Attempts sent in parallel therefore
 * cannot slip through together before the first of them is counted; a success then clears
 * the count.
 */

export const FAILURES_BEFORE_WAIT = 5;
const FIRST_WAIT_MINUTES = 1;
const LONGEST_WAIT_MINUTES = 15;

/** The wait after `failures` consecutive failures, in minutes (0 before the fifth). */
export function waitMinutes(failures: number): number {
  if (failures < FAILURES_BEFORE_WAIT) return 0;
  const doubled = FIRST_WAIT_MINUTES * 2 ** (failures - FAILURES_BEFORE_WAIT);
  return Math.min(doubled, LONGEST_WAIT_MINUTES);
}

/** How many failures it takes for the wait to stop growing. */
const LAST_GROWING_FAILURE =
  FAILURES_BEFORE_WAIT + Math.ceil(Math.log2(LONGEST_WAIT_MINUTES / FIRST_WAIT_MINUTES));

export type AttemptAdmission =
  | { admitted: true; failuresBefore: number }
  | { admitted: false; retryAfterSeconds: number };

/** Login IDs are emails, compared lowercased. */
export function loginKey(email: string): string {
  return email.toLowerCase();
}

/** The values of the statement that counts an attempt: the time, and each wait that may start. */
type CountValues = { login: string; now: string; firstWait: string | null } & Record<
  `waitAfter${number}`,
  string
>;

/*
 * Counts the attempt, unless the login is waiting. A first failure inserts the row; later
 * ones count up. The wait that starts if this attempt fails is chosen from the count before
 * it: timestamps are computed by the caller rather than in SQL, which SQLite and PostgreSQL
 * spell differently.
 */
const countAttempt = precompiled<CountValues, { failures: number }>((db, values) => {
  let blockedUntil = sql<string | null>`null`;
  for (let failures = LAST_GROWING_FAILURE; failures >= FAILURES_BEFORE_WAIT; failures--) {
    const comparison = sql.raw(failures === LAST_GROWING_FAILURE ? '>=' : '=');
    blockedUntil = sql<
      string | null
    >`case when sign_in_throttles.failures + 1 ${comparison} ${sql.lit(failures)} then ${values[`waitAfter${failures}`]} else ${blockedUntil} end`;
  }
  return db
    .insertInto('signInThrottles')
    .values({
      login: values.login,
      failures: 1,
      blockedUntil: values.firstWait,
      updatedAt: values.now,
    })
    .onConflict((conflict) =>
      conflict
        .column('login')
        .doUpdateSet({
          failures: sql<number>`sign_in_throttles.failures + 1`,
          blockedUntil,
          updatedAt: values.now,
        })
        .where((eb) =>
          eb.or([
            eb('signInThrottles.blockedUntil', 'is', null),
            eb('signInThrottles.blockedUntil', '<=', values.now),
          ]),
        ),
    )
    .returning(['failures']);
});

const forgetFailures = precompiled<{ login: string }, never>((db, values) =>
  db.deleteFrom('signInThrottles').where('login', '=', values.login),
);

/**
 * Admits one sign-in attempt for `login` and counts it as a failure until `clearFailures`
 * says otherwise; refuses it, counting nothing, while the login has to wait.
 */
export async function admitAttempt(ctx: AppContext, login: string): Promise<AttemptAdmission> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const waitUntil = (failures: number) =>
    new Date(now.getTime() + waitMinutes(failures) * 60_000).toISOString();

  const values: CountValues = {
    login,
    now: nowIso,
    firstWait: waitMinutes(1) > 0 ? waitUntil(1) : null,
  };
  for (let failures = FAILURES_BEFORE_WAIT; failures <= LAST_GROWING_FAILURE; failures++) {
    values[`waitAfter${failures}`] = waitUntil(failures);
  }
  const [counted] = await countAttempt.run(ctx.db, ctx.db, values);
  if (counted) return { admitted: true, failuresBefore: Number(counted.failures) - 1 };

  const waiting = await ctx.db
    .selectFrom('signInThrottles')
    .select('blockedUntil')
    .where('login', '=', login)
    .executeTakeFirst();
  const until = waiting?.blockedUntil ? Date.parse(waiting.blockedUntil) : now.getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return { admitted: false, retryAfterSeconds };
}

/**
 * After a successful attempt the failures of `login` are forgotten; `db` is the transaction
 * of `root` that completes the step.
 */
export async function clearFailures(root: Database, db: Database, login: string): Promise<void> {
  await forgetFailures.run(root, db, { login });
}
