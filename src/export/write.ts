/**
 * Writers shared by every export: CSV (with the spreadsheet-safety rule on
 * text columns) or a JSON array, streamed chunk by chunk into any writable
 * (a file, stdout, an HTTP response) with backpressure.
 */
import type { Writable } from 'node:stream';
import { neutraliseFormula } from './csv-safety.js';

export type ExportFormat = 'csv' | 'json';

export interface WriteOptions {
  format: ExportFormat;
  /** Prefix a UTF-8 byte-order mark (CSV only): Excel needs it to read UTF-8. */
  bom?: boolean;
}

export const BOM = '\uFEFF';

/** The message of an export whose reader went away (an HTTP client hanging up, `| head`). */
export const OUTPUT_CLOSED = 'the output was closed before the export was written';

/**
 * Output gathered in a buffer and written to `out` a buffer at a time: a
 * file gets a thousand large writes instead of one per row. Text is encoded
 * straight into the buffer; the credits export also adds bytes it encoded
 * once and repeats (an episode's cells, a person's) instead of encoding
 * them again on every line. Call `drained` between batches of rows (it waits
 * while `out` asks to, which bounds memory) and `end` after the last.
 */
export class OutputBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(
    private readonly out: Writable,
    private readonly size = 1 << 16,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(size);
  }

  add(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.send(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  addText(text: string): void {
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    if (this.length + text.length * 3 > this.buffer.length) this.send(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  async drained(): Promise<void> {
    // A reader that went away (an HTTP client hanging up) must end the export, not leave it waiting.
    if (this.out.destroyed) throw new Error(OUTPUT_CLOSED);
    if (this.out.writableNeedDrain) await drain(this.out);
  }

  async end(): Promise<void> {
    this.send(0);
    await this.drained();
  }

  /** Write what is gathered and start a buffer with room for `need` bytes. */
  private send(need: number): void {
    if (this.length > 0) this.out.write(this.buffer.subarray(0, this.length));
    this.buffer = Buffer.allocUnsafeSlow(Math.max(this.size, need));
    this.length = 0;
  }
}

/** Wait for 'drain'; fail on 'error', or on 'close' (which comes without a 'drain' when the reader went away). */
function drain(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error): void => {
      out.off('drain', onDrain);
      out.off('error', settle);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(new Error(OUTPUT_CLOSED));
    out.on('drain', onDrain);
    out.on('error', settle);
    out.on('close', onClose);
  });
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
  const buffer = new OutputBuffer(out);
  if (options.format === 'json') {
    buffer.addText('[');
    let first = true;
    for await (const chunk of chunks) {
      for (const row of chunk) {
        buffer.addText(`${first ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])))}`);
        first = false;
      }
      await buffer.drained();
    }
    buffer.addText(first ? ']\n' : '\n]\n');
    await buffer.end();
    return;
  }
  buffer.addText((options.bom ? BOM : '') + csvHeader(columns));
  for await (const chunk of chunks) {
    for (const row of chunk) {
      const cells: string[] = [];
      for (let i = 0; i < Math.min(row.length, columns.length); i++) cells.push(csvCell(row[i]));
      buffer.addText(`${cells.join(',')}\n`);
    }
    await buffer.drained();
  }
  await buffer.end();
}
