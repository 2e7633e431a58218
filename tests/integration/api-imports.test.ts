/**
 * POST /api/imports through supertest on createApp: the bearer token (403
 * when none is configured, 401 when missing, malformed or wrong), the size
 * limit (413), multipart and text/csv bodies, dry run then commit, a bad
 * sheet refused whole with located issues, and bad parameters. Every refusal
 * leaves the database as it was and no temporary file behind: the uploads
 * spool under os.tmpdir(), which this file points at a directory of its own.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { freshDb, snapshot, tempDir } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const BASE = readFileSync(fixture('base.csv'));
const OVERLAP = readFileSync(fixture('overlap.csv'));
const TOKEN = 'test-token-4f1c9a';
const LIMIT = 64 << 10;

let db: Knex;
let app: Express;
let uploadsTmp: string;
const savedTmpdir = process.env.TMPDIR;

beforeAll(() => {
  uploadsTmp = mkdtempSync(path.join(tmpdir(), 'crewcount-api-imports-'));
  process.env.TMPDIR = uploadsTmp; // os.tmpdir() reads it on every call
});
afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(uploadsTmp, { recursive: true, force: true });
});

beforeEach(async () => {
  // A real SQLite file (the server's usual database); under the postgres project, a PostgreSQL database.
  db = process.env.CREWCOUNT_TEST_DB === 'postgres' ? await freshDb() : await freshDb(path.join(tempDir(), 'crewcount.sqlite'));
  app = createApp({ db, token: TOKEN, maxUploadBytes: LIMIT });
});
afterEach(async () => {
  await db.destroy();
  expect(readdirSync(uploadsTmp).filter((f) => f.startsWith('crewcount-upload-')), 'temporary upload files left behind').toEqual([]);
});

const post = (query = '') => request(app).post(`/api/imports${query}`).set('Authorization', `Bearer ${TOKEN}`);
const postCsv = (body: Buffer | string, query = '') => post(query).set('Content-Type', 'text/csv').send(Buffer.from(body));

function expectError(res: request.Response, status: number, code: string, message?: RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body.error.code).toBe(code);
  if (message) expect(res.body.error.message).toMatch(message);
}

/** Temporary upload directories (or files) still there. */
const uploadsLeft = (): string[] => readdirSync(uploadsTmp).filter((f) => f.startsWith('crewcount-upload-'));

async function ledger(): Promise<Array<{ file_name: string; outcome: string }>> {
  return db('imports').select('file_name', 'outcome').orderBy('id');
}

async function creditCount(): Promise<number> {
  const [{ n }] = (await db('credits').count({ n: '*' })) as [{ n: number | string }];
  return Number(n);
}

