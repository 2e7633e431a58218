/**
 * Concurrent use (issue 8): while `crewcount import` of a 20,000-credit
 * sheet runs in a child process on a SQLite file, readers in this process
 * hammer createApp's /api/stats (and the stats CSV and the production
 * listing), opened on their own connection with openReady. No reader gets an
 * error, and each sees the totals before the import or after it, never a
 * part. `npm run soak` does the same with 200,000 credits.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { CLI_FROM_SOURCES, copyDb, makeSeededDb, openFile } from '../../bench/lib/soak-common.js';
import { readersDuringImport } from '../../bench/lib/soak-readers.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { openReady } from '../../src/setup.js';
import { computeStats } from '../../src/stats/service.js';
import { tempDir } from '../helpers/db.js';

let dir: string;
let seeded: string;

beforeAll(async () => {
  dir = tempDir('crewcount-readers-');
  seeded = path.join(dir, 'seeded.sqlite');
  await makeSeededDb(seeded);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const creditTotal = (rows: Array<{ unit: string; total: number }>): number => rows.filter((r) => r.unit === 'credit').reduce((n, r) => n + r.total, 0);

describe('readers while an import runs in another process', () => {
  it('4 readers hammering the API during a 20,000-credit import: no errors, only the before or the after totals', async () => {
    const sheet = path.join(dir, 'sheet-20k.csv');
    await generateSheet(sheet, 20_000);
    const report = await readersDuringImport({ cli: CLI_FROM_SOURCES, sheet, seededDb: seeded, dir, readers: 4 });
    process.stdout.write(`[readers] ${report.reads} readings during the import: ${report.sawBefore} before, ${report.sawAfter} after; ${report.busy} busy answers waited out\n`);
    expect(report.importStatus).toBe(0);
    expect(report.errors).toEqual([]);
    expect(report.partial).toEqual([]);
    // the import added 20,000 credits: the role rows (not `all`) of the credit unit count each once, `all` once more
    expect(report.after['/api/stats?unit=credit']! - report.before['/api/stats?unit=credit']!).toBe(2 * 20_000);
    expect(report.after['/api/productions']! - report.before['/api/productions']!).toBe(20_000);
    expect(report.reads).toBeGreaterThan(0);
  });

  // computeStats reads the season list and the tallies in one read transaction (readSnapshot in
  // src/db/dialect.ts). Here a commit (one credit added to an existing season, plus a new season with one
  // credit) is made to land exactly between those queries (knex's query-response event of the season
  // list): on the sample data the credit-unit total must be 100 (before) or 104 (after), never 102 (the
  // existing season's credit without the new season's).
  it('/api/stats reads one snapshot: a commit between its queries is either wholly in the answer or not at all', async () => {
    const file = path.join(dir, 'snapshot.sqlite');
    copyDb(seeded, file);
    const db = await openReady(file);
    const writer = openFile(file);
    try {
      const before = creditTotal(await computeStats(db, {}));
      let armed = true;
      db.on('query-response', (_response: unknown, obj: { sql?: string }) => {
        if (!armed || !/from [`"]seasons[`"] as [`"]s[`"]/i.test(obj.sql ?? '')) return;
        armed = false;
        commitOneCreditHereAndOneInANewSeason(writer);
      });
      const res = await request(createApp({ db })).get('/api/stats');
      expect(res.status).toBe(200);
      expect(armed).toBe(false); // the commit did land between the queries
      const after = creditTotal(await computeStats(db, {}));
      expect(after).toBe(before + 4); // two credits, each in its role row and in `all`
      expect([before, after]).toContain(creditTotal(res.body.rows));
    } finally {
      writer.close();
      await db.destroy();
    }
  });
});

describe('opening the database while an import holds the write lock', () => {
  // openReady migrates only when a migration is pending: knex's migrate.latest would take its lock
  // (a write) every time and so wait for, then time out behind, an import holding SQLite's writer lock.
  it('openReady succeeds while another process holds the write lock for 12 s', async () => {
    const file = path.join(dir, 'locked.sqlite');
    copyDb(seeded, file);
    const holder = spawn(
      process.execPath,
      ['-e', `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)}); d.exec('BEGIN IMMEDIATE'); d.exec("UPDATE imports SET message = message"); process.stdout.write('locked\\n'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 12000);`],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      const db = await openReady(file); // actual: MigrationLocked … database is locked, after 10 s
      try {
        expect(creditTotal(await computeStats(db, {}))).toBe(100);
      } finally {
        await db.destroy();
      }
    } finally {
      await once(holder, 'exit');
    }
  }, 30_000);
});

/** One transaction from another connection: a credit in an existing season, and a new season with a credit. */
function commitOneCreditHereAndOneInANewSeason(conn: Database.Database): void {
  conn.transaction(() => {
    const episode = conn.prepare('SELECT e.id, s.production_id FROM episodes e JOIN seasons s ON s.id = e.season_id ORDER BY e.id LIMIT 1').get() as { id: number; production_id: number };
    const role = (conn.prepare("SELECT id FROM roles WHERE code = 'director'").get() as { id: number }).id;
    const person = Number(conn.prepare("INSERT INTO people (name, identity_key, gender) VALUES ('Snapshot Person', 'snapshot person', 'woman')").run().lastInsertRowid);
    conn.prepare('INSERT INTO credits (episode_id, role_id, person_id) VALUES (?, ?, ?)').run(episode.id, role, person);
    const season = Number(conn.prepare('INSERT INTO seasons (production_id, number) VALUES (?, 99)').run(episode.production_id).lastInsertRowid);
    const newEpisode = Number(conn.prepare("INSERT INTO episodes (season_id, number, air_date) VALUES (?, 1, '2030-01-01')").run(season).lastInsertRowid);
    conn.prepare('INSERT INTO credits (episode_id, role_id, person_id) VALUES (?, ?, ?)').run(newEpisode, role, person);
  })();
}
