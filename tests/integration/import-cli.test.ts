/**
 * `crewcount import` as a researcher runs it: a child process on real files
 * and a real SQLite file (through tsx, so no build is needed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { creditLines, freshDb, tempDir } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

function crewcount(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function tableCounts(dbFile: string): Promise<{ credits: number; imports: Array<{ outcome: string }> }> {
  const db = await freshDb(dbFile);
  try {
    const [{ n }] = (await db('credits').count({ n: '*' })) as [{ n: number }];
    return { credits: n, imports: await db('imports').orderBy('id').select('outcome') };
  } finally {
    await db.destroy();
  }
}

describe('crewcount import', () => {
  it('imports a sheet, prints the summary and exits 0; a re-import finds everything unchanged', async () => {
    const dbFile = path.join(tempDir(), 'crew.sqlite');
    const first = crewcount('import', fixture('base.csv'), '--db', dbFile);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`${fixture('base.csv')}: 6 rows read, decoded as utf-8, comma-separated`);
    expect(first.stdout).toContain('credits: 6 new, 0 unchanged, 0 updated');
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe('committed');

    const again = crewcount('import', fixture('base.csv'), '--db', dbFile);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('credits: 0 new, 6 unchanged, 0 updated');
    expect(await tableCounts(dbFile)).toEqual({ credits: 6, imports: [{ outcome: 'committed' }, { outcome: 'committed' }] });
  });

  it('exits 1 on errors, listing FILE:LINE:COLUMN lines on stderr and every problem in --errors-out', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'crew.sqlite');
    const errorsOut = path.join(dir, 'problems.csv');
    const sheet = fixture('errors/several-problems.csv');
    const run = crewcount('import', sheet, '--db', dbFile, '--errors-out', errorsOut);

    expect(run.status).toBe(1);
    const expected = [
      { line: '3', column: '6', value: 'gaffer', message: expect.stringMatching(/^role "gaffer" is not known; expected one of director, /) },
      { line: '4', column: '8', value: 'maybe', message: expect.stringMatching(/^gender "maybe" is not known; expected woman /) },
      { line: '5', column: '5', value: '03/04/2021', message: "air date \"03/04/2021\" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD, or give the sheet's date order: mdy if it means March 4, dmy if it means 3 April" },
      { line: '6', column: '1', value: '', message: 'series is empty; every credit needs its production' },
    ];
    const stderrLines = run.stderr.trimEnd().split('\n');
    expect(stderrLines).toHaveLength(expected.length);
    stderrLines.forEach((text, i) => {
      const e = expected[i]!;
      expect(text.startsWith(`${sheet}:${e.line}:${e.column}: `), text).toBe(true);
    });
    expect(run.stdout).toContain('not imported: 4 errors; nothing was written');

    const rows = parse(readFileSync(errorsOut), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] ?? {})).toEqual(['file', 'line', 'column', 'value', 'message']);
    expect(rows).toEqual(expected.map((e) => ({ file: sheet, ...e })));
    stderrLines.forEach((text, i) => expect(text).toBe(`${sheet}:${rows[i]!.line}:${rows[i]!.column}: ${rows[i]!.message}`));

    expect(await tableCounts(dbFile)).toEqual({ credits: 0, imports: [{ outcome: 'failed' }] });
  });

  it('--errors-out is safe to open in a spreadsheet: a value that looks like a formula is written as text', () => {
    const dir = tempDir();
    const sheet = path.join(dir, 'formulas.csv');
    writeFileSync(sheet, 'series,season,episode,role,person,gender\nS,1,2,=cmd|x,Bo,M\nS,1,3,director,Cy,-2+3\n');
    const errorsOut = path.join(dir, 'problems.csv');
    const run = crewcount('import', sheet, '--db', path.join(dir, 'crew.sqlite'), '--errors-out', errorsOut);
    expect(run.status).toBe(1);
    const rows = parse(readFileSync(errorsOut), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.value)).toEqual(["'=cmd|x", "'-2+3"]);
    expect(rows[0]!.message).toMatch(/^role "=cmd\|x" is not known/); // a message starts with a word, so it stays as it is
  });

  it('a database out of reach is one line naming it (password hidden) and why, exit 1, no stack trace', () => {
    const run = crewcount('import', fixture('base.csv'), '--db', 'postgres://crew:secret@127.0.0.1:1/crewcount');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('crewcount: cannot open the database postgres://crew:***@127.0.0.1:1/crewcount: connect ECONNREFUSED 127.0.0.1:1\n');
  });

  it('validates and counts with --dry-run but writes nothing', async () => {
    const dbFile = path.join(tempDir(), 'crew.sqlite');
    const run = crewcount('import', fixture('base.csv'), fixture('co-credits.csv'), '--db', dbFile, '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('credits: 13 new, 0 unchanged, 0 updated');
    expect(run.stdout).toContain('added: 2 productions, 2 seasons, 4 episodes, 10 people');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('dry run: nothing was written');
    expect(await tableCounts(dbFile)).toEqual({ credits: 0, imports: [] });
  });

  it('imports a wide sheet with --production and --season, and refuses a bad --season or --format before reading', async () => {
    const dbFile = path.join(tempDir(), 'crew.sqlite');
    const table = fixture('wide/episode-table.csv');
    const run = crewcount('import', table, '--production', 'Harbour Lights', '--season', '2', '--db', dbFile);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${table}: wide sheet (one row per episode), 4 rows read`);
    expect(run.stdout).toContain('credits: 13 new, 0 unchanged, 0 updated');
    const badSeason = crewcount('import', table, '--season', 'two', '--db', dbFile);
    expect(badSeason.status).not.toBe(0);
    expect(badSeason.stderr).toContain(`option '--season <n>' argument 'two' is invalid. expected a whole number such as 2, got "two"`);
    const badFormat = crewcount('import', table, '--format', 'tall', '--db', dbFile);
    expect(badFormat.status).not.toBe(0);
    expect(badFormat.stderr).toContain("Allowed choices are auto, long, wide");
    const forcedLong = crewcount('import', table, '--format', 'long', '--production', 'Harbour Lights', '--season', '2', '--db', dbFile);
    expect(forcedLong.status).toBe(1);
    expect(forcedLong.stderr).toContain(`${table}:1:0: missing required columns role, person;`);
    expect((await tableCounts(dbFile)).credits).toBe(13);
    // A filmography without a kind column: --kind film (a bad kind is refused before reading).
    const films = fixture('wide/filmography.csv');
    const badKind = crewcount('import', films, '--kind', 'movie', '--db', dbFile);
    expect(badKind.status).not.toBe(0);
    expect(badKind.stderr).toContain('Allowed choices are tv, film');
    const filmRun = crewcount('import', films, '--kind', 'film', '--db', dbFile);
    expect(filmRun.stderr).toBe('');
    expect(filmRun.status).toBe(0);
    expect(filmRun.stdout).toContain('credits: 6 new, 0 unchanged, 0 updated');
    expect((await tableCounts(dbFile)).credits).toBe(19);
  });

  it('takes the date order of numeric dates (--date-order) and refuses a value it does not know', async () => {
    const dbFile = path.join(tempDir(), 'crew.sqlite');
    const sheet = path.join(tempDir(), 'dates.csv');
    writeFileSync(sheet, 'Dated: crew of season 1\nseries,season,episode,air_date,role,person\nDated,1,1,3/8/2018,director,Ada Quill\n');
    const ambiguous = crewcount('import', sheet, '--db', dbFile);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toContain(`${sheet}:3:4: air date "3/8/2018" is ambiguous`);
    const bad = crewcount('import', sheet, '--date-order', 'ymd', '--db', dbFile);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('Allowed choices are mdy, dmy');
    const run = crewcount('import', sheet, '--date-order', 'mdy', '--db', dbFile);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${sheet}: 1 row read, decoded as utf-8, comma-separated; skipped line 1 above the header (a title or note)`);
    const db = await freshDb(dbFile);
    try {
      expect(await db('episodes').pluck('air_date')).toEqual(['2018-03-08']);
    } finally {
      await db.destroy();
    }
  });

  it('--replace removes the credits a corrected sheet leaves out, listing each; --dry-run first writes nothing', async () => {
    const dbFile = path.join(tempDir(), 'crew.sqlite');
    const dir = tempDir();
    const v1 = path.join(dir, 'v1.csv');
    const fix = path.join(dir, 'fix.csv');
    writeFileSync(v1, 'series,season,episode,role,person\nShow,1,1,director,Wrong Person\nShow,1,1,writer,Bo Kim\n');
    writeFileSync(fix, 'series,season,episode,role,person\nShow,1,1,director,Right Person\n');
    expect(crewcount('import', v1, '--db', dbFile).status).toBe(0);
    const dry = crewcount('import', fix, '--replace', '--dry-run', '--db', dbFile);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('credits: 1 new, 0 unchanged, 0 updated, 1 removed (not in the sheets that replace them)');
    expect(dry.stdout).toContain(`removed: "Show" S1E1 director "Wrong Person" (not in ${fix})`);
    expect(dry.stdout.trimEnd().split('\n').at(-1)).toBe('dry run: nothing was written');
    expect((await tableCounts(dbFile)).credits).toBe(2);
    const run = crewcount('import', fix, '--replace', '--db', dbFile);
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('committed');
    const db = await freshDb(dbFile);
    try {
      expect(await creditLines(db)).toEqual(['Show | S1E1 | director | Right Person | unknown', 'Show | S1E1 | writer | Bo Kim | unknown']);
    } finally {
      await db.destroy();
    }
  });
});
