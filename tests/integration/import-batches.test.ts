import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { freshDb, tempFile } from '../helpers/db.js';

const H = 'series,season,episode,episode_title,air_date,role,person,gender';

describe('facts given batches apart within one import', () => {
  it('keeps a gender, title and air date first given many batches after the person or episode was created', async () => {
    const pad = 'x'.repeat(40);
    const lines = [H, 'Long Run,1,1,,,director,Late Gender,'];
    for (let i = 0; i < 30_000; i++) lines.push(`Long Run,1,${i + 2},Title ${pad},,writer,Writer ${i},`);
    lines.push('Long Run,1,1,Pilot,2020-01-01,writer,Late Gender,woman');
    const db = await freshDb();
    try {
      const summary = await importFiles(db, [{ path: tempFile('late.csv', `${lines.join('\n')}\n`) }]);
      expect(summary.issues).toEqual([]);
      expect(summary.peopleUpdated).toBe(0); // the person is new, not updated
      expect(summary.episodesUpdated).toBe(0);
      expect(await db('people').where('name', 'Late Gender').first('gender')).toEqual({ gender: 'woman' });
      expect(await db('episodes').where('number', 1).first('title', 'air_date')).toEqual({ title: 'Pilot', air_date: '2020-01-01' });
    } finally {
      await db.destroy();
    }
  });

  it('names both lines of a gender conflict in the message', async () => {
    const db = await freshDb();
    try {
      const file = tempFile('g.csv', `${H}\nShow,1,1,,,director,Ana Ruiz,woman\nShow,1,2,,,director,Bo Li,man\nShow,1,3,,,director,ANA RUIZ,man\n`);
      const summary = await importFiles(db, [{ path: file, name: 'g.csv' }]);
      expect(summary.issues).toHaveLength(1);
      expect(summary.issues[0]!.message).toMatch(/line 4.*line 2/);
    } finally {
      await db.destroy();
    }
  });
});