describe('the bearer token', () => {
  it('refuses every upload with 403 and says how to enable them when no token is configured', async () => {
    const closed = createApp({ db, maxUploadBytes: LIMIT });
    for (const auth of [undefined, `Bearer ${TOKEN}`, 'Bearer ']) {
      const req = request(closed).post('/api/imports').set('Content-Type', 'text/csv');
      if (auth) req.set('Authorization', auth);
      expectError(await req.send(BASE), 403, 'uploads_disabled', /uploads are disabled: start the server with CREWCOUNT_TOKEN set/);
    }
    const emptyToken = createApp({ db, token: '', maxUploadBytes: LIMIT });
    expectError(await request(emptyToken).post('/api/imports').set('Authorization', 'Bearer ').set('Content-Type', 'text/csv').send(BASE), 403, 'uploads_disabled');
    expect(await creditCount()).toBe(0);
    expect(await ledger()).toEqual([]);
  });

  it('answers 401 with WWW-Authenticate: Bearer to a missing Authorization header', async () => {
    const res = await request(app).post('/api/imports').set('Content-Type', 'text/csv').send(BASE);
    expectError(res, 401, 'unauthorized', /missing Authorization header/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', `Bearer ${TOKEN} extra`, `Token ${TOKEN}`, TOKEN, 'Bearer <script>'])(
    'answers 401 to a malformed Authorization header: %s',
    async (header) => {
      const res = await request(app).post('/api/imports').set('Authorization', header).set('Content-Type', 'text/csv').send(BASE);
      expectError(res, 401, 'unauthorized', /malformed Authorization header/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    },
  );

  it.each([['a wrong token', 'not-the-token'], ['a prefix of the token', TOKEN.slice(0, -1)], ['the token and more', `${TOKEN}0`], ['another case', TOKEN.toUpperCase()]])(
    'answers 401 to %s, and writes nothing',
    async (_what, token) => {
      const res = await request(app).post('/api/imports').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(BASE);
      expectError(res, 401, 'unauthorized', /wrong token/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b.*invalid_token/);
      expect(await creditCount()).toBe(0);
      expect(await ledger()).toEqual([]);
    },
  );

  it('accepts the scheme in any case', async () => {
    const res = await request(app).post('/api/imports').set('Authorization', `bearer ${TOKEN}`).set('Content-Type', 'text/csv').send(BASE);
    expect(res.status, res.text).toBe(200);
  });

  it('checks the token before the size: an oversized upload with a wrong token is a 401, not a 413', async () => {
    const res = await request(app).post('/api/imports').set('Authorization', 'Bearer nope').set('Content-Type', 'text/csv').send(Buffer.alloc(LIMIT * 2, 0x61));
    expectError(res, 401, 'unauthorized');
  });
});

describe('the size limit', () => {
  /** A sheet just over the limit: the base sheet, then the same rows again and again. */
  function oversized(): Buffer {
    const [header, ...rows] = BASE.toString('utf8').trimEnd().split('\n');
    let text = `${header}\n`;
    while (Buffer.byteLength(text) <= LIMIT) text += `${rows.join('\n')}\n`;
    return Buffer.from(text);
  }

  it('refuses a text/csv body over the limit with 413 and imports nothing', async () => {
    const res = await postCsv(oversized());
    expectError(res, 413, 'too_large', /larger than the limit of 0\.06 MB \(CREWCOUNT_MAX_UPLOAD_MB\); nothing was imported/);
    expect(await creditCount()).toBe(0);
    expect(await ledger()).toEqual([]);
  });

  it('refuses a multipart file over the limit with 413 and imports nothing', async () => {
    const res = await post().attach('file', oversized(), 'big.csv');
    expectError(res, 413, 'too_large');
    expect(await creditCount()).toBe(0);
    expect(await ledger()).toEqual([]);
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit, and the server keeps serving', async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: '/api/imports', method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        const big = oversized();
        req.write(big.subarray(0, LIMIT / 2));
        req.write(big.subarray(LIMIT / 2));
        req.end(big.subarray(0, 100));
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.code).toBe('too_large');
      expect((await request(app).get('/api/health')).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await creditCount()).toBe(0);
  });

  it('removes the temporary file of an upload whose connection closes before its body is read, raw or multipart', async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = 'series,season,episode,role,person\nLeak,1,1,director,Ann Lee\n';
      const multipart = `--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${body}\r\n--B--\r\n`;
      // A declared length shorter than what follows: Node answers the rest, a request it cannot parse, with 400 and closes
      // the connection while the upload's body is still unread.
      for (const [type, sent, length] of [
        ['text/csv', body, 10],
        ['multipart/form-data; boundary=B', multipart, 60],
      ] as const) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.resume(); // read Node's answer, so that its end (and the close) come through
        socket.write(`POST /api/imports?dry_run=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n${sent}`);
        await new Promise((resolve) => socket.once('close', resolve));
      }
      // The handlers end and remove their temporary directories (polled: the clean-up is asynchronous).
      for (let i = 0; i < 200 && uploadsLeft().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uploadsLeft(), 'temporary upload directories left behind').toEqual([]);
      expect((await request(app).get('/api/health')).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await ledger()).toEqual([]);
  });

  it('accepts a sheet of exactly the limit', async () => {
    const exact = Buffer.concat([BASE, Buffer.alloc(LIMIT - BASE.length, 0x0a)]); // blank lines are skipped
    expect(exact.length).toBe(LIMIT);
    const res = await postCsv(exact);
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary.creditsNew).toBe(6);
  });
});

