/** `crewcount serve` names its database when it starts, without the password of a postgres:// URL. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgUrl } from '../helpers/db.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('crewcount serve on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await freshPgUrl());
  });
  afterAll(async () => {
    await drop?.();
  });

  it('prints the database URL with its password hidden', async () => {
    // The test cluster trusts local connections, so a made-up password still connects; a URL with one of its own keeps it.
    const parsed = new URL(url);
    if (!parsed.password) parsed.password = 'hunter2';
    const free = http.createServer().listen(0, '127.0.0.1');
    await once(free, 'listening');
    const port = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--db', parsed.href, '--port', String(port)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString('utf8');
          if (stderr.includes('uploads:')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      expect(stderr).toContain(`(database: postgres://${parsed.username}:***@${parsed.host}${parsed.pathname})`);
      expect(stderr).not.toContain(parsed.password);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  });
});
