/**
 * The import reads ordinary records with its own splitter and hands anything
 * unusual to csv-parse. Differential test: on seeded random sheets (quotes,
 * doubled quotes, delimiters and newlines inside quotes, CRLF, empty cells
 * and lines) readSheet must give exactly csv-parse's records, or fail where
 * csv-parse fails.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { prng } from '../../bench/generate-sheet.js';
import { invalidClosingQuote, readSheet, SheetError, type SheetFacts } from '../../src/import/read-sheet.js';
import { tempFile } from '../helpers/db.js';

const PIECES = ['a', 'Ana Ruiz', 'x,y', '"q"', '""', ' ', 'Zoë', 'line\nbreak', 'crlf\r\nbreak', '', '1', 'S01', '"', 'a"b'];

function randomSheet(rand: () => number): string {
  const eol = rand() < 0.5 ? '\n' : '\r\n';
  const columns = 1 + Math.floor(rand() * 5);
  const lines: string[] = [];
  const rows = 1 + Math.floor(rand() * 40);
  for (let r = 0; r < rows; r++) {
    if (rand() < 0.05) {
      lines.push('');
      continue;
    }
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const piece = PIECES[Math.floor(rand() * PIECES.length)]!;
      const quote = /[",\r\n]/.test(piece) ? rand() < 0.9 : rand() < 0.2;
      cells.push(quote ? `"${piece.replace(/"/g, '""')}"` : piece);
    }
    lines.push(cells.join(','));
  }
  return lines.join(eol) + (rand() < 0.7 ? eol : '');
}

async function viaReadSheet(path: string): Promise<string[][] | 'error'> {
  const facts: SheetFacts = { sha256: '', encoding: '', delimiter: ',', bytes: 0, hasSeparatorChars: false };
  const out: string[][] = [];
  try {
    for await (const batch of readSheet(path, { delimiter: ',' }, facts)) for (const r of batch) out.push(r.cells);
  } catch (err) {
    if (err instanceof SheetError) return 'error';
    throw err;
  }
  return out;
}

/** csv-parse as the import runs it: quotes inside unquoted fields kept, a quoted field going on after its closing quote refused. */
function viaCsvParse(text: string): string[][] | 'error' {
  try {
    const records = parse(text, { delimiter: ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, raw: true }) as unknown as Array<{ record: string[]; raw: string }>;
    return records.some((r) => invalidClosingQuote(r.raw, ',')) ? 'error' : records.map((r) => r.record);
  } catch {
    return 'error';
  }
}

describe('the import splitter against csv-parse', () => {
  it('gives the same records (or the same refusal) on 400 seeded random sheets', async () => {
    const rand = prng(20261121);
    for (let i = 0; i < 400; i++) {
      const text = randomSheet(rand);
      const expected = viaCsvParse(text);
      const actual = await viaReadSheet(tempFile(`sheet-${i}.csv`, text));
      expect({ i, text, actual }).toEqual({ i, text, actual: expected });
    }
  });
});

describe('invalidClosingQuote', () => {
  it('refuses a quoted field that goes on after its closing quote, naming its column', () => {
    expect(invalidClosingQuote('a,"Ann Lee" ,F\n', ',')).toMatchObject({ code: 'CSV_INVALID_CLOSING_QUOTE', column: 1, value: '"Ann Lee" ,F' });
    expect(invalidClosingQuote('"Pilot"x,b', ',')).toMatchObject({ column: 0, value: '"Pilot"x,b' });
    // a quote left open swallows the lines up to a later quote: the field is named where it starts
    expect(invalidClosingQuote('S,"Pilot,d\nS,1,The "Big" Day,e\n', ',')).toMatchObject({ column: 1, value: '"Pilot,d S,1,The "Big" Day,e' });
    expect(invalidClosingQuote('a;"b"c;d', ';')).toMatchObject({ column: 1 });
    expect(invalidClosingQuote('a::"b"c::d', '::')).toMatchObject({ column: 1 });
  });
  it('accepts quoted fields closed where they end, and quotes that do not begin a field', () => {
    for (const raw of ['a,"b ""x"" c",d\n', '"a","b"\r\n', '"a"', 'a,The "Big" Day,b\n', 'x,y"z,w', '"",""', '"line\nbreak",b', 'a;"b;c";d', 'a::"b"::c'])
      expect(invalidClosingQuote(raw, raw.includes('::') ? '::' : raw.includes(';') ? ';' : ','), raw).toBeNull();
    // left open: csv-parse reports that itself
    expect(invalidClosingQuote('a,"b', ',')).toBeNull();
  });
});