describe('uploading a sheet', () => {
  it('dry-runs a text/csv body: reports the counts, writes nothing (not even the ledger), then commits it', async () => {
    const before = await snapshot(db);
    const dry = await postCsv(BASE, '?dry_run=1&name=harbour-lights.csv');
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.summary).toMatchObject({ rowsRead: 6, creditsNew: 6, creditsUnchanged: 0, creditsUpdated: 0, duplicateRows: 0, issues: [], dryRun: true, committed: false });
    expect(dry.body.summary.files).toEqual([expect.objectContaining({ file: 'harbour-lights.csv', encoding: 'utf-8', delimiter: ',', format: 'long', rowsRead: 6 })]);
    expect(dry.body.report).toMatch(/dry run: nothing was written/);
    expect(await snapshot(db)).toEqual(before);
    expect(await ledger()).toEqual([]);

    const real = await postCsv(BASE, '?name=harbour-lights.csv');
    expect(real.status, real.text).toBe(200);
    expect(real.body.summary).toMatchObject({ creditsNew: 6, dryRun: false, committed: true, productionsAdded: 1, episodesAdded: 3, peopleAdded: 4 });
    expect(await creditCount()).toBe(6);
    expect(await ledger()).toEqual([{ file_name: 'harbour-lights.csv', outcome: 'committed' }]);
    const listed = await request(app).get('/api/imports');
    expect(listed.body.imports).toEqual([expect.objectContaining({ file: 'harbour-lights.csv', outcome: 'committed', credits_added: 6 })]);
    const productions = await request(app).get('/api/productions');
    expect(productions.body.productions.map((p: { slug: string }) => p.slug)).toEqual(['harbour-lights']);
  });

  it.each(['?dry_run', '?dry_run=', '?dry_run=%20', '?dry_run=yes', '?dry_run=ON'])('%s is a dry run: a flag present with no value is on, as an HTML boolean attribute', async (query) => {
    const before = await snapshot(db);
    const res = await postCsv(BASE, query);
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ creditsNew: 6, dryRun: true, committed: false });
    expect(await snapshot(db)).toEqual(before);
  });

  it('a multipart dry_run field with no value is a dry run too', async () => {
    const res = await post().field('dry_run', '').attach('file', BASE, 'a.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ dryRun: true, committed: false });
    expect(await creditCount()).toBe(0);
  });

  it('names a raw upload "upload.csv" when no name is given', async () => {
    expect((await postCsv(BASE)).status).toBe(200);
    expect(await ledger()).toEqual([{ file_name: 'upload.csv', outcome: 'committed' }]);
  });

  it('takes a multipart upload under its own file name; an overlapping sheet adds only what is new', async () => {
    const first = await post().attach('file', BASE, 'harbour lights S1.csv');
    expect(first.status, first.text).toBe(200);
    expect(first.body.summary).toMatchObject({ creditsNew: 6, committed: true });

    const dry = await post().field('dry_run', '1').attach('file', OVERLAP, 'overlap.csv');
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.summary).toMatchObject({ creditsNew: 2, creditsUnchanged: 2, creditsUpdated: 0, dryRun: true, committed: false });
    expect(await creditCount()).toBe(6);

    const real = await post().attach('file', OVERLAP, 'overlap.csv');
    expect(real.body.summary).toMatchObject({ creditsNew: 2, creditsUnchanged: 2, committed: true });
    expect(await creditCount()).toBe(8);

    const again = await post().attach('file', readFileSync(fixture('notes-changed.csv')), 'notes-changed.csv');
    expect(again.body.summary).toMatchObject({ creditsNew: 0, creditsUpdated: 2, creditsUnchanged: 1, committed: true });
    expect((await ledger()).map((e) => e.file_name)).toEqual(['harbour lights S1.csv', 'overlap.csv', 'notes-changed.csv']);
  });

  it('keeps only the last segment of a client-given path as the file name', async () => {
    expect((await post().attach('file', BASE, 'C:\\fakepath\\..\\sheet.csv')).status).toBe(200);
    expect((await postCsv(OVERLAP, `?name=${encodeURIComponent('../../etc/passwd')}`)).status).toBe(200);
    // A right-to-left override would show "report\u202Evsc.csv" as "reportcsv.csv": bidi controls are dropped.
    expect((await postCsv(OVERLAP, `?name=${encodeURIComponent('report\u202Evsc.csv')}`)).status).toBe(200);
    expect((await ledger()).map((e) => e.file_name)).toEqual(['sheet.csv', 'passwd', 'reportvsc.csv']);
  });

  it('reads a semicolon-separated UTF-8 sheet with a BOM and CRLF, and reports what it detected', async () => {
    const res = await post().attach('file', readFileSync(fixture('excel-semicolon-bom-crlf.csv')), 'excel.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary.files[0]).toMatchObject({ file: 'excel.csv', delimiter: ';', encoding: 'utf-8' });
  });

  it('passes the delimiter and encoding options through', async () => {
    const tabbed = BASE.toString('utf8').replaceAll(',', '\t');
    const res = await postCsv(tabbed, '?delimiter=tab&dry_run=true');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ creditsNew: 6, dryRun: true });
    expect(res.body.summary.files[0].delimiter).toBe('\t');

    // UTF-16 without a byte-order mark cannot be told from its bytes: only the encoding parameter reads it.
    const utf16 = Buffer.from('series,season,episode,role,person,gender\nSeñora Acero,1,1,director,José Núñez,man\n', 'utf16le');
    expect((await postCsv(utf16, '?dry_run=1')).status).toBe(422);
    const right = await postCsv(utf16, '?encoding=utf-16le');
    expect(right.status, right.text).toBe(200);
    expect(right.body.summary).toMatchObject({ creditsNew: 1, committed: true });
    expect(right.body.summary.files[0].encoding).toBe('utf-16le');
    expect(await db('people').pluck('name')).toEqual(['José Núñez']);
  });

  it('imports a wide episode table with the production and season given as parameters', async () => {
    const table = readFileSync(fixture('wide/episode-table.csv'));
    const missing = await post('?dry_run=1').attach('file', table, 'episode-table.csv');
    expect(missing.status).toBe(422);
    expect(missing.body.summary.issues[0].message).toMatch(/^missing required columns series \(or --production\), season \(or --season\)/);
    const res = await post('?production=Harbour%20Lights&season=2&format=wide').attach('file', table, 'episode-table.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ creditsNew: 13, episodesAdded: 4, committed: true });
    expect(res.body.summary.files[0]).toMatchObject({ format: 'wide', rowsRead: 4 });
    expect(await db('productions').pluck('title')).toEqual(['Harbour Lights']);
    const films = await post('?kind=film').attach('file', readFileSync(fixture('wide/filmography.csv')), 'filmography.csv');
    expect(films.status, films.text).toBe(200);
    expect(await db('productions').where({ kind: 'film' }).orderBy('title').pluck('title')).toEqual(['Paper Lanterns', 'The Long Quiet']);
  });

  it('passes the date order through, and reports the lines skipped above the header', async () => {
    const sheet = 'Crew list, season 1\nseries,season,episode,air_date,role,person\nSeñora Acero,1,1,3/8/2018,director,José Núñez\n';
    const ambiguous = await postCsv(sheet, '?dry_run=1');
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.summary.issues[0]).toMatchObject({ line: 3, column: 4, value: '3/8/2018' });
    const res = await postCsv(sheet, '?date_order=dmy');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary.files[0]).toMatchObject({ preamble: [1], rowsRead: 1 });
    expect(await db('episodes').pluck('air_date')).toEqual(['2018-08-03']);
  });

  it('imports a people sheet with ?sheet=people, dry run first, and refuses credit-sheet options for it', async () => {
    const people = 'person,gender,gender_source,source_url,note\nAna Ruiz,woman,public-statement,https://example.org/ana,her own words\n';
    const dry = await postCsv(people, '?sheet=people&dry_run=1');
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.summary).toMatchObject({ peopleNew: 1, dryRun: true, committed: false });
    expect(await db('people').count({ n: '*' })).toEqual([{ n: 0 }]);
    const res = await postCsv(people, '?sheet=people&name=people.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ peopleNew: 1, committed: true });
    expect(await db('people').select('name', 'gender', 'gender_source')).toEqual([{ name: 'Ana Ruiz', gender: 'woman', gender_source: 'public-statement' }]);
    const withSeason = await postCsv(people, '?sheet=people&season=2');
    expectError(withSeason, 400, 'bad_parameter', /^season applies to credit sheets only/);
    expectError(await postCsv(people, '?sheet=people&date_order=mdy'), 400, 'bad_parameter', /^date_order applies to credit sheets only/);
    // Even blank, which would turn the flag on.
    expectError(await postCsv(people, '?sheet=people&replace'), 400, 'bad_parameter', /^replace applies to credit sheets only/);
    const badRow = await postCsv('person,gender,gender_source\nAna Ruiz,woman,hunch\n', '?sheet=people');
    expect(badRow.status).toBe(422);
    expect(badRow.body.summary.issues[0]).toMatchObject({ line: 2, column: 3, value: 'hunch' });
    // A credit sheet sent as a people sheet would set genders unannounced: refused at its role column.
    const credits = await postCsv(BASE, '?sheet=people');
    expect(credits.status).toBe(422);
    expect(credits.body.summary.issues).toEqual([
      expect.objectContaining({ line: 1, column: 6, value: 'role', message: expect.stringMatching(/^this looks like a credit sheet/) }),
    ]);
    expect(await db('people').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('replaces with ?replace=1: a dry run lists the credits to remove, the import removes them and the ledger counts them', async () => {
    const v1 = 'series,season,episode,role,person,gender\nShow,1,1,director,Wrong Person,man\nShow,1,1,writer,Bo Kim,man\n';
    const fix = 'series,season,episode,role,person,gender\nShow,1,1,director,Right Person,woman\n';
    expect((await postCsv(v1, '?name=v1.csv')).status).toBe(200);
    const dry = await postCsv(fix, '?name=fix.csv&replace=1&dry_run=1');
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.summary).toMatchObject({ replace: true, creditsNew: 1, creditsRemoved: 1, committed: false });
    expect(dry.body.summary.removedCredits).toEqual([
      { production: 'Show', kind: 'tv', season: 1, episode: 1, role: 'director', person: 'Wrong Person', file: 'fix.csv' },
    ]);
    expect(dry.body.report).toContain('removed: "Show" S1E1 director "Wrong Person" (not in fix.csv)');
    expect(await creditCount()).toBe(2);
    // Without replace the same sheet only adds.
    expect((await postCsv(fix, '?name=fix.csv&dry_run=1')).body.summary).toMatchObject({ replace: false, creditsRemoved: 0 });
    const res = await postCsv(fix, '?name=fix.csv&replace=1');
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ creditsRemoved: 1, committed: true });
    expect(await creditCount()).toBe(2);
    expect(await db('imports').orderBy('id').select('file_name', 'credits_added', 'credits_removed')).toEqual([
      { file_name: 'v1.csv', credits_added: 2, credits_removed: 0 },
      { file_name: 'fix.csv', credits_added: 1, credits_removed: 1 },
    ]);
    expectError(await postCsv(fix, '?replace=maybe'), 400, 'bad_parameter', /^replace must be 1 or 0/);
  });

  it('refuses a bad sheet whole with 422 and every issue located by line, column and value', async () => {
    await postCsv(BASE, '?name=base.csv');
    const before = await snapshot(db);
    const bad = [
      'series,season,episode,role,person,gender',
      'Harbour Lights,1,5,director,Ada Quill,woman',
      'Harbour Lights,one,6,director,Ada Quill,woman',
      'Harbour Lights,1,7,grip,Ada Quill,woman',
      'Harbour Lights,1,8,writer,,man',
    ].join('\n');
    const res = await post().attach('file', Buffer.from(bad), 'bad.csv');
    expect(res.status, res.text).toBe(422);
    expect(res.body.summary).toMatchObject({ committed: false, dryRun: false });
    const located = res.body.summary.issues.map((i: { file: string; line: number; column: number; value: string }) => [i.file, i.line, i.column, i.value]);
    expect(located).toEqual([
      ['bad.csv', 3, 2, 'one'],
      ['bad.csv', 4, 4, 'grip'],
      ['bad.csv', 5, 5, ''],
    ]);
    expect(res.body.report).toMatch(/not imported: 3 errors; nothing was written/);
    expect(await snapshot(db)).toEqual(before);
    expect(await ledger()).toEqual([
      { file_name: 'base.csv', outcome: 'committed' },
      { file_name: 'bad.csv', outcome: 'failed' },
    ]);
  });

  it('reports an empty body as a located problem, not a crash', async () => {
    const res = await postCsv('');
    expect(res.status).toBe(422);
    expect(res.body.summary.issues).toEqual([expect.objectContaining({ file: 'upload.csv', line: 1, message: expect.stringMatching(/empty/) })]);
  });
});

