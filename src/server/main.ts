import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { SecretBox } from './crypto.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadDemoData } from './demo/seed.ts';
import { createLogger } from './logger.ts';
import { startMailbox } from './mail/mailbox.ts';
import { MailWorker } from './mail/worker.ts';

/**
 * Starts Mailroom: checks the configuration, migrates, loads demo data on an empty embedded
 * database, starts the mail worker and serves HTTP. SIGTERM and SIGINT stop accepting
 * requests, let in-flight requests and the mail being sent finish, then exit.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mailroom: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const logger = createLogger(config);
  const handle = openDatabase(config.database, logger);
  const ctx: AppContext = {
    config,
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    secretBox: new SecretBox(config.secretKey),
    logger,
  };

  const applied = await migrateToLatest(ctx.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const mailbox = config.smtp.kind === 'mailbox' ? await startMailbox(ctx, config.smtp.port) : null;
  const smtpUrl = mailbox ? mailbox.smtpUrl : (config.smtp as { url: string }).url;
  if (mailbox) {
    logger.warn(
      { smtp: mailbox.smtpUrl, mailbox: new URL('/mailbox', config.publicUrl).href },
      'no SMTP_URL set: mail goes to the built-in mailbox, readable from this machine only',
    );
  }

  const demo = config.demoData ? await loadDemoData(ctx) : null;

  const worker = new MailWorker(ctx, { smtpUrl });
  worker.start();

  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.port });

  const signIn = new URL('/sign-in', config.publicUrl).href;
  const lines = [`Mailroom is running: sign in at ${signIn}`];
  if (demo) lines.push(`Demo group administrator: ${demo.adminEmail} (${demo.note})`);
  if (mailbox)
    lines.push(`Mail sent by the console: ${new URL('/mailbox', config.publicUrl).href}`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await worker.stop();
    await mailbox?.close();
    await handle.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `mailroom: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
