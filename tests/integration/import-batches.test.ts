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

  it('counts a credit repeated batches apart once, joining its notes, and adds a new credit to an episode begun batches before', async () => {
    // The loader inserts an episode's credits without asking the database
    // while the episode is new in the batch at hand, and asks it for an episode
    // added by an earlier batch (see CreditLoader.loadCredits): both ways here.
    const lines = ['series,season,episode,role,person,credit_note', 'Apart,1,1,director,Ann Apart,first', 'Apart,1,1,writer,Bea Apart,'];
    for (let i = 0; i < 3_000; i++) lines.push(`Apart,1,${i + 2},writer,Writer ${i},`);
    lines.push(
      'Apart,1,1,director,ANN APART,second', // repeated 3,000 rows later: counted once, its note joined to the first
      'Apart,1,1,editor,Cy Apart,', // new, in an episode an earlier batch added
      'Apart,1,1,editor,Cy Apart,', // and repeated within this batch
      'Apart,1,9000,director,Di Apart,', // new episode, its credit repeated in the same batch
      'Apart,1,9000,director,Di Apart,',
    );
    const db = await freshDb();
    try {
      const summary = await importFiles(db, [{ path: tempFile('apart.csv', `${lines.join('\n')}\n`) }]);
      expect(summary.issues).toEqual([]);
      expect(summary).toMatchObject({ rowsRead: 3_007, creditsNew: 3_004, duplicateRows: 3, creditsUnchanged: 0, creditsUpdated: 0 });
      expect(Number((await db('credits').count({ n: '*' }))[0]!.n)).toBe(3_004);
      const first = await db('credits').join('people', 'people.id', 'credits.person_id').where('people.name', 'Ann Apart').first('credit_note');
      expect(first).toEqual({ credit_note: 'first; second' });
      // The same sheet again: every credit stored, nothing new.
      const again = await importFiles(db, [{ path: tempFile('apart.csv', `${lines.join('\n')}\n`) }]);
      expect(again).toMatchObject({ creditsNew: 0, creditsUnchanged: 3_004, creditsUpdated: 0, duplicateRows: 3 });
    } finally {
      await db.destroy();
    }
  });

  it('counts a credit repeated within a batch after other episodes once, and adds new ones to an episode listed twice', async () => {
    const sheet = [
      'series,season,episode,role,person',
      'Twice,1,1,director,Ann Twice',
      'Twice,1,1,director,Ann Twice', // repeated within its run
      'Twice,1,2,director,Bo Twice',
      'Twice,1,1,director,Ann Twice', // repeated after the run for episode 1 ended
      'Twice,1,1,writer,Cy Twice', // new, for episode 1 listed a second time
      'Twice,1,2,director,Bo Twice',
      'Twice,1,2,writer,Cy Twice',
    ];
    const db = await freshDb();
    try {
      const summary = await importFiles(db, [{ path: tempFile('twice.csv', `${sheet.join('\n')}\n`) }]);
      expect(summary).toMatchObject({ committed: true, rowsRead: 7, creditsNew: 4, duplicateRows: 3 });
      expect(Number((await db('credits').count({ n: '*' }))[0]!.n)).toBe(4);
    } finally {
      await db.destroy();
    }
  });

  it('counts repeats once in an episode with many credits (past 32 credits the loader keeps a run of credits in a set)', async () => {
    const crew = Array.from({ length: 40 }, (_, i) => `Big,1,1,writer,Writer ${i}`);
    const sheet = ['series,season,episode,role,person', ...crew, crew[0]!, crew[39]!, crew[20]!, 'Big,1,1,director,Writer 0'];
    const db = await freshDb();
    try {
      const summary = await importFiles(db, [{ path: tempFile('big.csv', `${sheet.join('\n')}\n`) }]);
      expect(summary).toMatchObject({ committed: true, rowsRead: 44, creditsNew: 41, duplicateRows: 3 });
    } finally {
      await db.destroy();
    }
  });
});