describe('bad requests', () => {
  it.each([
    ['format=xml', 'format', /format must be auto, long or wide, got "xml"/],
    ['season=1.5', 'season', /season must be a whole number, got "1.5"/],
    ['season=-1', 'season', /whole number/],
    ['delimiter=ab', 'delimiter', /delimiter must be one character/],
    ['delimiter=%22', 'delimiter', /not a quote/],
    ['encoding=klingon', 'encoding', /encoding is not an encoding this server can decode/],
    ['dry_run=maybe', 'dry_run', /dry_run must be 1 or 0/],
    ['dryrun=1', 'dryrun', /dryrun is not a parameter of POST \/api\/imports/],
    ['kind=series', 'kind', /kind must be tv or film, got "series"/],
    ['date_order=ymd', 'date_order', /date_order must be mdy or dmy, got "ymd"/],
    ['sheet=cast', 'sheet', /sheet must be one of credits, people, got "cast"/],
    ['season=1&season=2', 'season', /season must be given once/],
    ['dry_run[]=1', 'dry_run', /dry_run must be given once, as text/],
  ])('?%s → 400 naming the parameter, nothing written', async (query, parameter, message) => {
    const res = await postCsv(BASE, `?${query}`);
    expectError(res, 400, 'bad_parameter', message);
    expect(res.body.error.details.parameter).toBe(parameter);
    expect(await creditCount()).toBe(0);
    expect(await ledger()).toEqual([]);
  });

  it('checks multipart fields the same way, and refuses a field that contradicts the URL', async () => {
    expectError(await post().field('format', 'xml').attach('file', BASE, 'a.csv'), 400, 'bad_parameter', /format must be/);
    expectError(await post('?dry_run=1').field('dry_run', '0').attach('file', BASE, 'a.csv'), 400, 'bad_parameter', /dry_run is given twice/);
    expect(await creditCount()).toBe(0);
  });

  it('wants exactly one file in the field "file"', async () => {
    expectError(await post().field('dry_run', '1'), 400, 'bad_parameter', /no file in the upload/);
    expectError(await post().attach('sheet', BASE, 'a.csv'), 400, 'bad_parameter', /exactly one file, in the field "file"; got a file in "sheet"/);
    expectError(await post().attach('file', BASE, 'a.csv').attach('file', OVERLAP, 'b.csv'), 400, 'bad_parameter', /exactly one file/);
    expect(await creditCount()).toBe(0);
  });

  it('refuses other content types with 415', async () => {
    expectError(await post().set('Content-Type', 'application/json').send('{"a":1}'), 415, 'unsupported_media_type', /multipart\/form-data/);
    expectError(await post(), 415, 'unsupported_media_type');
  });

  it('refuses a malformed multipart body with 400', async () => {
    const res = await post().set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nseries');
    expectError(res, 400, 'bad_parameter', /multipart/);
    // busboy's other words for it: a part header without a colon, a file name with a NUL.
    for (const part of ['Garbage header line without colon', 'Content-Disposition: form-data; name="file"; filename="a\0b.csv"']) {
      const body = Buffer.from(`--B\r\n${part}\r\n\r\nseries,season,episode,role,person\nA,1,1,director,B\n\r\n--B--\r\n`, 'latin1');
      expectError(await post().set('Content-Type', 'multipart/form-data; boundary=B').send(body), 400, 'bad_parameter', /^malformed multipart body: Malformed part header/);
    }
    expect(await creditCount()).toBe(0);
  });
});
