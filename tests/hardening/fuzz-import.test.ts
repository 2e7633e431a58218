/**
 * Fuzzing the importer (issue 8): 300+ seeded malformed or hostile files a
 * run, imported into a database that already holds the sample credits. Each
 * must end in a clean import or in issues that name a line, never a thrown
 * exception or a hang; after each failed import the database content
 * checksum is unchanged and the ledger says `failed`. A handful go through
 * the command line too (exit status 1, FILE:LINE:COLUMN: lines).
 *
 * The seed is printed; CREWCOUNT_FUZZ_SEED=<n> replays a run. The long
 * version (a 50 MB field, a million empty lines, 1,000+ files) is in
 * `npm run soak`.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeeds } from '../../seeds/index.js';
import { CLI_FROM_SOURCES, makeSeededDb, seedFromEnv } from '../../bench/lib/soak-common.js';
import { fuzzCases, fuzzRunner, runCliCase, storedFacts, type FuzzResult } from '../../bench/lib/soak-fuzz.js';
import { MAX_RECORD_CHARS } from '../../src/import/read-sheet.js';
import { freshDb, tempDir } from '../helpers/db.js';

const SEED = seedFromEnv('FUZZ', 20260108);
const FILES = 320;

let db: Knex;
let dir: string;

beforeAll(async () => {
  process.stdout.write(`[fuzz] seed ${SEED} (replay with CREWCOUNT_FUZZ_SEED=${SEED})\n`);
  db = await freshDb();
  await runSeeds(db);
  dir = tempDir('crewcount-fuzz-');
});
afterAll(async () => {
  await db?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const describeResult = (r: FuzzResult): string => `${r.name} (seed ${SEED}): ${r.problems.join('; ')}`;

describe(`fuzzing the importer (seed ${SEED})`, () => {
  it(`${FILES} hostile files: each a clean import or located issues; a failed one changes nothing and is ledgered as failed`, async () => {
    const cases = fuzzCases({
        seed: SEED,
        count: FILES,
        bigFieldBytes: 2 * MAX_RECORD_CHARS, // past the 1 MiB record bound
        emptyLines: 200_000,
        columns: 10_000,
        stored: await storedFacts(db),
      });
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const runner = await fuzzRunner(db, dir, { timeoutMs: 60_000 });
    const results: FuzzResult[] = [];
    for (const c of cases) results.push(await runner.run(c));

    const bad = results.filter((r) => r.problems.length > 0);
    const committed = results.filter((r) => r.outcome === 'committed').length;
    process.stdout.write(`[fuzz] ${results.length} files: ${committed} clean imports, ${results.length - committed} refused with issues, ${bad.length} with problems\n`);
    expect(bad.map(describeResult)).toEqual([]);
    // the run exercised both ends
    expect(committed).toBeGreaterThan(10);
    expect(results.length - committed).toBeGreaterThan(150);
  });

  it('the same seed gives the same files', () => {
    const names = (seed: number) => fuzzCases({ seed, count: 60, bigFieldBytes: 16, emptyLines: 4, columns: 12 });
    const bytesOf = (seed: number): string[] =>
      names(seed).map((c) => {
        const file = path.join(dir, `same-${seed}-${c.name}`);
        c.write(file);
        return readFileSync(file).toString('base64');
      });
    expect(bytesOf(SEED)).toEqual(bytesOf(SEED));
    expect(bytesOf(SEED)).not.toEqual(bytesOf(SEED + 1));
  });

  it('through the command line: exit status 1, FILE:LINE:COLUMN: lines, nothing written, ledger says failed', async () => {
    const seeded = path.join(dir, 'seeded.sqlite');
    await makeSeededDb(seeded);
    const cases = fuzzCases({ seed: SEED, count: 0, bigFieldBytes: 2 * MAX_RECORD_CHARS, emptyLines: 1000, columns: 10_000 });
    const picked = ['empty-file', 'big-field-quoted', 'invalid-utf8-deep', 'many-empty-lines-then-error'].map((k) => cases.find((c) => c.kind === k)!);
    // two at a time: each has its own database file
    const results = [];
    for (let i = 0; i < picked.length; i += 2) {
      results.push(...(await Promise.all(picked.slice(i, i + 2).map((c) => runCliCase(CLI_FROM_SOURCES, c, seeded, dir)))));
    }
    expect(results.filter((r) => r.problems.length > 0).map((r) => `${r.name}: ${r.problems.join('; ')}`)).toEqual([]);
    expect(results.every((r) => r.status === 1 && r.issueLines >= 1)).toBe(true);
  });
});
