import { CommanderError } from 'commander';
import { buildProgram } from './program.ts';
import { EXIT_USAGE } from './runtime.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Commander has already printed its one line (or the help) by the time it throws.
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
}
