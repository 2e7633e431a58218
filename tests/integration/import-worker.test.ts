/**
 * Large files are parsed on a worker thread. Whichever thread parses, the
 * database content and the issues (with their line numbers) must be the same.
 *
 * Node 20 cannot load TypeScript in a worker thread (module hooks do not
 * reach workers), so this file compiles the project (`tsc -p .`, as
 * `npm run build` does) and imports from dist/, the code the CLI runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot, tempFile } from '../helpers/db.js';

type ServiceModule = typeof import('../../src/import/service.js');
type ConnectModule = typeof import('../../src/db/connect.js');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const H = 'series,season,episode,episode_title,air_date,role,person,gender,credit_note';

let service: ServiceModule;
let connect: ConnectModule;

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', '.'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the project still emit JavaScript; the import below fails if they did not.
  }
  const built = (file: string): string => path.join(ROOT, 'dist', file);
  expect(existsSync(built('src/import/read-sheet-worker.js'))).toBe(true);
  return (async () => {
    service = (await import(pathToFileURL(built('src/import/service.js')).href)) as ServiceModule;
    connect = (await import(pathToFileURL(built('src/db/connect.js')).href)) as ConnectModule;
  })();
});

interface Outcome {
  summary: Awaited<ReturnType<ServiceModule['importFiles']>>;
  tables: Record<string, unknown[]>;
  ledger: unknown[];
}

type Layout = Pick<Parameters<ServiceModule['importFiles']>[2] & object, 'format' | 'season' | 'production' | 'dateOrder'>;

async function importWith(file: string, parallel: 'always' | 'never', layout: Layout = {}): Promise<Outcome> {
  const db: Knex = await connect.openMigrated(':memory:');
  try {
    const summary = await service.importFiles(db, [{ path: file, name: path.basename(file) }], { parallel, ...layout });
    const ledger = await db('imports').select('file_name', 'sha256', 'rows_read', 'credits_added', 'error_count', 'outcome', 'message');
    return { summary, tables: await snapshot(db), ledger };
  } finally {
    await db.destroy();
  }
}

async function expectSameEitherWay(file: string, layout: Layout = {}): Promise<Outcome> {
  const inline = await importWith(file, 'never', layout);
  const worker = await importWith(file, 'always', layout);
  expect(worker.tables).toEqual(inline.tables);
  expect(worker.summary.issues).toEqual(inline.summary.issues);
  expect(worker.summary).toEqual(inline.summary);
  expect(worker.ledger).toEqual(inline.ledger);
  return inline;
}

/**
 * A sheet of `rows` credits over many episodes, with multi-line quoted notes
 * and CRLF line ends; the records numbered in `bad` get an unknown role.
 * Returns the text and the physical line each record starts on.
 */
function bigSheet(rows: number, bad: ReadonlySet<number> = new Set()): { text: string; lineOf: number[] } {
  const lines = [H];
  const lineOf: number[] = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    const episode = Math.floor(i / 4) + 1;
    const role = bad.has(i) ? 'caterer' : ['director', 'writer', 'editor', 'cinematographer'][i % 4]!;
    const note = i % 97 === 0 ? `"note for row ${i}\r\nsecond line, with a comma"` : i % 89 === 0 ? '"say ""hi"""' : '';
    const person = i % 1500;
    // A person's gender is given on some of their rows and left blank on others.
    const gender = i % 3 === 0 ? '' : ['woman', 'man', 'nb', 'unknown'][person % 4]!;
    lines.push(`Long Run,${1 + (episode % 3)},${episode},Episode ${episode},,${role},Person ${person},${gender},${note}`);
    lineOf.push(line);
    line += note.includes('\n') ? 2 : 1;
  }
  return { text: lines.join('\r\n') + '\r\n', lineOf };
}

