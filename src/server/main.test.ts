import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unusedPort } from './mail/test-relay.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

interface Started {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the mailroom process', () => {
  const dataDirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-main-'));
    dataDirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('starts on its embedded defaults, says where to sign in, mails the demo administrator and stops cleanly on SIGTERM', async () => {
    const port = await unusedPort();
    const base = `http://localhost:${port}`;
    const server = start({ DATA_DIR: dataDir(), PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitFor(() => server.output().includes('Mailroom is running'), 'the start banner');

      expect(server.output()).toContain(`sign in at ${base}/sign-in`);
      expect(server.output()).toContain('admin@demo.example');
      expect(server.output()).toContain(`${base}/mailbox`);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
      await waitFor(async () => {
        const { messages } = (await (await fetch(`${base}/api/mailbox`)).json()) as {
          messages: Array<{ to: string }>;
        };
        return messages.some((message) => message.to === 'admin@demo.example');
      }, "the demo administrator's temporary password mail");
    } finally {
      server.process.kill('SIGTERM');
    }

    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('keeps its data when started again, and loads the demo data only once', async () => {
    const dir = dataDir();
    for (let run = 0; run < 2; run++) {
      const port = await unusedPort();
      const server = start({ DATA_DIR: dir, PORT: String(port) });
      await waitFor(() => server.output().includes('Mailroom is running'), 'the start banner');
      const { messages } = (await (await fetch(`http://localhost:${port}/api/mailbox`)).json()) as {
        messages: unknown[];
      };
      server.process.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('admin@demo.example');
      if (run === 1) expect(messages.length).toBeGreaterThan(0);
    }
  });

  it.each([
    [
      { PORT: 'eighty' },
      'mailroom: configuration error: PORT: expected an integer from 0 to 65535, got "eighty"',
    ],
    [
      { NODE_ENV: 'production', PUBLIC_URL: 'https://console.example.com' },
      'mailroom: configuration error: SMTP_URL: expected an smtp:// or smtps:// relay in production',
    ],
  ])('refuses a bad configuration %o with one line naming the variable', async (env, line) => {
    const server = start({ DATA_DIR: dataDir(), ...env });

    expect(await server.exited).toBe(2);
    expect(server.output().trim()).toBe(line);
  });
});
