/**
 * Sheets in the encodings real programs save — Excel's UTF-16 "Unicode
 * text", UTF-16BE, Windows-1252 CSV, a European Excel `;` CSV — imported
 * from the committed bytes into a real database: every name stored exactly,
 * the summary saying how the file was decoded, and a file that is neither
 * UTF-8 nor Windows-1252 refused at the line holding its bad byte with
 * nothing stored. The fixtures are written by
 * tests/fixtures/import/encodings/generate.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/import/report.js';
import { importFiles } from '../../src/import/service.js';
import { creditLines, databasePerTest, freshDb, snapshot, tempDir, tempFile } from '../helpers/db.js';
import { EUROPEAN_EXCEL, UNICODE_TEXT, UTF16BE, WINDOWS_1252_SHEET, windows1252 } from '../fixtures/import/encodings/generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/encodings/${name}`, import.meta.url));

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('the fixtures are the bytes the programs write', () => {
  it('each file is its generator text in its encoding', () => {
    const utf16 = readFileSync(fixture('unicode-text-utf16le.txt'));
    expect([...utf16.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(utf16.subarray(2).toString('utf16le')).toBe(UNICODE_TEXT);
    const be = readFileSync(fixture('utf16be-bom.csv'));
    expect([...be.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(Buffer.from(be.subarray(2)).swap16().toString('utf16le')).toBe(UTF16BE);
    const cp = readFileSync(fixture('windows-1252.csv'));
    expect(cp).toEqual(windows1252(WINDOWS_1252_SHEET));
    // The curly apostrophe and the en dash are the single bytes 0x92 and 0x96, è is 0xE8.
    expect([0x92, 0x96, 0xe8].every((b) => cp.includes(b))).toBe(true);
    expect(readFileSync(fixture('european-excel-semicolon.csv'))).toEqual(windows1252(EUROPEAN_EXCEL));
  });
});

describe('importing sheets in the encodings programs save', () => {
  it('reads Excel "Unicode text" (UTF-16LE, BOM, tabs, CRLF), surrogate pairs and quoted cells included', async () => {
    const summary = await importFiles(db, [{ path: fixture('unicode-text-utf16le.txt'), name: 'unicode.txt' }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', rowsRead: 3 });
    expect(summary.files[0]!.encodingNote).toBeUndefined();
    expect(formatSummary(summary)).toContain('unicode.txt: 3 rows read, decoded as utf-16le, tab-separated');
    expect(await creditLines(db, { episode: true })).toEqual([
      'Île Blanche | S1E1 | La Traversée | 2021-03-04 | director | Agnès Lemaire | woman',
      'Île Blanche | S1E1 | La Traversée | 2021-03-04 | writer | 김지수 | woman | co-writer 🎬',
      'Île Blanche | S1E2 | Ωmega, part "two" | 2021-03-11 | editor | Zoë Ångström | non-binary',
    ]);
  });

  it('reads UTF-16BE with a BOM', async () => {
    const summary = await importFiles(db, [{ path: fixture('utf16be-bom.csv') }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ encoding: 'utf-16be', delimiter: ',', rowsRead: 2 });
    expect(await db('people').orderBy('name').pluck('name')).toEqual(['Pedro Ordóñez', 'Siobhán O’Neill']);
  });

  it('reads a Windows-1252 file that is not valid UTF-8 as windows-1252, every character exact, and says so', async () => {
    const bytes = readFileSync(fixture('windows-1252.csv'));
    const firstNonAscii = bytes.findIndex((b) => b >= 0x80);
    const summary = await importFiles(db, [{ path: fixture('windows-1252.csv'), name: 'cp1252.csv' }]);
    expect(summary.issues).toEqual([]);
    expect(summary.committed).toBe(true);
    expect(summary.files[0]).toMatchObject({ encoding: 'windows-1252', encodingNote: `not valid UTF-8 at byte ${firstNonAscii}` });
    expect(formatSummary(summary).split('\n')[0]).toBe(`cp1252.csv: 4 rows read, decoded as windows-1252 (not valid UTF-8 at byte ${firstNonAscii}), comma-separated`);
    expect(await creditLines(db, { episode: true })).toEqual([
      'Cœur Sauvage | S1E1 | Le Départ – première partie | 2018-05-02 | director | Agnès Lemaire | woman',
      'Cœur Sauvage | S1E1 | Le Départ – première partie | 2018-05-02 | writer | Pedro Ordóñez | man',
      'Cœur Sauvage | S1E2 | L’Été | 2018-05-09 | cinematographer | Siobhán O’Neill | woman',
      'Cœur Sauvage | S1E2 | L’Été | 2018-05-09 | editor | Zoë Lindqvist | woman',
    ]);
    expect(await db('productions').select('title', 'slug')).toEqual([{ title: 'Cœur Sauvage', slug: 'coeur-sauvage' }]);
  });

  it('reads a European Excel sheet: `;`, windows-1252, decimal commas, "3,0" seasons, dd.mm.yyyy dates', async () => {
    const summary = await importFiles(db, [{ path: fixture('european-excel-semicolon.csv'), name: 'de.csv' }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ encoding: 'windows-1252', delimiter: ';', rowsRead: 3, ignoredColumns: ['Budget (EUR m, net, est.)'] });
    expect(await creditLines(db, { episode: true })).toEqual([
      'Schöne Grüße | S3E1 | Überfahrt | 2022-03-14 | director | Jürgen Weiß | man',
      'Schöne Grüße | S3E1 | Überfahrt | 2022-03-14 | writer | Ségolène Dupré | woman',
      'Schöne Grüße | S3E2 | Straße nach Süden | 2022-03-21 | editor | Maëlle Nørgaard | woman',
    ]);
  });

  it('detects `;` when the header holds as many commas, inside column names, as semicolons', async () => {
    const sheet = 'Series;Season;Episode;Role;Person, as credited (surname, given names, initials)\nNordlicht;1;1;director;"Berg, Ada"\nNordlicht;1;2;writer;Ola Berg\n';
    const summary = await importFiles(db, [{ path: tempFile('semi.csv', sheet) }]);
    expect(summary.files[0]?.delimiter).toBe(';');
    // The person column's name is no alias, so it is missing: but the rows were split on `;`.
    expect(summary.issues.map((i) => i.message)).toEqual([expect.stringMatching(/missing required column person/)]);
  });

  it('still refuses a season written with a decimal part or a thousands separator', async () => {
    const sheet = 'series;season;episode;role;person\nNordlicht;1,5;1;director;Ada Berg\nNordlicht;1;1,000;writer;Ola Berg\n';
    const summary = await importFiles(db, [{ path: tempFile('semi.csv', sheet), name: 'semi.csv' }]);
    expect(summary.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [2, 2, '1,5'],
      [3, 3, '1,000'],
    ]);
  });
});

describe('a file that is neither UTF-8 nor Windows-1252', () => {
  it('is refused at the line and column of its first bad byte (œ), saying why each encoding was ruled out; nothing is stored', async () => {
    const bytes = readFileSync(fixture('neither-utf8-nor-windows-1252.csv'));
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: fixture('neither-utf8-nor-windows-1252.csv'), name: 'neither.csv' }]);
    expect(summary.committed).toBe(false);
    expect(summary.issues).toEqual([
      {
        file: 'neither.csv',
        line: 2,
        column: 1,
        value: 'C\ufffd',
        message:
          `the file is not valid utf-8: unexpected byte 0x9C at byte offset ${bytes.indexOf(0x9c)}; ` +
          `nor is it windows-1252 text: byte 0x8D at byte offset ${bytes.indexOf(0x8d)} is undefined in windows-1252; ` +
          'save it as UTF-8 or name its encoding with --encoding',
      },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('is refused when it mixes UTF-8 and Windows-1252, rather than garbling either part', async () => {
    const bytes = readFileSync(fixture('mixed-utf8-and-windows-1252.csv'));
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: fixture('mixed-utf8-and-windows-1252.csv'), name: 'mixed.csv' }]);
    expect(summary.issues).toHaveLength(1);
    expect(summary.issues[0]).toMatchObject({ line: 3, column: 1 });
    expect(summary.issues[0]!.message).toContain(`bytes 0xC5 0x93 at byte offset ${bytes.indexOf(0xc5)} are UTF-8 for "œ", so the file mixes encodings`);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('--encoding overrides the detection', () => {
  it('utf-8 named: a Windows-1252 file is an error at its first bad byte, not a fallback', async () => {
    const bytes = readFileSync(fixture('windows-1252.csv'));
    const summary = await importFiles(db, [{ path: fixture('windows-1252.csv'), name: 'cp1252.csv' }], { encoding: 'UTF8' });
    expect(summary.issues).toEqual([
      {
        file: 'cp1252.csv',
        line: 2,
        column: 1,
        value: 'C\ufffd',
        message: `the file is not valid utf-8: unexpected byte 0x9C at byte offset ${bytes.indexOf(0x9c)}; save it as UTF-8 or name its encoding with --encoding`,
      },
    ]);
    expect(summary.files[0]?.encoding).toBe('utf-8');
  });

  it('windows-1252 named, as latin1: a valid UTF-8 file is read as windows-1252, with no note', async () => {
    const file = tempFile('utf8.csv', 'series,season,episode,role,person\nCafé,1,1,director,Zoë Lindqvist\n');
    const summary = await importFiles(db, [{ path: file, name: 'utf8.csv' }], { encoding: 'latin1' });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ encoding: 'windows-1252' });
    expect(summary.files[0]!.encodingNote).toBeUndefined();
    expect(formatSummary(summary)).toContain('decoded as windows-1252, comma-separated');
    expect(await db('people').pluck('name')).toEqual(['ZoÃ« Lindqvist']);
  });

  it('windows-1252 named: a byte it leaves undefined is an error at its line, not a control character stored', async () => {
    const bytes = Buffer.concat([Buffer.from('series,season,episode,role,person\nCaf\xe9,1,1,director,Ana', 'latin1'), Buffer.from([0x81]), Buffer.from('\n')]);
    const summary = await importFiles(db, [{ path: tempFile('c1.csv', bytes), name: 'c1.csv' }], { encoding: 'cp1252' });
    expect(summary.issues).toMatchObject([{ line: 2, column: 5, value: 'Ana\ufffd' }]);
    expect(summary.issues[0]!.message).toBe(
      `the file is not valid windows-1252: byte 0x81, which windows-1252 leaves undefined, at byte offset ${bytes.indexOf(0x81)}; save it as UTF-8 or name its encoding with --encoding`,
    );
  });

  it('an unknown label is one issue naming it, and nothing is read', async () => {
    const summary = await importFiles(db, [{ path: fixture('windows-1252.csv'), name: 'x.csv' }], { encoding: 'klingon' });
    expect(summary.issues).toEqual([
      {
        file: 'x.csv',
        line: 0,
        column: 0,
        value: 'klingon',
        message:
          'unknown encoding "klingon"; use a label such as utf-8, utf-16le, utf-16be or windows-1252 (latin1, iso-8859-1 and cp1252 also mean windows-1252, as in web browsers; macintosh is Mac Roman)',
      },
    ]);
    expect(summary.rowsRead).toBe(0);
  });
});

describe('crewcount import --encoding', () => {
  const crewcount = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('reports the windows-1252 fallback in the summary, and --encoding utf-8 turns it into an error', () => {
    const dbFile = path.join(tempDir(), 'crew.sqlite');
    const strict = crewcount('import', fixture('windows-1252.csv'), '--db', dbFile, '--encoding', 'utf-8');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/windows-1252\.csv:2:1: the file is not valid utf-8: unexpected byte 0x9C at byte offset \d+;/);
    expect(strict.stdout).toContain('nothing was written');

    const auto = crewcount('import', fixture('windows-1252.csv'), '--db', dbFile);
    expect(auto.stderr).toBe('');
    expect(auto.status).toBe(0);
    expect(auto.stdout).toMatch(/windows-1252\.csv: 4 rows read, decoded as windows-1252 \(not valid UTF-8 at byte \d+\), comma-separated/);
  });

  it('refuses an unknown encoding before opening any file', () => {
    const run = crewcount('import', '/nonexistent/sheet.csv', '--db', ':memory:', '--encoding', 'klingon');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`option '--encoding <name>' argument 'klingon' is invalid. unknown encoding "klingon"`);
    expect(run.stdout).toBe('');
  });
});

/**
 * Files of 4 MB and more are parsed on a worker thread, which runs the same
 * readSheet. Node 20 cannot load TypeScript in a worker, so (as in
 * import-worker.test.ts) the project is compiled and the built service used.
 */
