/**
 * `crewcount stats --format json|csv|table` as a user runs it: a child
 * process on a database file seeded with `crewcount seed`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATS_FIELDS, type StatsRow } from '../../src/stats/fields.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb, tempDir } from '../helpers/db.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

function crewcount(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

let file: string;
let db: Knex;
let expected: StatsRow[];

beforeAll(async () => {
  file = path.join(tempDir(), 'cli.sqlite');
  const seeded = crewcount('seed', '--db', file);
  expect(seeded.stderr).toBe('');
  expect(seeded.status).toBe(0);
  db = await freshDb(file);
  expected = await computeStats(db);
});
afterAll(async () => {
  await db?.destroy();
});

describe('crewcount stats', () => {
  it('--format json parses and equals computeStats', () => {
    const res = crewcount('stats', '--db', file, '--format', 'json');
    expect(res.status).toBe(0);
    expect(expected.length).toBeGreaterThan(0);
    expect(JSON.parse(res.stdout)).toEqual(expected);
  });

  it('--format json with filters equals computeStats with the same query', async () => {
    const res = crewcount('stats', '--db', file, '--format', 'json', '--production', "Marvel's Jessica Jones", '--season', '2', '--role', 'director', '--unit', 'episode');
    expect(res.status).toBe(0);
    const rows = JSON.parse(res.stdout);
    expect(rows).toEqual(await computeStats(db, { production: 'marvels-jessica-jones', season: 2, role: 'director', unit: 'episode' }));
    expect(rows).toHaveLength(1);
  });

  it('--format csv has exactly the STATS_FIELDS header and one line per row', () => {
    const res = crewcount('stats', '--db', file, '--format', 'csv');
    expect(res.status).toBe(0);
    const records: string[][] = parse(res.stdout);
    expect(records[0]).toEqual([...STATS_FIELDS]);
    expect(records).toHaveLength(expected.length + 1);
    const objects: Array<Record<string, string>> = parse(res.stdout, { columns: true });
    objects.forEach((o, i) => {
      const row = expected[i]!;
      for (const field of STATS_FIELDS) {
        const v = row[field];
        expect(o[field], `${i}.${field}`).toBe(v === null ? '' : String(v));
      }
    });
  });

  it('--format csv is the stats export byte for byte: a title that reads as a formula is guarded', () => {
    const dir = tempDir();
    const hostile = path.join(dir, 'hostile.sqlite');
    const sheet = path.join(dir, 'hostile.csv');
    writeFileSync(sheet, 'series,season,episode,air_date,role,person,gender\n"=HYPERLINK(""http://x"",""y"")",1,1,2019-10-01,director,Ann Lee,w\n+Show,1,1,2019-10-01,director,Bo Kim,m\n');
    expect(crewcount('import', sheet, '--db', hostile).status).toBe(0);
    const stats = crewcount('stats', '--db', hostile, '--format', 'csv');
    expect(stats.status).toBe(0);
    const cells = (parse(stats.stdout, { columns: true }) as Array<Record<string, string>>).map((o) => o.title);
    expect(new Set(cells)).toEqual(new Set(['\'=HYPERLINK("http://x","y")', "'+Show"]));
    const exported = crewcount('export', 'stats', '--db', hostile, '--format', 'csv');
    expect(exported.status).toBe(0);
    expect(stats.stdout).toBe(exported.stdout);
  });

  it('--format table (the default) is aligned text with the baselines cited', () => {
    const res = crewcount('stats', '--db', file, '--production', 'queen-sugar');
    expect(res.status).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(/^production\s+season\s+year\s+role\s+unit\s+women\s+men\s+nb\s+unknown\s+share women/);
    expect(lines.filter((l) => l.startsWith('queen-sugar'))).toHaveLength(expected.filter((r) => r.production === 'queen-sugar').length);
    expect(res.stdout).toContain('Baselines:');
    expect(res.stdout).toContain('Boxed In 2016-17: key roles, TV, % of people');
    expect(res.stdout).toContain('unknown is counted and shown, never dropped');
  });

  it('bad flags: a message and exit status 2, nothing on stdout', () => {
    for (const args of [
      ['--format', 'xml'],
      ['--role', 'grip'],
      ['--unit', 'minutes'],
      ['--season', 'two'],
      ['--production', 'no-such-show'],
    ]) {
      const res = crewcount('stats', '--db', file, ...args);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/^crewcount: /);
    }
  });
});

describe('crewcount export --out', () => {
  it('names the file it wrote after the stored production, however the production was given', () => {
    const out = path.join(tempDir(), 'jj.csv');
    const res = crewcount('export', 'stats', '--db', file, '--production', "MARVEL'S JESSICA JONES", '--season', '2', '--out', out);
    expect(res.status).toBe(0);
    expect(res.stderr).toBe(`wrote ${out} (crewcount-stats-marvels-jessica-jones-s2.csv)\n`);
  });
});
