import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * Indexes for the account list's sort by last sign-in and its prefix search. The search
 * compares text ranges, which must follow code point order to find every prefix match:
 * SQLite's default collation does; on PostgreSQL the database's collation may be a
 * language's, so the search expressions there carry COLLATE "C" and so do their indexes.
 */

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's schema
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // Never signed in sorts as '' (before any date), so that one index serves both orders.
  await sql`create index accounts_organization_last_sign_in
    on accounts (organization_id, coalesce(last_sign_in_at, ''), id)`.execute(db);

  if (postgres) {
    await sql`create index accounts_organization_email_prefix
      on accounts (organization_id, email collate "C")`.execute(db);
    await sql`create index accounts_organization_name_prefix
      on accounts (organization_id, lower(name) collate "C")`.execute(db);
  } else {
    // accounts_organization_email already serves the email prefix on SQLite.
    await sql`create index accounts_organization_name_prefix
      on accounts (organization_id, lower(name))`.execute(db);
  }
}
