import { Command } from 'commander';
import { registerAccountCommands } from './account-commands.ts';
import { registerOrganizationCommands } from './organization-commands.ts';
import { registerRequestCommands } from './requests.ts';
import { registerRoleCommands } from './role-commands.ts';
import { withContext } from './runtime.ts';

/**
 * The `mailroom` command line of the operator. Every command reads the server's
 * configuration, migrates the database first, and prints text, or JSON with `--json`.
 * Errors are one line on stderr; the exit status is 1 when Mailroom refused the operation
 * and 2 when the command line was wrong.
 */
export function buildProgram(): Command {
  const program = new Command('mailroom')
    .description("Mailroom's operator command line")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(`mailroom: ${message.replace(/^error: /, '')}`),
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (_ctx, _command, cli) => ({
        json: { applied: cli.migrations },
        text:
          cli.migrations.length > 0
            ? `Applied migrations: ${cli.migrations.join(', ')}`
            : 'The database is up to date.',
      })),
    );

  registerOrganizationCommands(program);
  registerAccountCommands(program);
  registerRoleCommands(program);
  registerRequestCommands(program);
  return program;
}
