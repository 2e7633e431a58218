/**
 * Importing with `replace` (`crewcount import --replace`): a corrected sheet
 * retracts the credits it leaves out. Each file speaks for the roles it gives
 * credits for, in the episodes it lists: stored credits of those episodes
 * and roles that no row of the import gives are removed; other roles, other
 * episodes, and imports without `replace` are left alone.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { importFiles, type ImportOptions } from '../../src/import/service.js';
import { formatSummary } from '../../src/import/report.js';
import { MAX_REMOVED_LISTED } from '../../src/import/types.js';
import { computeStats } from '../../src/stats/service.js';
import { creditLines, databasePerTest, freshDb, snapshot, tempFile } from '../helpers/db.js';

const HEAD = 'series,season,episode,role,person,gender';
const STORED = [
  'Show,1,1,director,Ann Lee,woman',
  'Show,1,1,writer,Bo Kim,man',
  'Show,1,2,director,Wrong Person,man',
  'Show,1,2,writer,Cy Dee,woman',
  'Show,1,3,director,Di Eve,woman',
];

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

const sheet = (name: string, rows: string[], head = HEAD) => ({ path: tempFile(name, `${[head, ...rows].join('\n')}\n`), name });
const load = (files: Array<{ path: string; name: string }>, options: ImportOptions = {}) => importFiles(db, files, options);
const directorsOf = async (season = 1) => (await computeStats(db, { production: 'show', season, role: 'director', unit: 'person' }))[0]!;

describe('an import that replaces', () => {
  it('removes the stored credits of the episodes and roles a sheet gives that it leaves out, and nothing else', async () => {
    await load([sheet('v1.csv', STORED)]);
    expect(await directorsOf()).toMatchObject({ women: 2, men: 1 });
    const fix = await load([sheet('fix.csv', ['Show,1,2,director,Right Person,woman'])], { replace: true });
    expect(fix).toMatchObject({ issues: [], replace: true, creditsNew: 1, creditsRemoved: 1, committed: true });
    expect(fix.removedCredits).toEqual([{ production: 'Show', kind: 'tv', season: 1, episode: 2, role: 'director', person: 'Wrong Person', file: 'fix.csv' }]);
    expect(await creditLines(db)).toEqual([
      'Show | S1E1 | director | Ann Lee | woman',
      'Show | S1E1 | writer | Bo Kim | man',
      'Show | S1E2 | director | Right Person | woman',
      // Writers: a role the sheet does not give. Episodes 1 and 3: not in the sheet.
      'Show | S1E2 | writer | Cy Dee | woman',
      'Show | S1E3 | director | Di Eve | woman',
    ]);
    // The figures follow the stored credits at once.
    expect(await directorsOf()).toMatchObject({ women: 3, men: 0 });
    expect(formatSummary(fix)).toContain('credits: 1 new, 0 unchanged, 0 updated, 1 removed (not in the sheets that replace them)');
    expect(formatSummary(fix)).toContain('removed: "Show" S1E2 director "Wrong Person" (not in fix.csv)');
    const ledger = await db('imports').orderBy('id').select('file_name', 'credits_added', 'credits_removed');
    expect(ledger).toEqual([
      { file_name: 'v1.csv', credits_added: 5, credits_removed: 0 },
      { file_name: 'fix.csv', credits_added: 1, credits_removed: 1 },
    ]);
    // The person stays, with no credit: people are not removed.
    expect(await db('people').where({ name: 'Wrong Person' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    // Again: nothing left to remove.
    const again = await load([sheet('fix.csv', ['Show,1,2,director,Right Person,woman'])], { replace: true });
    expect(again).toMatchObject({ issues: [], creditsNew: 0, creditsUnchanged: 1, creditsRemoved: 0, removedCredits: [] });
  });

  it('removes nothing without replace, and a dry run lists what it would remove but writes nothing', async () => {
    await load([sheet('v1.csv', STORED)]);
    const plain = await load([sheet('fix.csv', ['Show,1,2,director,Right Person,woman'])], { dryRun: true });
    expect(plain).toMatchObject({ replace: false, creditsRemoved: 0, removedCredits: [] });
    expect(formatSummary(plain)).not.toContain('removed');
    const before = await snapshot(db);
    const dry = await load([sheet('fix.csv', ['Show,1,2,director,Right Person,woman'])], { replace: true, dryRun: true });
    expect(dry).toMatchObject({ issues: [], committed: false, creditsRemoved: 1 });
    expect(dry.removedCredits.map((c) => c.person)).toEqual(['Wrong Person']);
    expect(await snapshot(db)).toEqual(before);
  });

  it('removes nothing when the import has an error', async () => {
    await load([sheet('v1.csv', STORED)]);
    const before = await snapshot(db);
    const bad = await load([sheet('fix.csv', ['Show,1,2,director,Right Person,woman', 'Show,1,2,grip,Al Bo,man'])], { replace: true });
    expect(bad.issues.map((i) => [i.line, i.column, i.value])).toEqual([[3, 4, 'grip']]);
    expect(bad.committed).toBe(false);
    expect(await snapshot(db)).toEqual(before);
  });

  it('takes each file for the episodes and roles it gives, keeping a credit any file of the import gives', async () => {
    await load([sheet('v1.csv', [...STORED, 'Show,1,1,director,Co Director,man', 'Show,1,3,writer,Ed Fox,man'])]);
    const result = await load(
      [
        // Directors of episodes 1 and 2: Co Director (episode 1) is left out here, but co.csv gives it.
        sheet('directors.csv', ['Show,1,1,director,Ann Lee,woman', 'Show,1,2,director,Right Person,woman']),
        // Writers of episode 3 only.
        sheet('writers.csv', ['Show,1,3,writer,Fay Gill,woman']),
        sheet('co.csv', ['Show,1,1,director,Co Director,man']),
      ],
      { replace: true },
    );
    expect(result).toMatchObject({ issues: [], creditsRemoved: 2 });
    expect(result.removedCredits.map((c) => [c.episode, c.role, c.person, c.file])).toEqual([
      [2, 'director', 'Wrong Person', 'directors.csv'],
      [3, 'writer', 'Ed Fox', 'writers.csv'],
    ]);
    expect(await creditLines(db)).toEqual([
      'Show | S1E1 | director | Ann Lee | woman',
      'Show | S1E1 | director | Co Director | man',
      'Show | S1E1 | writer | Bo Kim | man',
      'Show | S1E2 | director | Right Person | woman',
      'Show | S1E2 | writer | Cy Dee | woman',
      'Show | S1E3 | director | Di Eve | woman',
      'Show | S1E3 | writer | Fay Gill | woman',
    ]);
    const ledger = await db('imports').orderBy('id').select('file_name', 'credits_removed');
    expect(ledger.slice(1)).toEqual([
      { file_name: 'directors.csv', credits_removed: 1 },
      { file_name: 'writers.csv', credits_removed: 1 },
      { file_name: 'co.csv', credits_removed: 0 },
    ]);
  });

  it('reads a wide sheet the same way: its episodes, and the roles it gives anywhere', async () => {
    await load([sheet('v1.csv', STORED)]);
    const wide = sheet('wide.csv', ['Show,1,1,Ann Lee,', 'Show,1,2,Right Person,Cy Dee'], 'series,season,episode,Directed by,Written by');
    const result = await load([wide], { replace: true });
    expect(result).toMatchObject({ issues: [], creditsNew: 1, creditsRemoved: 2 });
    // Episode 1's writer cell is blank, but the sheet gives writers: Bo Kim is left out of episode 1.
    expect(result.removedCredits.map((c) => [c.episode, c.role, c.person])).toEqual([
      [1, 'writer', 'Bo Kim'],
      [2, 'director', 'Wrong Person'],
    ]);
    expect(await creditLines(db)).toEqual([
      'Show | S1E1 | director | Ann Lee | woman',
      'Show | S1E2 | director | Right Person | unknown',
      'Show | S1E2 | writer | Cy Dee | woman',
      'Show | S1E3 | director | Di Eve | woman',
    ]);
  });

  it('takes a row that records an episode alone as listing it with no credit for the roles the file gives', async () => {
    await load([sheet('v1.csv', STORED)]);
    const result = await load([sheet('fix.csv', ['Show,1,1,director,Ann Lee,woman', 'Show,1,3,,,'])], { replace: true });
    expect(result).toMatchObject({ issues: [], creditsRemoved: 1 });
    expect(result.removedCredits.map((c) => [c.episode, c.role, c.person])).toEqual([[3, 'director', 'Di Eve']]);
    // Episode 3 stays, credited with nobody: it still counts in the season's coverage.
    expect(await db('episodes').count({ n: '*' })).toEqual([{ n: 3 }]);
  });

  it('replaces a film credit', async () => {
    const head = 'title,kind,year,role,person,gender';
    await load([sheet('films.csv', ['Arrival Day,film,2016,director,Old Name,man', 'Arrival Day,film,2016,writer,Gil Ho,man'], head)]);
    const result = await load([sheet('fix.csv', ['Arrival Day,film,2016,director,New Name,woman'], head)], { replace: true });
    expect(result).toMatchObject({ issues: [], creditsRemoved: 1 });
    expect(formatSummary(result)).toContain('removed: "Arrival Day" (film) director "Old Name" (not in fix.csv)');
  });

  it('counts every removal and lists the first ones', async () => {
    // Five writers on each of 300 episodes.
    await load([sheet('many.csv', Array.from({ length: 1500 }, (_, i) => `Show,1,${1 + Math.floor(i / 5)},writer,Writer ${i},`))]);
    const directors = Array.from({ length: 300 }, (_, i) => `Show,1,${1 + i},director,Dir ${i},`);
    // Directors only: the writers stay.
    expect(await load([sheet('directors.csv', directors)], { replace: true })).toMatchObject({ issues: [], creditsNew: 300, creditsRemoved: 0 });
    const firstWriters = Array.from({ length: 300 }, (_, i) => `Show,1,${1 + i},writer,Writer ${i * 5},`);
    const replaced = await load([sheet('first-writers.csv', firstWriters)], { replace: true });
    expect(replaced).toMatchObject({ issues: [], creditsNew: 0, creditsUnchanged: 300, creditsRemoved: 1200 });
    expect(replaced.removedCredits).toHaveLength(MAX_REMOVED_LISTED);
    expect(replaced.removedCredits.slice(0, 5).map((c) => [c.episode, c.person])).toEqual([
      [1, 'Writer 1'],
      [1, 'Writer 2'],
      [1, 'Writer 3'],
      [1, 'Writer 4'],
      [2, 'Writer 6'],
    ]);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 600 }]);
    expect(formatSummary(replaced)).toContain('removed: 1150 more credits');
  });
});
