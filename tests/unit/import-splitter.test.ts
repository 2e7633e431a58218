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
import { readSheet, SheetError, type SheetFacts } from '../../src/import/read-sheet.js';
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

function viaCsvParse(text: string): string[][] | 'error' {
  try {
    return parse(text, { delimiter: ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
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
