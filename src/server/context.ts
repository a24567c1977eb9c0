import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { SecretBox } from './crypto.ts';
import type { Database, Dialect } from './db/database.ts';

/** What every service needs, built once at start and passed down explicitly. */
export interface AppContext {
  config: Config;
  db: Database;
  dialect: Dialect;
  clock: Clock;
  secretBox: SecretBox;
  logger: Logger;
}
