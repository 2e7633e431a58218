/**
 * What fuzzing the importer found, pinned down: the same fuzz run against
 * PostgreSQL (without the files that hold NUL bytes, a known bug below), and
 * the bugs themselves, each with its input and the expected result.
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

describe('bugs found by fuzzing, fixed', () => {
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

  // Found by fuzzing: an invalid UTF-8 byte used to be reported at the line of the first record not yet
  // parsed when the 64 KiB chunk holding it was decoded, so in any smaller file at line 1 (the byte offset
  // was right). UTF-8 is named here because, unnamed, 0xFF in otherwise ASCII text is read as
  // windows-1252's "ÿ" (see tests/integration/import-encodings.test.ts).
  it('an invalid UTF-8 byte is reported at the line and field that hold it', async () => {
    const db = await freshDb();
    try {
      const bytes = Buffer.concat([Buffer.from(`${HEADER}\nA,1,1,director,Ana\nA,1,2,director,B`), Buffer.from([0xff]), Buffer.from('o\n')]);
      const summary = await importFiles(db, [{ path: tempFile('bad.csv', bytes), name: 'bad.csv' }], { encoding: 'utf-8' });
      expect(summary.issues).toHaveLength(1);
      expect(summary.issues[0]!.message).toMatch(/byte offset 69\b/);
      expect(summary.issues[0]).toMatchObject({ line: 3, column: 5, value: 'B\ufffd' });

      // The fuzz case invalid-utf8-deep: 0xFF on line 3033, offset 200111, used to say line 2979.
      const row = 'Fuzz Harbour,1,1,Episode 0.1.1,2011-02-02,director,Ana Ruiz,woman\n';
      const rows = 3031;
      const deep = Buffer.concat([Buffer.from(`series,season,episode,episode_title,air_date,role,person,gender\n${row.repeat(rows)}A`), Buffer.from([0xff]), Buffer.from('B\n')]);
      const second = await importFiles(db, [{ path: tempFile('deep.csv', deep), name: 'deep.csv' }], { encoding: 'utf-8' });
      expect(second.issues).toHaveLength(1);
      expect(second.issues[0]).toMatchObject({ line: rows + 2, column: 1, value: 'A\ufffd' });
    } finally {
      await db.destroy();
    }
  });

  // Found by fuzzing: in UTF-16 files a lone surrogate used to be reported as "bytes that cannot be decoded,
  // in the block that starts at byte offset 0" at line 1, whatever line held it.
  it('a lone surrogate in a UTF-16 file is reported at its line, with its exact offset', async () => {
    const db = await freshDb();
    try {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('A,1,1,director,Ana\n', 'utf16le')]);
      const summary = await importFiles(db, [{ path: tempFile('u16.csv', bytes), name: 'u16.csv' }]);
      expect(summary.issues).toHaveLength(1);
      expect(summary.issues[0]).toMatchObject({ line: 2, column: 1 });
      expect(summary.issues[0]!.message).toContain(`unpaired surrogate 0xD800 at byte offset ${2 + 2 * (HEADER.length + 1)}`);

      // A high surrogate whose partner never comes, in the middle of a later line of a UTF-16BE file.
      const be = Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from(`${HEADER}\nA,1,1,director,Ana\nA,1,2,writer,Bo`, 'utf16le').swap16(),
        Buffer.from([0xd8, 0x3d]),
        Buffer.from('x\n', 'utf16le').swap16(),
      ]);
      const second = await importFiles(db, [{ path: tempFile('u16be.csv', be), name: 'u16be.csv' }]);
      expect(second.issues).toMatchObject([{ line: 3, column: 5, value: 'Bo\ufffd' }]);
    } finally {
      await db.destroy();
    }
  });
});
