/**
 * The command line as a process among others: `serve` on a port it cannot
 * have says so and exits (it used to announce itself and serve nothing),
 * a bad --port or PORT is one line, not a stack trace; a reader that stops
 * early (`| head`) ends an export quietly; filters an export cannot apply
 * are refused rather than ignored.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { tempDir } from '../helpers/db.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function crewcount(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  // The timeout only stops a hang (the bug this file guards against) from stalling the suite; no test relies on it.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATABASE_URL: '', ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let db: string;
beforeAll(async () => {
  const dir = tempDir();
  db = path.join(dir, 'cli.sqlite');
  expect(crewcount(['seed', '--db', db]).status).toBe(0);
  // Enough credits that the export is still writing when its reader goes.
  const sheet = path.join(dir, 'sheet.csv');
  await generateSheet(sheet, 20_000);
  expect(crewcount(['import', sheet, '--db', db]).status).toBe(0);
});

describe('crewcount serve', () => {
  let taken: http.Server;
  beforeAll(async () => {
    taken = http.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
  });

  it('exits with status 1 and says why when its port is taken', () => {
    const port = (taken.address() as AddressInfo).port;
    const res = crewcount(['serve', '--db', db, '--port', String(port)]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`crewcount: cannot serve on 127.0.0.1:${port}: listen EADDRINUSE`);
    expect(res.stderr).not.toContain('CrewCount on http');
  });

  it('refuses a port that is not one, from --port or PORT, in one line', () => {
    for (const [args, env, message] of [
      [['--port', 'abc'], {}, '--port must be a positive integer, got "abc"'],
      [['--port', '70000'], {}, '--port must be a port number from 1 to 65535, got "70000"'],
      [['--port', '0x10'], {}, '--port must be a positive integer, got "0x10"'],
      [[], { PORT: 'x' }, 'PORT must be a positive integer, got "x"'],
    ] as const) {
      const res = crewcount(['serve', '--db', db, ...args], env);
      expect(res.status, message).toBe(2);
      expect(res.stderr).toBe(`crewcount: ${message}\n`);
    }
  });

  it('refuses a token no client could send in an Authorization header, in one line', () => {
    const res = crewcount(['serve', '--db', db, '--port', '1'], { CREWCOUNT_TOKEN: 'pass word!#1' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^crewcount: CREWCOUNT_TOKEN may hold only letters, digits and - \. _ ~ \+ \/ \(and = at its end\).*openssl rand -hex 24\n$/);
  });
});

describe('a database out of reach', () => {
  it('is named without its password, even one holding an @', () => {
    const res = crewcount(['stats', '--db', 'postgres://crew:se@cret@127.0.0.1:1/crewcount']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^crewcount: cannot open the database postgres:\/\/crew:\*\*\*@127\.0\.0\.1:1\/crewcount: /);
    expect(res.stderr).not.toContain('cret');
  });
});

describe('crewcount export', () => {
  it('ends quietly when the reader stops early (| head)', async () => {
    for (const args of [['export', 'credits'], ['baselines', 'list']]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      // Read the first chunk, then close the pipe as `head -1` does.
      await once(child.stdout, 'data');
      child.stdout.destroy();
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
  });

  it('keeps an import\'s own exit status when its reader goes away', async () => {
    const sheet = path.join(tempDir(), 'bad.csv');
    writeFileSync(sheet, 'series,season,episode,role,person\nA Show,1,1,gaffer,Ann Lee\n');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', sheet, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.destroy(); // as `| true` does
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
  });

  it('refuses a filter it cannot apply instead of exporting everything', () => {
    for (const [args, message] of [
      [['credits', '--unit', 'person'], 'the credits export takes no unit filter (it takes production, season, role)'],
      [['credits', '--min-evidence', 'self-identified'], 'the credits export takes no min_evidence filter (it takes production, season, role)'],
      [['baselines', '--production', 'queen-sugar'], 'the baselines export takes no production filter (it takes none)'],
    ] as const) {
      const res = crewcount(['export', ...args, '--db', db]);
      expect(res.status, message).toBe(2);
      expect(res.stderr).toBe(`crewcount: ${message}\n`);
      expect(res.stdout).toBe('');
    }
  });
});
