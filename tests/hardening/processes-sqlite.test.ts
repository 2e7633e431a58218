/**
 * Real concurrent processes on one SQLite file, as tests/postgres/processes.test.ts
 * does on PostgreSQL: two `crewcount import` commands at once are serialised
 * (SQLite's one writer; the busy timeout makes the second wait), and a reader
 * in this process, on its own connection, never sees a half-finished import
 * (WAL: it reads the last commit while an import writes).
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { openReady } from '../../src/setup.js';
import { tempDir } from '../helpers/db.js';
import { expectTwoImportsSerialised } from '../helpers/concurrent-imports.js';

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
    await expectTwoImportsSerialised(db, url, sheet);
  });
});
