/**
 * Writers shared by every export: CSV through csv-stringify (with the
 * spreadsheet-safety rule on text columns) or a JSON array, streamed chunk by
 * chunk into any writable (a file, stdout, an HTTP response) with backpressure.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { neutraliseFormula } from './csv-safety.js';

export type ExportFormat = 'csv' | 'json';

export interface WriteOptions {
  format: ExportFormat;
  /** Prefix a UTF-8 byte-order mark (CSV only): Excel needs it to read UTF-8. */
  bom?: boolean;
}

const BOM = '\uFEFF';

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

function csvCell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutraliseFormula(String(value));
}

/** Write rows (arrays in `columns` order) as CSV or JSON objects. Does not end `out`. */
export async function writeRows(
  out: Writable,
  columns: readonly string[],
  chunks: AsyncIterable<unknown[][]> | Iterable<unknown[][]>,
  options: WriteOptions,
): Promise<void> {
  if (options.format === 'json') {
    await write(out, '[');
    let first = true;
    for await (const chunk of chunks) {
      let text = '';
      for (const row of chunk) {
        text += `${first ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])))}`;
        first = false;
      }
      if (text) await write(out, text);
    }
    await write(out, first ? ']\n' : '\n]\n');
    return;
  }
  if (options.bom) await write(out, BOM);
  const csv = stringify({ header: true, columns: [...columns], record_delimiter: 'unix' });
  const pump = (async () => {
    for await (const text of csv) await write(out, String(text));
  })();
  for await (const chunk of chunks) {
    for (const row of chunk) {
      if (!csv.write(row.map(csvCell))) await once(csv, 'drain');
    }
  }
  csv.end();
  await pump;
}
