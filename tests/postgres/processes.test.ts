/**
 * Real concurrent processes on one PostgreSQL database: two `crewcount
 * import` commands at once are serialised by the import lock, and a reader
 * never sees a half-finished import.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { openReady } from '../../src/setup.js';
import { dropOnDestroy, freshPgUrl, tempDir } from '../helpers/db.js';
import { expectTwoImportsSerialised } from '../helpers/concurrent-imports.js';

describe('concurrent processes on PostgreSQL', () => {
  let db: Knex;
  let url: string;
  let sheet: string;
  beforeAll(async () => {
    const fresh = await freshPgUrl();
    url = fresh.url;
    db = dropOnDestroy(await openReady(url), fresh.drop);
    sheet = path.join(tempDir(), 'sheet.csv');
    await generateSheet(sheet, 20_000);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('two imports of the same sheet at once: one adds every credit, the other finds them all unchanged', async () => {
    await expectTwoImportsSerialised(db, url, sheet);
  });
});
