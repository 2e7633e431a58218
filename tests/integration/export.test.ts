import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import type { Knex } from 'knex';
import { runSeeds } from '../../seeds/index.js';
import { exportFileName, parseExportRequest } from '../../src/export/service.js';
import { exportText } from '../helpers/export.js';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { STATS_FIELDS } from '../../src/stats/fields.js';
import { openReady } from '../../src/setup.js';
import { tempFile } from '../helpers/db.js';
import { SAMPLE_PEOPLE_FILE } from '../../seeds/03-sample-people.js';
import { importPeople } from '../../src/people/service.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'export');

const records = (csv: string): Record<string, string>[] => parse(csv, { columns: true, bom: true });

describe('exports', () => {
  let db: Knex;
  beforeEach(async () => {
    db = await openReady(':memory:');
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('credits round-trip: export, import into an empty database, export again gives the same bytes and the same stats', async () => {
    await runSeeds(db);
    const summary = await importFiles(db, [{ path: path.join(fixtures, 'hostile-names.csv') }]);
    expect(summary.issues).toEqual([]);
    const first = await exportText(db, 'credits', 'csv');

    const other = await openReady(':memory:');
    try {
      const again = await importFiles(other, [{ path: tempFile('exported.csv', first) }]);
      expect(again.issues).toEqual([]);
      expect(again.creditsNew).toBe(55);
      expect(await exportText(other, 'credits', 'csv')).toBe(first);
      // The credits carry each gender, not the evidence behind it: that travels in the people sheet.
      expect((await importPeople(other, [{ path: SAMPLE_PEOPLE_FILE }])).issues).toEqual([]);
      expect(await computeStats(other)).toEqual(await computeStats(db));
    } finally {
      await other.destroy();
    }
  });

  it('credits CSV holds the canonical import columns and every value, read back with a CSV parser', async () => {
    await importFiles(db, [{ path: path.join(fixtures, 'hostile-names.csv') }]);
    const rows = records(await exportText(db, 'credits', 'csv'));
    expect(Object.keys(rows[0]!)).toEqual([
      'series', 'season', 'episode', 'episode_title', 'air_date', 'role', 'person', 'gender', 'kind', 'platform', 'year', 'credit_note', 'source',
    ]);
    const editor = rows.find((r) => r.role === 'editor')!;
    expect(editor.person).toBe('Zoë Ångström-Øster');
    // The importer collapses the note's inner newline into a space, as it does all whitespace.
    expect(editor.credit_note).toBe('note with "quotes", commas and a newline');
    expect(rows.find((r) => r.person?.includes('At Person'))!.gender).toBe('non-binary');
    expect(rows.find((r) => r.person?.includes('Minus'))!.gender).toBe('unknown');
  });

  it('neutralises formulas in text cells with a leading apostrophe and leaves numbers alone', async () => {
    await importFiles(db, [{ path: path.join(fixtures, 'hostile-names.csv') }]);
    const rows = records(await exportText(db, 'credits', 'csv'));
    const people = rows.map((r) => r.person).sort();
    expect(people).toEqual(["'+Plus Person", "'-Minus Person", "'=HYPERLINK(\"http://x.example\")", "'@At Person", 'Zoë Ångström-Øster']);
    expect(rows.every((r) => r.series === "'=Series Formula")).toBe(true);
    expect(rows.find((r) => r.episode === '1')!.episode_title).toBe("'+Pilot, part one");
    expect(rows.map((r) => r.credit_note)).toContain("'-starts with minus");
    expect(rows.map((r) => r.credit_note)).toContain("'@at note");

    const stats = records(await exportText(db, 'stats', 'csv', { role: 'director', unit: 'credit' }));
    expect(stats[0]!.production).toBe('series-formula');
    expect(stats[0]!.title).toBe("'=Series Formula");
    // Numeric columns are never prefixed, whatever their sign.
    for (const r of stats) for (const f of ['women', 'share_women', 'ci95_low', 'gap_pp'] as const) expect(r[f]).not.toMatch(/^'/);
  });

  it('a name written with the guard survives import unchanged (the importer strips exactly that prefix)', async () => {
    await importFiles(db, [{ path: path.join(fixtures, 'hostile-names.csv') }]);
    const names = (await db('people').select('name').orderBy('name')).map((r: { name: string }) => r.name);
    expect(names).toContain('=HYPERLINK("http://x.example")');
    expect(names).toContain('-Minus Person');
  });

  it('negative numbers in the stats CSV stay numbers', async () => {
    await runSeeds(db);
    const csv = await exportText(db, 'stats', 'csv');
    const rows = records(csv);
    expect(Object.keys(rows[0]!)).toEqual([...STATS_FIELDS]);
    const numeric = rows.filter((r) => r.gap_pp !== '').map((r) => Number(r.gap_pp));
    expect(numeric.every((n) => Number.isFinite(n))).toBe(true);
    // Same values as the service, field by field.
    const service = await computeStats(db);
    expect(rows).toHaveLength(service.length);
    rows.forEach((r, i) => {
      const s = service[i]!;
      expect(Number(r.women)).toBe(s.women);
      expect(r.share_women === '' ? null : Number(r.share_women)).toBe(s.share_women);
      expect(r.small_sample).toBe(String(s.small_sample));
      expect(r.baseline_label === '' ? null : r.baseline_label).toBe(s.baseline_label);
    });
  });

  it('writes UTF-8 without a BOM by default and with one when asked', async () => {
    await runSeeds(db);
    const plain = await exportText(db, 'baselines', 'csv');
    expect(plain.charCodeAt(0)).not.toBe(0xfeff);
    const withBom = await exportText(db, 'baselines', 'csv', { bom: '1' });
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    expect(withBom.slice(1)).toBe(plain);
    expect(records(plain).length).toBe(209);
  });

  it('JSON exports are arrays of objects with the same fields and values', async () => {
    await runSeeds(db);
    const stats = JSON.parse(await exportText(db, 'stats', 'json', { production: 'queen-sugar' }));
    expect(stats).toEqual(await computeStats(db, { production: 'queen-sugar' }));
    const credits = JSON.parse(await exportText(db, 'credits', 'json', { production: 'marvels-jessica-jones', season: '2', role: 'director' }));
    expect(credits).toHaveLength(13);
    expect(credits.every((c: { gender: string }) => c.gender === 'woman')).toBe(true);
    expect(JSON.parse(await exportText(db, 'credits', 'json', { production: 'queen-sugar', season: '9' }))).toEqual([]);
  });

  it('names the file after what it holds', () => {
    expect(exportFileName(parseExportRequest('stats', 'csv', { production: 'queen-sugar', season: '2', role: 'director', unit: 'episode' }))).toBe(
      'crewcount-stats-queen-sugar-s2-director-episode.csv',
    );
    expect(exportFileName(parseExportRequest('credits', 'json', {}))).toBe('crewcount-credits.json');
  });

  describe('over HTTP', () => {
    it('serves CSV and JSON with a Content-Disposition file name and the same filters', async () => {
      await runSeeds(db);
      const app = createApp({ db });
      const csv = await request(app).get('/api/stats.csv?production=queen-sugar&role=director&unit=person').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="crewcount-stats-queen-sugar-director-person.csv"');
      expect(records(csv.text)).toHaveLength(2);
      const json = await request(app).get('/api/credits.json?production=queen-sugar').expect(200);
      expect(json.body).toHaveLength(6);
      const base = await request(app).get('/api/baselines.csv?bom=1').expect(200);
      expect(base.text.charCodeAt(0)).toBe(0xfeff);
    });

    it('?bom takes the upload flags\' spellings: present with no value, 1/true/yes/on add a BOM, 0/false/no/off do not, anything else is a 400', async () => {
      const app = createApp({ db });
      for (const on of ['bom', 'bom=', 'bom=1', 'bom=true', 'bom=yes', 'bom=ON']) {
        const res = await request(app).get(`/api/baselines.csv?${on}`).expect(200);
        expect(res.text.charCodeAt(0), on).toBe(0xfeff);
      }
      for (const off of ['bom=0', 'bom=false', 'bom=no', 'bom=off']) {
        const res = await request(app).get(`/api/credits.csv?${off}`).expect(200);
        expect(res.text.startsWith('series,'), off).toBe(true);
      }
      for (const bad of ['bom=2', 'bom=maybe', 'bom=-1']) {
        const res = await request(app).get(`/api/stats.csv?${bad}`).expect(400);
        expect(res.body.error).toMatchObject({ code: 'bad_parameter', details: { parameter: 'bom' } });
        expect(res.body.error.message).toMatch(/^bom must be 1 or 0/);
      }
    });

    it('names the download after the stored production\'s slug, whether the production is given by slug, title or a title in another case', async () => {
      await runSeeds(db);
      const nonLatin = tempFile('tokyo.csv', 'series,season,episode,episode_title,air_date,role,person,gender\n東京物語,1,1,第一話,2020-01-10,director,Aiko Sato,woman\n');
      expect((await importFiles(db, [{ path: nonLatin, name: 'tokyo.csv' }])).issues).toEqual([]);
      const app = createApp({ db });
      const productions = (await request(app).get('/api/productions').expect(200)).body.productions as Array<{ slug: string; title: string }>;
      const tokyo = productions.find((p) => p.title === '東京物語')!;
      expect(tokyo.slug).toMatch(/^production-[0-9a-f]{8}$/);
      const disposition = async (url: string) => (await request(app).get(url).expect(200)).headers['content-disposition'];
      for (const production of ["Marvel's Jessica Jones", "MARVEL'S JESSICA JONES", 'marvels-jessica-jones']) {
        expect(await disposition(`/api/stats.csv?production=${encodeURIComponent(production)}&season=2`)).toBe('attachment; filename="crewcount-stats-marvels-jessica-jones-s2.csv"');
      }
      expect(await disposition(`/api/credits.json?production=${encodeURIComponent("Marvel's Jessica Jones")}`)).toBe('attachment; filename="crewcount-credits-marvels-jessica-jones.json"');
      // a title with no Latin letters still gives a name that says which production the file holds
      for (const production of ['東京物語', tokyo.slug]) {
        expect(await disposition(`/api/stats.csv?production=${encodeURIComponent(production)}`)).toBe(`attachment; filename="crewcount-stats-${tokyo.slug}.csv"`);
        expect(await disposition(`/api/credits.csv?production=${encodeURIComponent(production)}`)).toBe(`attachment; filename="crewcount-credits-${tokyo.slug}.csv"`);
      }
    });

    it('answers 400 for bad parameters and 404 for an unknown production, before streaming', async () => {
      const app = createApp({ db });
      const bad = await request(app).get('/api/stats.csv?unit=bogus').expect(400);
      expect(bad.body.error.code).toBe('bad_parameter');
      const missing = await request(app).get('/api/credits.csv?production=nope').expect(404);
      expect(missing.body.error.code).toBe('not_found');
    });
  });

  it('reads a CSV written by a spreadsheet-safe export of the sample data back exactly', async () => {
    await runSeeds(db);
    const csv = await exportText(db, 'credits', 'csv');
    const sample = records(readFileSync(path.join(fixtures, '..', '..', '..', 'data', 'sample', 'credits.csv'), 'utf8'));
    const exported = records(csv);
    expect(exported).toHaveLength(sample.length);
    const key = (r: Record<string, string>) => `${r.series}|${r.season}|${r.episode}|${r.role}|${r.person}`;
    expect(new Set(exported.map(key))).toEqual(new Set(sample.map(key)));
    for (const r of exported) {
      const s = sample.find((x) => key(x) === key(r))!;
      expect([r.gender === 'unknown' ? '' : r.gender, r.source, r.credit_note]).toEqual([s.gender, s.source, s.credit_note]);
    }
  });
});
