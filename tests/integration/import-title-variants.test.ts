/**
 * Titles with one slug are one production ("Run", "Run!" and "Rün" are all
 * `run`). That is right for a title written two ways, and wrong for two
 * shows: the summary names each title taken as another production's, so a
 * researcher can tell them apart, while case and spacing alone pass quietly.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/import/report.js';
import { importFiles } from '../../src/import/service.js';
import { databasePerTest, freshDb, tempFile } from '../helpers/db.js';

const HEAD = 'series,season,episode,role,person';
let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

const load = (name: string, rows: string[]) => importFiles(db, [{ path: tempFile(name, `${[HEAD, ...rows].join('\n')}\n`), name }]);

describe('titles taken as one production', () => {
  it('are named in the summary, within one sheet and against the database, once each', async () => {
    const first = await load('a.csv', ['Run,1,1,director,Ann Lee', 'Run!,1,2,director,Bo Kim', 'Run!,1,3,director,Cy Dee', 'RUN,1,4,director,Di Eve']);
    expect(first).toMatchObject({ issues: [], productionsAdded: 1, titleVariants: [['Run!', 'Run']] });
    expect(formatSummary(first)).toContain(
      'check: "Run!" is taken as the production "Run" (titles that differ only in accents or punctuation are one production); if they are two, tell them apart in the title',
    );
    const second = await load('b.csv', ['Rün,2,1,director,Ann Lee', 'Run,2,2,director,Bo Kim']);
    expect(second.titleVariants).toEqual([['Rün', 'Run']]);
    expect(await db('productions').pluck('title')).toEqual(['Run']);
  });

  it('are not named when they differ only in case and spacing', async () => {
    const result = await load('a.csv', ['The  Wire,1,1,director,Ann Lee', 'THE WIRE,1,2,director,Bo Kim', 'the wire,1,3,director,Cy Dee']);
    expect(result).toMatchObject({ issues: [], productionsAdded: 1, titleVariants: [] });
    expect(formatSummary(result)).not.toContain('check:');
  });
});
