/**
 * Two `crewcount import` processes on one database at once, with a reader
 * polling in this process: the check that tests/hardening/processes-sqlite
 * and tests/postgres/processes run on each database.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { listEntries } from '../../src/db/ledger.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CLI from its sources (through tsx), as a child process. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const creditCount = async (db: Knex): Promise<number> => Number((await db('credits').count({ n: '*' }))[0]?.n);

/**
 * Import `sheet` into `url` from two processes at once while polling `db`
 * (the same database): both succeed, one adds every credit and the other
 * finds them all unchanged, and the reader only ever sees none or all.
 */
export async function expectTwoImportsSerialised(db: Knex, url: string, sheet: string): Promise<void> {
  const seen = new Set<number>();
  let done = false;
  const reader = (async () => {
    while (!done) {
      seen.add(await creditCount(db));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const results = await Promise.all([cli(['import', sheet, '--db', url]), cli(['import', sheet, '--db', url])]);
  done = true;
  await reader;
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const total = await creditCount(db);
  expect(total).toBeGreaterThan(15_000);
  const entries = await listEntries(db);
  expect(entries.map((e) => e.outcome)).toEqual(['committed', 'committed']);
  expect(entries.map((e) => e.credits_added).sort((a, b) => a - b)).toEqual([0, total]);
  expect(entries.map((e) => e.credits_unchanged).sort((a, b) => a - b)).toEqual([0, total]);
  expect([...seen].every((n) => n === 0 || n === total), JSON.stringify([...seen])).toBe(true);
}
