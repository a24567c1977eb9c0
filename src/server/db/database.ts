import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  type Compilable,
  type CompiledQuery,
  Kysely,
  type KyselyPlugin,
  PostgresDialect,
  type QueryResult,
  SqliteDialect,
  type UnknownRow,
} from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { BOOLEAN_COLUMNS, type Schema } from './schema.ts';

export type Database = Kysely<Schema>;
export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens SQLite or PostgreSQL behind one Kysely interface. The differences between the two
 * drivers are settled here and nowhere else: SQLite binds no booleans and returns 0/1,
 * PostgreSQL returns 64-bit counts as strings.
 */
export function openDatabase(
  database: Config['database'],
  logger?: Pick<Logger, 'warn'>,
): DatabaseHandle {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      types: { getTypeParser: postgresTypeParser },
    });
    // An idle connection the server closes (restart, failover) is dropped and replaced by the
    // pool; unheard, its error event would crash the process.
    pool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection closed'));
    const db = new Kysely<Schema>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
    });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }

  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  const sqlite = new SQLite(database.path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: withBooleanParameters(sqlite) }),
    plugins: [new CamelCasePlugin(), new SqliteBooleanResults()],
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * A statement of a hot path, built and compiled by Kysely once per database and then run
 * with new values: building and compiling a query costs more than running it on a small
 * table. `build` receives stand-ins for the values and must not branch on them; every value
 * that varies between runs has to come from them.
 *
 * @example
 * const byEmail = precompiled<{ email: string }, Account>((db, v) =>
 *   db.selectFrom('accounts').selectAll().where('email', '=', v.email));
 * const rows = await byEmail.run(ctx.db, trx, { email });
 */
export function precompiled<Values extends object, Row>(
  build: (db: Database, values: Values) => Compilable<Row>,
): { run(root: Database, db: Database, values: Values): Promise<Row[]> } {
  const compiled = new WeakMap<Database, { query: CompiledQuery<Row>; slots: string[] }>();
  const stand = (name: string) => `\u0000value:${name}\u0000`;
  const standIns = new Proxy({} as Values, { get: (_target, name) => stand(String(name)) });

  const compile = (root: Database) => {
    const query = build(root, standIns).compile();
    // Which value each parameter takes, by name; the others are constants of the query.
    const slots = query.parameters.map((parameter) =>
      typeof parameter === 'string' && parameter.startsWith('\u0000value:')
        ? parameter.slice('\u0000value:'.length, -1)
        : '',
    );
    const entry = { query, slots };
    compiled.set(root, entry);
    return entry;
  };

  return {
    /** Runs the statement on `db` (`root` itself or one of its transactions). */
    async run(root, db, values) {
      const { query, slots } = compiled.get(root) ?? compile(root);
      const parameters = query.parameters.map((constant, index) => {
        const name = slots[index];
        return name ? values[name as keyof Values] : constant;
      });
      const result = await db.executeQuery<Row>({ ...query, parameters });
      return result.rows;
    },
  };
}

// int8 (counts, sums) and numeric as numbers: Mailroom's counts stay far below 2^53.
const INT8 = 20;
const NUMERIC = 1700;

function postgresTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return Number;
  return pg.types.getTypeParser(oid, format as 'text');
}

/** Queries with a variable number of parameters (IN lists) make new SQL; keep the cache bounded. */
const MAX_CACHED_STATEMENTS = 500;

type SqliteDatabase = ConstructorParameters<typeof SqliteDialect>[0]['database'];

/** Wraps better-sqlite3 so that `true`/`false` parameters bind as 1/0. */
function withBooleanParameters(sqlite: SQLite.Database): SqliteDatabase {
  const bind = (parameters: readonly unknown[]) =>
    parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));
  // Kysely prepares every query it runs; compiling the same SQL again costs more than the
  // query itself on a small table, so each distinct statement is compiled once.
  const statements = new Map<string, SQLite.Statement>();
  const cachedStatement = (sql: string): SQLite.Statement => {
    const cached = statements.get(sql);
    // A statement still being iterated (a streamed export) cannot run again until it ends.
    if (cached && !cached.busy) return cached;
    const statement = sqlite.prepare(sql);
    if (!cached && statements.size < MAX_CACHED_STATEMENTS) statements.set(sql, statement);
    return statement;
  };
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const statement = cachedStatement(sql);
      return {
        reader: statement.reader,
        all: (parameters: readonly unknown[]) => statement.all(bind(parameters)),
        run: (parameters: readonly unknown[]) => statement.run(bind(parameters)),
        iterate: (parameters: readonly unknown[]) => statement.iterate(bind(parameters)),
      };
    },
  } as SqliteDatabase;
}

/** Turns SQLite's 0/1 back into booleans for the columns the schema declares boolean. */
class SqliteBooleanResults implements KyselyPlugin {
  transformQuery: KyselyPlugin['transformQuery'] = (args) => args.node;

  async transformResult(args: {
    result: QueryResult<UnknownRow>;
  }): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key of Object.keys(row)) {
        if (BOOLEAN_COLUMNS.has(key) && typeof row[key] === 'number') row[key] = row[key] === 1;
      }
    }
    return args.result;
  }
}
