import type { Command } from 'commander';
import pino from 'pino';
import { systemClock } from '../server/clock.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import type { AppContext } from '../server/context.ts';
import { SecretBox } from '../server/crypto.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { AppError } from '../server/errors.ts';
import { createLogger } from '../server/logger.ts';
import { errorMessage, fieldMessage } from '../server/messages.ts';
import {
  findOrganizationByClientNumber,
  type Organization,
} from '../server/organizations/service.ts';

/*
 * What every command shares: the configuration and database the server uses, the one-line
 * error on stderr, the exit status, and text or JSON on stdout.
 */

/** The operation was refused: unknown client number or email, a rule of the service. */
export const EXIT_REFUSED = 1;
/** The command line itself is wrong: a missing option, a malformed value. */
export const EXIT_USAGE = 2;

/** What a command answers: JSON for scripts (`--json`), text for people. */
export interface CommandResult {
  json: unknown;
  text: string;
}

/** A problem worded for the operator, printed as `mailroom: <message>`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command's context: the server's, with the schema brought up to date. */
export interface CliContext {
  ctx: AppContext;
  /** Migrations this start applied, by name. */
  migrations: string[];
  close(): Promise<void>;
}

/**
 * Reads the server's configuration (DATABASE_URL or DATA_DIR, SECRET_KEY, ...), opens the
 * database and migrates it, so a command never meets an older schema.
 */
export async function openCliContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const config = loadConfig(env);
  // Logs go to stderr, quiet by default: stdout carries the answer scripts parse.
  const logger = createLogger({ logLevel: env.LOG_LEVEL || 'warn' }, pino.destination(2));
  const handle = openDatabase(config.database);
  try {
    const migrations = await migrateToLatest(handle.db);
    const ctx: AppContext = {
      config,
      db: handle.db,
      dialect: handle.dialect,
      clock: systemClock,
      secretBox: new SecretBox(config.secretKey),
      logger,
    };
    return { ctx, migrations, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** How a service's field name reads on the command line, e.g. `timeZone` as `--time-zone`. */
export type OptionLabels = Record<string, string>;

const DEFAULT_LABELS: OptionLabels = {
  clientNumber: 'CLIENT_NUMBER',
  email: '--email',
  name: '--name',
  plan: '--plan',
  virusCheckOption: '--virus-check',
  role: '--to',
  language: '--language',
  timeZone: '--time-zone',
};

// The console's wording asks the user to pick from a list; the command line has none.
const COMMAND_LINE_RULES: Record<string, string> = {
  time_zone: 'not an IANA time zone (for example Asia/Tokyo or UTC).',
  language: 'must be en or ja.',
  invalid_email: 'not a valid email address.',
  option_forbidden_by_plan: 'needs the Pro plan.',
};

/**
 * Runs a command: opens the context, lets `run` act, prints its result as text or JSON
 * (`--json`), closes the database. Failures become one line on stderr and an exit status.
 */
export function withContext(
  run: (ctx: AppContext, command: Command, cli: CliContext) => Promise<CommandResult>,
  labels: OptionLabels = {},
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    let cli: CliContext | undefined;
    try {
      cli = await openCliContext();
      const result = await run(cli.ctx, command, cli);
      const json = command.opts<{ json?: boolean }>().json;
      process.stdout.write(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
    } catch (error) {
      const problem = asCliError(error, { ...DEFAULT_LABELS, ...labels });
      process.stderr.write(`mailroom: ${problem.message}\n`);
      process.exitCode = problem.exitCode;
    } finally {
      await cli?.close();
    }
  };
}

/** Words any failure as the one line the operator reads, with the exit status it deserves. */
export function asCliError(error: unknown, labels: OptionLabels = DEFAULT_LABELS): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ConfigError) {
    return new CliError(`configuration error: ${error.message}`, EXIT_USAGE);
  }
  if (error instanceof AppError) {
    const exitCode = error.code === 'validation_failed' ? EXIT_USAGE : EXIT_REFUSED;
    if (error.fields.length === 0) return new CliError(errorMessage('en', error.code), exitCode);
    const problems = error.fields.map((field) => {
      const wording =
        COMMAND_LINE_RULES[field.rule] ?? fieldMessage('en', field.rule, field.params);
      return `${labels[field.field] ?? field.field}: ${wording}`;
    });
    return new CliError(problems.join(' '), exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`failed: ${message.split('\n')[0]}`, EXIT_REFUSED);
}

/** The organization with this client number, or the refusal naming CLIENT_NUMBER. */
export async function requireOrganization(
  ctx: AppContext,
  clientNumber: string,
): Promise<Organization> {
  const organization = await findOrganizationByClientNumber(ctx, clientNumber);
  if (!organization) {
    throw new AppError('not_found', [{ field: 'clientNumber', rule: 'unknown_client_number' }]);
  }
  return organization;
}
