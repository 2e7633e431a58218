/**
 * Crash safety (issue 8), the short version: `crewcount import` of a
 * 20,000-credit sheet killed with SIGKILL three times: once at a random
 * moment of its import, once while SQLite writes its pages to the -wal file
 * (the commit, for an import this small), once at a random moment of the
 * whole run.
 * After each kill the SQLite file passes integrity_check and holds exactly
 * the content before or after the import; the ledger leaves the killed run
 * `running` until the next import commits and marks it `interrupted`.
 * `npm run soak` kills a 200,000-credit import 20+ times.
 *
 * The kill moments come from CREWCOUNT_CRASH_SEED (printed).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { CLI_FROM_SOURCES, makeSeededDb, seedFromEnv } from '../../bench/lib/soak-common.js';
import { crashSoak } from '../../bench/lib/soak-crash.js';
import { runSeeds } from '../../seeds/index.js';
import { closeEntry, listEntries, openEntry, thisProcess } from '../../src/db/ledger.js';
import { importFiles } from '../../src/import/service.js';
import { freshDb, tempDir, tempFile } from '../helpers/db.js';

const SEED = seedFromEnv('CRASH', 8);
let dir: string;
let sheet: string;
let seeded: string;

beforeAll(async () => {
  dir = tempDir('crewcount-crash-');
  sheet = path.join(dir, 'sheet-20k.csv');
  await generateSheet(sheet, 20_000);
  seeded = path.join(dir, 'seeded.sqlite');
  await makeSeededDb(seeded);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 during an import', () => {
  it(`3 kills of a 20,000-credit import (mid-import, while the WAL grows, anytime): integrity ok, before-or-after content, ledger running → interrupted (seed ${SEED})`, async () => {
    const lines: string[] = [];
    const report = await crashSoak({ cli: CLI_FROM_SOURCES, sheet, seededDb: seeded, dir, kills: 3, seed: SEED, aim: 'mixed', log: (l) => lines.push(l) });
    process.stdout.write(`[crash] seed ${SEED}\n${lines.map((l) => `[crash] ${l}\n`).join('')}`);
    expect(report.problems).toEqual([]);
    expect(report.kills).toHaveLength(3);
    expect(report.kills.every((k) => k.state === 'before' || k.state === 'after')).toBe(true);
    // the killed runs that left a running row were all marked interrupted by a later, complete import
    expect(report.markedInterrupted).toBe(report.kills.filter((k) => k.ledger === 'running').length);
  });
});

/** What a process killed mid-import leaves in the ledger: its own row, still running, owned by a pid that no longer exists. */
async function leaveRunningRow(db: Knex, file: string): Promise<number> {
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()); // pids are below it
  return openEntry(db, file, { pid: pidMax, host: thisProcess().host });
}

const sheetOf = (...rows: string[]): string => ['series,season,episode,role,person,gender', ...rows].join('\n') + '\n';

describe('the ledger after a crash (markInterrupted)', () => {
  it('the next import that commits marks a dead run interrupted, with a message; its own row says committed', async () => {
    const db = await freshDb();
    try {
      await runSeeds(db);
      const dead = await leaveRunningRow(db, 'killed.csv');
      const summary = await importFiles(db, [{ path: tempFile('next.csv', sheetOf('Crash Show,1,1,director,Ana Ruiz,woman')), name: 'next.csv' }]);
      expect(summary.committed).toBe(true);
      const rows = await listEntries(db);
      expect(rows.find((r) => r.id === dead)).toMatchObject({ outcome: 'interrupted', message: expect.stringMatching(/stopped before it finished/) });
      expect(rows.at(-1)).toMatchObject({ file_name: 'next.csv', outcome: 'committed' });
      // finished runs are never touched
      expect(rows.filter((r) => r.outcome === 'running')).toEqual([]);
      expect(rows.filter((r) => r.id !== dead && r.outcome === 'interrupted')).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('a committed or failed run is never marked interrupted later', async () => {
    const db = await freshDb();
    try {
      const failed = await openEntry(db, 'failed.csv');
      await closeEntry(db, failed, { outcome: 'failed', error_count: 1 });
      await importFiles(db, [{ path: tempFile('a.csv', sheetOf('Crash Show,1,1,director,Ana Ruiz,woman')), name: 'a.csv' }]);
      await importFiles(db, [{ path: tempFile('b.csv', sheetOf('Crash Show,1,2,director,Ana Ruiz,woman')), name: 'b.csv' }]);
      expect((await listEntries(db)).map((r) => r.outcome)).toEqual(['failed', 'committed', 'committed']);
    } finally {
      await db.destroy();
    }
  });

  // markInterrupted runs outside the import's transaction, so a failed import's rollback keeps the marking.
  it('a failed next import also marks a dead run interrupted', async () => {
    const db = await freshDb();
    try {
      const dead = await leaveRunningRow(db, 'killed.csv');
      const summary = await importFiles(db, [{ path: tempFile('bad.csv', sheetOf('Crash Show,1,1,gaffer,Ana Ruiz,woman')), name: 'bad.csv' }]);
      expect(summary.committed).toBe(false);
      const rows = await listEntries(db);
      expect(rows.find((r) => r.id === dead)?.outcome).toBe('interrupted');
      expect(rows.at(-1)?.outcome).toBe('failed');
    } finally {
      await db.destroy();
    }
  });
});
