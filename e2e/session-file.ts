import { join } from 'node:path';

/**
 * Where the foundation test leaves the signed-in browser state of the demo group
 * administrator, for the checks that need a session and run after it.
 */
export function adminSessionFile(): string {
  const dataDir = process.env.MAILROOM_E2E_DATA_DIR;
  if (!dataDir) throw new Error('MAILROOM_E2E_DATA_DIR is set by playwright.config.ts');
  return join(dataDir, 'admin-session.json');
}
