/**
 * GET /api/imports?production=…: the files a production's credits came
 * from, which the dashboard prints as a chart's source line; without the
 * parameter, every file of the database. And how every endpoint finds a
 * production by what a user types.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { databasePerTest, freshDb, tempFile } from '../helpers/db.js';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

const files = (res: request.Response): string[] => (res.body as { imports: Array<{ file: string }> }).imports.map((i) => i.file);

describe('GET /api/imports?production=', () => {
  it('lists the files whose credits are in the production, and only those', async () => {
    const sheet = (name: string, rows: string): string => tempFile(name, `series,season,episode,role,person,gender\n${rows}`);
    await importFiles(db, [{ path: sheet('harbour-s1.csv', 'Harbour Lights,1,1,director,Ana Ruiz,woman\n'), name: 'harbour-s1.csv' }]);
    await importFiles(db, [{ path: sheet('queen.csv', 'Queen Sugar,1,1,director,Ava DuVernay,woman\n'), name: 'queen.csv' }]);
    // a second file for the same production, and one that only repeats a stored credit (it adds none)
    await importFiles(db, [{ path: sheet('harbour-s2.csv', 'Harbour Lights,2,1,writer,Piet Olsen,man\n'), name: 'harbour-s2.csv' }]);
    await importFiles(db, [{ path: sheet('again.csv', 'Harbour Lights,1,1,director,Ana Ruiz,woman\n'), name: 'again.csv' }]);
    await importPeople(db, [{ path: tempFile('people.csv', 'person,gender\nAna Ruiz,woman\n'), name: 'people.csv' }]);
    // a failed import of the production's sheet
    await importFiles(db, [{ path: sheet('bad.csv', 'Harbour Lights,1,2,gaffer,Ana Ruiz,woman\n'), name: 'bad.csv' }]);

    const app = createApp({ db });
    expect(files(await request(app).get('/api/imports'))).toEqual(['harbour-s1.csv', 'queen.csv', 'harbour-s2.csv', 'again.csv', 'people.csv', 'bad.csv']);
    expect(files(await request(app).get('/api/imports?production=harbour-lights'))).toEqual(['harbour-s1.csv', 'harbour-s2.csv']);
    // by title, as the other endpoints take it
    expect(files(await request(app).get('/api/imports?production=Queen%20Sugar'))).toEqual(['queen.csv']);
    const missing = await request(app).get('/api/imports?production=no-such-show');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('no production "no-such-show" (give its slug or title)');
  });
});

describe('a production named by what a user types', () => {
  it('is found by slug, title, title in another case, accents and all', async () => {
    await importFiles(db, [{ path: tempFile('a.csv', 'series,season,episode,role,person,gender\nAmélie Café,1,1,director,Ana Ruiz,woman\n') }]);
    const app = createApp({ db });
    for (const name of ['amelie-cafe', 'Amélie Café', 'AMÉLIE CAFÉ', 'amélie café']) {
      const res = await request(app).get('/api/stats').query({ production: name, unit: 'person', role: 'director' });
      expect(res.status, name).toBe(200);
      expect(res.body.rows.map((r: { production: string }) => r.production), name).toEqual(['amelie-cafe']);
    }
    // only the title in another case, not whatever has its slug
    for (const name of ['Amélie', 'Amelie Cafe', "amelie-cafe' --", 'Amélie Café!']) expect((await request(app).get('/api/stats').query({ production: name })).status, name).toBe(404);
  });
});
