import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * What the account list needs to page in constant time by any of its sorts, and to search
 * by prefix with an index seek.
 *
 * Paging by last sign-in compares (key, id) pairs, and an account that never signed in
 * needs a key too: last_sign_in_key is the time, or '' (before any time). It is a
 * generated column rather than an expression index because SQLite seeks a pair comparison
 * only on real columns; the database keeps it up to date, so writers never mention it.
 *
 * The prefix search compares text ranges, which must follow code point order to find every
 * match: SQLite's default collation does; on PostgreSQL the database's collation may be a
 * language's, so the search expressions there carry COLLATE "C" and so do their indexes.
 */

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's schema
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // SQLite can add only a virtual generated column to an existing table; PostgreSQL 15 only
  // a stored one. Either way the key is always the row's own.
  await sql`alter table accounts add column last_sign_in_key text
    generated always as (coalesce(last_sign_in_at, '')) ${sql.raw(postgres ? 'stored' : 'virtual')}`.execute(
    db,
  );
  await db.schema
    .createIndex('accounts_organization_last_sign_in')
    .on('accounts')
    .columns(['organization_id', 'last_sign_in_key', 'id'])
    .execute();

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