describe('parsing on a worker thread', () => {
  it('gives the same database for a wide sheet: episodes without credits, notes, --season and --production', async () => {
    const { summary } = await expectSameEitherWay(fixture('wide/episode-table.csv'), { production: 'Harbour Lights', season: 2 });
    expect(summary).toMatchObject({ committed: true, creditsNew: 13, episodesAdded: 4 });
    expect(summary.files[0]!.format).toBe('wide');
  });

  it('gives the same database for films and for episodes numbered only overall', async () => {
    expect((await expectSameEitherWay(fixture('wide/films.csv'))).summary).toMatchObject({ committed: true, productionsAdded: 2 });
    expect((await expectSameEitherWay(fixture('wide/overall-only.csv'), { production: 'Glass Orchard' })).summary).toMatchObject({ committed: true });
  });

  it("gives the same database for a sheet with Excel's sep= line, a title above the header and day-first dates", async () => {
    const text = ['sep=;', 'Long Run: crew of season 1', 'series;season;episode;air_date;role;person', 'Long Run;1;1;3/8/2018;director;Ana Ruiz', 'Long Run;1;2;10/8/2018;writer;Ben Ode'];
    const { summary } = await expectSameEitherWay(tempFile('preamble.csv', text.join('\r\n')), { dateOrder: 'dmy' });
    expect(summary).toMatchObject({ committed: true, creditsNew: 2 });
    expect(summary.files[0]).toMatchObject({ delimiter: ';', preamble: [2] });
    const bad = await expectSameEitherWay(tempFile('preamble-bad.csv', [...text, 'Long Run;1;3;31/8/2018;editor;Cy Lee'].join('\r\n')), { dateOrder: 'mdy' });
    expect(bad.summary.issues.map((i) => [i.line, i.column, i.value])).toEqual([[6, 4, '31/8/2018']]);
  });

  it('gives the same database for a sheet with quoted multi-line fields', async () => {
    const { summary } = await expectSameEitherWay(fixture('quoted-newlines.csv'));
    expect(summary).toMatchObject({ committed: true, creditsNew: 4 });
  });

  it('gives the same issues, on the same lines, for a bad row after multi-line fields', async () => {
    const { summary } = await expectSameEitherWay(fixture('quoted-newlines-bad-row.csv'));
    expect(summary.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [7, 6, 'key grip'],
      [10, 7, ''],
    ]);
  });

  it('gives the same issues for a file it cannot read to the end', async () => {
    const { summary } = await expectSameEitherWay(fixture('errors/unclosed-quote.csv'));
    expect(summary.issues.map((i) => i.line)).toEqual([3]);
    await expectSameEitherWay(fixture('errors/invalid-utf8.csv'));
    await expectSameEitherWay(fixture('errors/empty.csv'));
  });

  it('gives the same database for a sheet of many batches', async () => {
    const file = tempFile('big.csv', bigSheet(12_000).text);
    const { summary, tables } = await expectSameEitherWay(file);
    expect(summary).toMatchObject({ issues: [], committed: true, rowsRead: 12_000, creditsNew: 12_000, peopleAdded: 1500 });
    expect(tables.credits).toHaveLength(12_000);
  });

  it('gives the same issues with the same physical lines across many batches', async () => {
    const bad = [0, 150, 5_210, 9_991, 11_999];
    const { text, lineOf } = bigSheet(12_000, new Set(bad));
    const { summary } = await expectSameEitherWay(tempFile('big-bad.csv', text));
    expect(summary.committed).toBe(false);
    expect(summary.issues.map((i) => [i.line, i.value])).toEqual(bad.map((r) => [lineOf[r], 'caterer']));
    // Multi-line notes push later records down: the last bad record is well below its record number.
    expect(lineOf[11_999]).toBe(12_000 + 1 + Math.ceil(12_000 / 97));
  });

  it('reports a control character far into a large file, after many chunks without one, either way', async () => {
    // The reader checks cells for control characters only once the text read so far holds one (SheetFacts.hasControlChars).
    const { text, lineOf } = bigSheet(12_000);
    const lines = text.split('\r\n'); // a multi-line note is two lines here too: lineOf[row] - 1 is the row's first
    const row = 9_003; // ~540 KB in: several 64 KB chunks after the last clean one
    const i = lineOf[row]! - 1;
    expect(lines[i]).toContain(`,Person ${row % 1500},`);
    lines[i] = lines[i]!.replace(`Person ${row % 1500}`, `Person\u0007${row % 1500}`);
    const last = lineOf[11_999]! - 1;
    lines[last] = lines[last]!.replace('Episode', 'Epi\u0000sode');
    const { summary } = await expectSameEitherWay(tempFile('late-control.csv', lines.join('\r\n')));
    expect(summary.committed).toBe(false);
    expect(summary.issues.map((x) => [x.line, x.column, x.message])).toEqual([
      [lineOf[row], 7, 'person contains the control character U+0007; remove it'],
      [lineOf[11_999], 4, 'episode_title contains the control character U+0000; remove it'],
    ]);
  });

  it('places a conflict between rows far apart at its cell either way', async () => {
    const { text, lineOf } = bigSheet(12_000);
    const lines = text.split('\r\n');
    const row = 11_000; // episode 2751's title, given again thousands of rows after its first row
    const i = lineOf[row]! - 1;
    lines.push(lines[i]!.replace(/,Episode (\d+),/, ',Episode $1 bis,'));
    const { summary } = await expectSameEitherWay(tempFile('late-conflict.csv', lines.join('\r\n')));
    expect(summary.issues.map((x) => [x.line, x.column])).toEqual([[lines.length, 4]]);
  });

  it('reports control characters in a cell at the same place either way', async () => {
    const file = tempFile('separators.csv', `${H}\nLong Run,1,1,,,director,Ana Ruiz,woman,"odd \u001f and \u001e inside"\nLong Run,1,1,,,writer,Bo Chen,,\n`);
    const { summary } = await expectSameEitherWay(file);
    expect(summary.committed).toBe(false);
    expect(summary.issues).toEqual([
      expect.objectContaining({ line: 2, column: 9, message: 'credit_note contains the control character U+001F; remove it' }),
    ]);
  });
});
