/**
 * Rows that repeat a credit with other notes or sources: a writer's "Story
 * by" and "Teleplay by" rows in a long sheet are one credit noted "Story by;
 * Teleplay by", as a wide sheet's cell gives it, wherever the rows fall (one
 * run of rows, apart, other batches, other files, over stored credits), and
 * importing the sheet again finds the credit unchanged.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { joinParts } from '../../src/import/names.js';
import { importFiles } from '../../src/import/service.js';
import { databasePerTest, freshDb, tempFile } from '../helpers/db.js';

const HEAD = 'series,season,episode,role,person,gender,source';
const STORY = 'Show,1,1,Story by,Mary Harron,w,';
const TELEPLAY = 'Show,1,1,Teleplay by,Mary Harron,w,https://example.org/credits';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

const sheet = (name: string, rows: string[]) => ({ path: tempFile(name, `${[HEAD, ...rows].join('\n')}\n`) });
const writerCredit = async () => db('credits').select('credit_note', 'source');
/** Rows crediting other people on other episodes: enough to push the rows around them into other batches. */
const filler = (n: number) => Array.from({ length: n }, (_, i) => `Show,1,${2 + Math.floor(i / 4)},director,Filler ${i % 400},,`);

describe('repeated rows of one credit', () => {
  it('join their notes and sources in one run of rows, and a re-import finds the credit unchanged', async () => {
    const first = await importFiles(db, [sheet('a.csv', [STORY, TELEPLAY])]);
    expect(first).toMatchObject({ issues: [], creditsNew: 1, duplicateRows: 1 });
    expect(await writerCredit()).toEqual([{ credit_note: 'Story by; Teleplay by', source: 'https://example.org/credits' }]);
    const again = await importFiles(db, [sheet('a.csv', [STORY, TELEPLAY])]);
    expect(again).toMatchObject({ issues: [], creditsNew: 0, creditsUnchanged: 1, creditsUpdated: 0, duplicateRows: 1 });
    expect(await writerCredit()).toEqual([{ credit_note: 'Story by; Teleplay by', source: 'https://example.org/credits' }]);
  });

  it('join them when the rows are apart, in other batches, or in other files of one import', async () => {
    for (const files of [
      [sheet('apart.csv', [STORY, 'Show,1,2,director,Ann Lee,w,', TELEPLAY])],
      [sheet('batches.csv', [STORY, ...filler(2500), TELEPLAY])],
      [sheet('one.csv', [STORY]), sheet('two.csv', [TELEPLAY])],
    ]) {
      const d = await freshDb();
      try {
        expect((await importFiles(d, files)).issues).toEqual([]);
        expect(await d('credits').join('roles', 'roles.id', 'credits.role_id').where('roles.code', 'writer').select('credit_note', 'source')).toEqual([
          { credit_note: 'Story by; Teleplay by', source: 'https://example.org/credits' },
        ]);
      } finally {
        await d.destroy();
      }
    }
  });

  it('over a stored credit: the rows of this import replace its note, counted once, in the file that first gave it', async () => {
    await importFiles(db, [sheet('story.csv', [STORY])]);
    expect(await writerCredit()).toEqual([{ credit_note: 'Story by', source: null }]);
    const both = await importFiles(db, [sheet('more.csv', ['Show,1,2,director,Ann Lee,w,']), sheet('both.csv', [STORY, ...filler(1200), TELEPLAY])]);
    expect(both).toMatchObject({ issues: [], creditsUpdated: 1, creditsUnchanged: 0 });
    const ledger = await db('imports').orderBy('id').select('file_name', 'credits_updated', 'credits_unchanged');
    expect(ledger.slice(1).map((e) => [e.file_name.split('/').pop(), e.credits_updated, e.credits_unchanged])).toEqual([
      ['more.csv', 0, 0],
      ['both.csv', 1, 0],
    ]);
    expect(await db('credits').where({ credit_note: 'Story by; Teleplay by' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    // The sheet that gave the first note alone, again: a corrected note replaces the joined one, as before.
    expect(await importFiles(db, [sheet('story.csv', [STORY])])).toMatchObject({ creditsUpdated: 1 });
    expect(await db('credits').where({ credit_note: 'Story by' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});

describe('joinParts', () => {
  it('joins distinct values in order of first appearance; a blank adds nothing', () => {
    expect(joinParts(null, null)).toBe(null);
    expect(joinParts(null, 'Story by')).toBe('Story by');
    expect(joinParts('Story by', null)).toBe('Story by');
    expect(joinParts('Story by', 'Story by')).toBe('Story by');
    expect(joinParts('Story by', 'Teleplay by')).toBe('Story by; Teleplay by');
    expect(joinParts('Story by; Teleplay by', 'Story by')).toBe('Story by; Teleplay by');
  });
});
