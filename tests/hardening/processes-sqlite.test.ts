/**
 * Real concurrent processes on one SQLite file, as tests/postgres/processes.test.ts
 * does on PostgreSQL: two `crewcount import` commands at once are serialised
 * (SQLite's one writer; the busy timeout makes the second wait), and a reader
 * in this process, on its own connection, never sees a half-finished import
 * (WAL: it reads the last commit while an import writes).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { listEntries } from '../../src/db/ledger.js';
import { openReady } from '../../src/setup.js';
import { tempDir } from '../helpers/db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

describe('concurrent processes on SQLite', () => {
  let db: Knex;
  let url: string;
  let sheet: string;
  beforeAll(async () => {
    const dir = tempDir();
    url = path.join(dir, 'crewcount.sqlite');
    db = await openReady(url);
    sheet = path.join(dir, 'sheet.csv');
    await generateSheet(sheet, 20_000);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('two imports of the same sheet at once: one adds every credit, the other finds them all unchanged', async () => {
    // A reader polls meanwhile: it must only ever see no credits or all of them.
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
  });
});
