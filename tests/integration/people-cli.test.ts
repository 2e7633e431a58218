/**
 * `crewcount import-people` and `--min-evidence` as a researcher runs them:
 * child processes on a real SQLite file (through tsx, so no build is needed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computeStats } from '../../src/stats/service.js';
import { freshDb, tempDir } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/people/${name}`, import.meta.url));

function crewcount(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('crewcount import-people', () => {
  it('dry-runs, imports, finds a re-import unchanged, and feeds stats --min-evidence and export --min-evidence', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'crew.sqlite');
    expect(crewcount('import', fixture('evidence-credits.csv'), '--db', dbFile).status).toBe(0);

    const dry = crewcount('import-people', fixture('evidence-people.csv'), '--db', dbFile, '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout.split('\n').slice(1, 3)).toEqual(['people: 0 new, 6 updated (5 with a different gender), 0 unchanged', 'dry run: nothing was written']);

    const real = crewcount('import-people', fixture('evidence-people.csv'), '--db', dbFile);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain(`${fixture('evidence-people.csv')}: 6 rows read, decoded as utf-8, comma-separated`);
    expect(real.stdout.trimEnd().split('\n').at(-1)).toBe('committed');
    expect(crewcount('import-people', fixture('evidence-people.csv'), '--db', dbFile).stdout).toContain('people: 0 new, 0 updated (0 with a different gender), 6 unchanged');

    const stats = crewcount('stats', '--db', dbFile, '--production', 'Evidence Test', '--role', 'director', '--unit', 'credit', '--min-evidence', 'press-pronouns', '--format', 'json');
    expect(stats.status).toBe(0);
    const db = await freshDb(dbFile);
    try {
      const expected = await computeStats(db, { production: 'evidence-test', role: 'director', unit: 'credit', minEvidence: 'press-pronouns' });
      expect(JSON.parse(stats.stdout)).toEqual(expected);
      expect(expected[0]).toMatchObject({ women: 2, men: 1, unknown: 3 });
    } finally {
      await db.destroy();
    }

    const out = path.join(dir, 'stats.csv');
    const exported = crewcount('export', 'stats', '--db', dbFile, '--production', 'evidence-test', '--role', 'director', '--unit', 'credit', '--min-evidence', 'self-identified', '--out', out);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain('crewcount-stats-evidence-test-director-credit-min-self-identified.csv');
    const [row] = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ women: '1', men: '0', unknown: '5', min_evidence: 'self-identified' });
  });

  it('a bad sheet: every problem on stderr as FILE:LINE:COLUMN, --errors-out as CSV, exit 1, nothing written', () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'crew.sqlite');
    const errors = path.join(dir, 'errors.csv');
    const run = crewcount('import-people', fixture('bad-rows.csv'), '--db', dbFile, '--errors-out', errors);
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${fixture('bad-rows.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:2: gender "xy" is not known`));
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('not imported: 4 errors; nothing was written');
    const written = parse(readFileSync(errors, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(written.map((r) => [r.line, r.column, r.value])).toEqual([
      ['3', '2', 'xy'],
      ['4', '1', ''],
      ['5', '3', 'press-pronouns'],
      ['6', '3', 'guessed'],
    ]);
  });

  it('stats --min-evidence with a level it does not know exits 2 with the accepted levels', () => {
    const run = crewcount('stats', '--db', path.join(tempDir(), 'x.sqlite'), '--min-evidence', 'rumour');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'crewcount: min_evidence must be one of self-identified, public-statement, press-pronouns, name-inferred, unknown (strongest first), got "rumour"\n',
    );
  });
});
