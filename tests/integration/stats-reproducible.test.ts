/**
 * The same credits give the same statistics whatever order the rows come in
 * (and whatever ids the database hands out): the episode unit's fractions
 * must not depend on the order they are summed in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { ensureBaselines } from '../../seeds/index.js';
import { importFiles } from '../../src/import/service.js';
import type { StatsRow } from '../../src/stats/fields.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb, tempDir, tempFile } from '../helpers/db.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'stats', 'season-small.csv');

/** Deterministic Fisher–Yates shuffle (mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const open: Knex[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

/** Import `lines` (header first) into a fresh database, optionally after an unrelated production, and compute every row. */
async function statsOf(header: string, lines: string[], opts: { decoy?: boolean } = {}): Promise<StatsRow[]> {
  const db = await freshDb();
  open.push(db);
  await ensureBaselines(db);
  if (opts.decoy) {
    // shifts every production, season, episode and person id
    const decoy = tempFile('decoy.csv', 'series,season,episode,role,person,gender\nDecoy,1,1,director,Decoy Person,man\n');
    expect((await importFiles(db, [{ path: decoy }])).issues).toEqual([]);
  }
  const file = tempFile('sheet.csv', `${[header, ...lines].join('\n')}\n`);
  const summary = await importFiles(db, [{ path: file }]);
  expect(summary.issues).toEqual([]);
  const rows = await computeStats(db);
  return rows.filter((r) => r.production !== 'decoy');
}

function split(text: string): [string, string[]] {
  const [header, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  return [header!, lines];
}

describe('reproducibility', () => {
  it('the hand-built sheet: reversed and shuffled rows give identical rows', async () => {
    const [header, lines] = split(readFileSync(FIXTURE, 'utf8'));
    const reference = await statsOf(header, lines);
    expect(reference.length).toBeGreaterThan(0);
    expect(await statsOf(header, [...lines].reverse(), { decoy: true })).toEqual(reference);
    for (const seed of [1, 2, 3]) expect(await statsOf(header, shuffled(lines, seed))).toEqual(reference);
  });

  it('a generated sheet with two- and three-way co-credits: shuffled rows give identical rows', async () => {
    const file = path.join(tempDir(), 'generated.csv');
    await generateSheet(file, 4000, 7);
    const [header, lines] = split(readFileSync(file, 'utf8'));
    const reference = await statsOf(header, lines);
    // the sheet has fractional episode counts (co-writers split 1/2 and 1/3)
    const thirds = (x: number) => Math.abs(x * 3 - Math.round(x * 3)) < 1e-5 && !Number.isInteger(Math.round(x * 3) / 3);
    expect(reference.some((r) => r.unit === 'episode' && r.women % 1 === 0.5)).toBe(true);
    expect(reference.some((r) => r.unit === 'episode' && thirds(r.women))).toBe(true);
    const again = await statsOf(header, shuffled(lines, 42), { decoy: true });
    expect(again).toEqual(reference);
  });
});
