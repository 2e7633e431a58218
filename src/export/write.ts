/**
 * Writers shared by every export: CSV (with the spreadsheet-safety rule on
 * text columns) or a JSON array, streamed chunk by chunk into any writable
 * (a file, stdout, an HTTP response) with backpressure.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
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

/**
 * Text gathered and written in pieces of about `size` characters: a file
 * gets a few hundred large writes instead of one per row. Call `flushIfFull`
 * between batches of rows (it waits when `out` asks it to) and `flush` at the end.
 */
export class TextBuffer {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly out: Writable,
    // Small enough that the joined text stays out of V8's large-object
    // space, which only a full garbage collection empties.
    private readonly size = 1 << 15,
  ) {}

  add(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  async flushIfFull(): Promise<void> {
    if (this.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    await write(this.out, text);
  }
}

/**
 * CSV quoting as RFC 4180 and csv-stringify (which wrote these exports
 * before, with `record_delimiter: 'unix'`) do it: a field holding a double
 * quote, a comma or a line feed is quoted, its quotes doubled. A lone
 * carriage return is not quoted; the importer folds it into a space anyway.
 */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const NEEDS_QUOTES = /[",\n]/;

/** One value as a CSV cell: empty for null, numbers as they are, text made spreadsheet-safe and quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvField(neutraliseFormula(String(value)));
}

/** The header line of a CSV export. */
export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(csvField).join(',')}\n`;
}

/** Write rows (arrays in `columns` order) as CSV or JSON objects. Does not end `out`. */
export async function writeRows(
  out: Writable,
  columns: readonly string[],
  chunks: AsyncIterable<unknown[][]> | Iterable<unknown[][]>,
  options: WriteOptions,
): Promise<void> {
  const buffer = new TextBuffer(out);
  if (options.format === 'json') {
    buffer.add('[');
    let first = true;
    for await (const chunk of chunks) {
      for (const row of chunk) {
        buffer.add(`${first ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])))}`);
        first = false;
      }
      await buffer.flushIfFull();
    }
    buffer.add(first ? ']\n' : '\n]\n');
    await buffer.flush();
    return;
  }
  buffer.add((options.bom ? BOM : '') + csvHeader(columns));
  for await (const chunk of chunks) {
    for (const row of chunk) {
      const cells: string[] = [];
      for (let i = 0; i < Math.min(row.length, columns.length); i++) cells.push(csvCell(row[i]));
      buffer.add(`${cells.join(',')}\n`);
    }
    await buffer.flushIfFull();
  }
  await buffer.flush();
}
