/**
 * What fuzzing the importer found, pinned down: the same fuzz run against
 * PostgreSQL (without the files that hold NUL bytes, a known bug below), and
 * the bugs themselves as skipped tests, each with its input, the expected
 * and the actual result, to be enabled when fixed.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../bench/lib/soak-common.js';
import { fuzzCases, fuzzRunner, storedFacts, type FuzzResult } from '../../bench/lib/soak-fuzz.js';
import { runSeeds } from '../../seeds/index.js';
import { MAX_RECORD_CHARS } from '../../src/import/read-sheet.js';
import { importFiles } from '../../src/import/service.js';
import { freshDb, freshPgDb, tempDir, tempFile } from '../helpers/db.js';

const SEED = seedFromEnv('FUZZ', 20260108);
const hasNul = (bytes: Buffer): string | null => (bytes.includes(0) ? 'holds NUL bytes (see the PostgreSQL NUL bug)' : null);

describe(`fuzzing the importer on PostgreSQL (seed ${SEED})`, () => {
  let db: Knex;
  beforeAll(async () => {
    db = await freshPgDb();
    await runSeeds(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('120 hostile files: a clean import or located issues, nothing changed by a failed one (files with NUL bytes left out)', async () => {
    const cases = fuzzCases({ seed: SEED, count: 120, bigFieldBytes: 2 * MAX_RECORD_CHARS, emptyLines: 20_000, columns: 10_000, stored: await storedFacts(db) });
    const runner = await fuzzRunner(db, tempDir('crewcount-fuzz-pg-'), { timeoutMs: 60_000, exclude: hasNul });
    const results: FuzzResult[] = [];
    for (const c of cases) results.push(await runner.run(c));
    const ran = results.filter((r) => r.outcome !== 'skipped');
    process.stdout.write(`[fuzz-pg] ${ran.length} files imported, ${results.length - ran.length} with NUL bytes left out\n`);
    expect(ran.filter((r) => r.problems.length > 0).map((r) => `${r.name} (seed ${SEED}): ${r.problems.join('; ')}`)).toEqual([]);
    expect(ran.length).toBeGreaterThan(60);
  });
});

const HEADER = 'series,season,episode,role,person';

describe('bugs found by fuzzing (the skipped ones are still open)', () => {
  // Found by fuzzing: PostgreSQL text cannot hold U+0000, so a NUL used to make importFiles throw there.
  it('PostgreSQL: a NUL byte in a cell is an issue at its line, not a thrown exception', async () => {
    const db = await freshPgDb();
    try {
      const summary = await importFiles(db, [{ path: tempFile('nul.csv', `${HEADER}\nA\u0000B,1,1,director,Ana\n`), name: 'nul.csv' }]);
      expect(summary.committed).toBe(false);
      expect(summary.issues[0]).toMatchObject({ line: 2, column: 1 });
    } finally {
      await db.destroy();
    }
  });

  // Found by fuzzing: SQLite used to store `Ana\u0000Ruiz` as a person distinct from `Ana Ruiz`.
  it('SQLite: a NUL byte in a name is an issue, not a stored name', async () => {
    const db = await freshDb();
    try {
      const summary = await importFiles(db, [{ path: tempFile('nul.csv', `${HEADER}\nShow,1,1,director,Ana\u0000Ruiz\n`), name: 'nul.csv' }]);
      expect(summary.committed).toBe(false);
      expect(summary.issues[0]).toMatchObject({ line: 2, column: 5 });
    } finally {
      await db.destroy();
    }
  });

  // BUG: an invalid UTF-8 byte is reported at the line of the first record not yet parsed when the
  // 64 KiB chunk holding it is decoded (readSheet's sheetError uses `nextLine`), not at its own line. In
  // any file under 64 KiB every encoding error says line 1. The byte offset in the message is right.
  // Input: three lines, 0xFF in line 3 (byte offset 69). Expected `bad.csv:3:0: …offset 69`; actual
  // `bad.csv:1:0: …offset 69`. In the fuzz case invalid-utf8-deep (0xFF on line 3033, offset 200111)
  // the issue says line 2979.
  it.skip('an invalid UTF-8 byte is reported at the line that holds it', async () => {
    const db = await freshDb();
    try {
      const bytes = Buffer.concat([Buffer.from(`${HEADER}\nA,1,1,director,Ana\nA,1,2,director,B`), Buffer.from([0xff]), Buffer.from('o\n')]);
      const summary = await importFiles(db, [{ path: tempFile('bad.csv', bytes), name: 'bad.csv' }]);
      expect(summary.issues).toHaveLength(1);
      expect(summary.issues[0]!.message).toMatch(/byte offset 69\b/);
      expect(summary.issues[0]!.line).toBe(3); // actual: 1

      const row = 'Fuzz Harbour,1,1,Episode 0.1.1,2011-02-02,director,Ana Ruiz,woman\n';
      const rows = 3031;
      const deep = Buffer.concat([Buffer.from(`series,season,episode,episode_title,air_date,role,person,gender\n${row.repeat(rows)}A`), Buffer.from([0xff]), Buffer.from('B\n')]);
      const second = await importFiles(db, [{ path: tempFile('deep.csv', deep), name: 'deep.csv' }]);
      expect(second.issues[0]!.line).toBe(rows + 2); // actual: 2979
    } finally {
      await db.destroy();
    }
  });

  // BUG (minor): in UTF-16 files a lone surrogate is reported as "bytes that cannot be decoded, in the
  // block that starts at byte offset 0" at line 1, whatever line holds it (no exact offset, wrong line).
  // Input: BOM FF FE, the header in UTF-16LE, then 0xD800 (unpaired) at the start of line 2. Expected an
  // issue at line 2; actual line 1.
  it.skip('a lone surrogate in a UTF-16 file is reported at its line', async () => {
    const db = await freshDb();
    try {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('A,1,1,director,Ana\n', 'utf16le')]);
      const summary = await importFiles(db, [{ path: tempFile('u16.csv', bytes), name: 'u16.csv' }]);
      expect(summary.issues[0]!.line).toBe(2); // actual: 1
    } finally {
      await db.destroy();
    }
  });
});