describe('on the worker thread', () => {
  type ServiceModule = typeof import('../../src/import/service.js');
  type ConnectModule = typeof import('../../src/db/connect.js');
  let built: { service: ServiceModule; connect: ConnectModule };

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', '.'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // Type errors elsewhere in the project still emit JavaScript; the import below fails if they did not.
    }
    const dist = (file: string): string => path.join(ROOT, 'dist', file);
    expect(existsSync(dist('src/import/read-sheet-worker.js'))).toBe(true);
    built = {
      service: (await import(pathToFileURL(dist('src/import/service.js')).href)) as ServiceModule,
      connect: (await import(pathToFileURL(dist('src/db/connect.js')).href)) as ConnectModule,
    };
  });

  async function importWith(file: string, parallel: 'always' | 'never') {
    const worker = await built.connect.openMigrated(':memory:');
    try {
      const summary = await built.service.importFiles(worker, [{ path: file, name: path.basename(file) }], { parallel });
      return { summary, tables: await snapshot(worker) };
    } finally {
      await worker.destroy();
    }
  }

  it('decodes windows-1252, UTF-16 and the European sheet the same on either thread', async () => {
    for (const name of ['windows-1252.csv', 'european-excel-semicolon.csv', 'unicode-text-utf16le.txt', 'utf16be-bom.csv']) {
      const inline = await importWith(fixture(name), 'never');
      const threaded = await importWith(fixture(name), 'always');
      expect(inline.summary.committed, name).toBe(true);
      expect(threaded.summary, name).toEqual(inline.summary);
      expect(threaded.tables, name).toEqual(inline.tables);
    }
    const cp = await importWith(fixture('windows-1252.csv'), 'always');
    expect(cp.summary.files[0]).toMatchObject({ encoding: 'windows-1252', encodingNote: expect.stringMatching(/^not valid UTF-8 at byte \d+$/) });
  });

  it('refuses a file that is neither UTF-8 nor windows-1252 at the same line on either thread', async () => {
    const inline = await importWith(fixture('neither-utf8-nor-windows-1252.csv'), 'never');
    const threaded = await importWith(fixture('neither-utf8-nor-windows-1252.csv'), 'always');
    expect(threaded.summary.issues).toEqual(inline.summary.issues);
    expect(threaded.summary.issues).toMatchObject([{ line: 2, column: 1 }]);
    expect(threaded.tables.credits).toEqual([]);
  });
});

