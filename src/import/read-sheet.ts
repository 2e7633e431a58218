/**
 * File → raw records with their physical line numbers. Streams the bytes
 * once: hashing, decoding and CSV parsing (csv-parse) as they arrive, so
 * memory stays flat whatever the file size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import { createDecoder, DecodeError, sniffEncoding, type Decoder } from './decode.js';
import { detectDelimiter } from './delimiter.js';

/** Largest record (and so field) accepted, in characters: bounds memory on hostile files. */
export const MAX_RECORD_CHARS = 1 << 20;
const BATCH_SIZE = 5000;
const CHUNK_BYTES = 1 << 20;

export interface RawRecord {
  /** Physical line where the record starts (header = 1). */
  line: number;
  cells: string[];
}

export interface SheetFacts {
  sha256: string;
  encoding: string;
  delimiter: string;
  bytes: number;
  /** The text holds U+001E or U+001F (see read-sheet-worker). */
  hasSeparatorChars: boolean;
}

export interface SheetReadOptions {
  delimiter?: string;
  encoding?: string;
  /** Called with the bytes read so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

/** A problem that stops reading the file: the rest cannot be parsed reliably. */
export class SheetError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly value: string,
  ) {
    super(message);
  }
}

function explainParseError(err: Error & { code?: string; column?: number }): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field that starts in this record is never closed (the file ends inside quotes)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field is followed by other characters before the delimiter; double any quote inside a quoted field ("")';
    case 'CSV_MAX_RECORD_SIZE':
      return `record is longer than ${MAX_RECORD_CHARS} characters, the most CrewCount reads in one record (an unclosed quote?)`;
    default:
      return `the CSV cannot be parsed here: ${err.message}`;
  }
}

/**
 * Read a sheet as batches of raw records. Throws SheetError (with the line)
 * when the bytes cannot be decoded or the CSV cannot be parsed. `facts` is
 * filled in as the file is read and is complete when the generator ends.
 */
export async function* readSheet(
  path: string,
  options: SheetReadOptions,
  facts: SheetFacts,
): AsyncGenerator<RawRecord[]> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let decoder: Decoder | undefined;
  let parser: Parser | undefined;
  let parseError: (Error & { code?: string; column?: number }) | undefined;
  let headText = '';
  let nextLine = 1;
  let batch: RawRecord[] = [];
  let hashedAll = false;

  const drain = (): void => {
    let cells: string[] | null;
    while (parser && (cells = parser.read() as string[] | null) !== null) {
      batch.push({ line: nextLine, cells });
      let lines = 1;
      for (const c of cells) {
        // Quoted fields may hold newlines: the next record starts that much lower.
        for (let i = c.indexOf('\n'); i !== -1; i = c.indexOf('\n', i + 1)) lines++;
      }
      nextLine += lines;
    }
  };
  const startParser = (text: string): void => {
    const newline = text.indexOf('\n');
    facts.delimiter = options.delimiter ?? detectDelimiter(newline === -1 ? text : text.slice(0, newline));
    parser = parse({
      delimiter: facts.delimiter,
      relax_column_count: true, // ragged rows are reported by the normaliser, with their line
      relax_quotes: true, // a stray quote inside an unquoted name is kept, as Excel does
      skip_empty_lines: false, // keeps the line count exact; blank records are skipped later
      max_record_size: MAX_RECORD_CHARS,
    });
    parser.on('error', (err) => {
      parseError = err;
    });
    feed(text);
  };
  const feed = (text: string): void => {
    if (text !== '') parser!.write(text);
    drain();
    if (parseError) {
      throw new SheetError(explainParseError(parseError), nextLine, (parseError.column ?? -1) + 1, '');
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      facts.bytes += chunk.length;
      options.onBytes?.(facts.bytes);
      if (!decoder) {
        facts.encoding = options.encoding ?? sniffEncoding(chunk) ?? 'utf-8';
        decoder = createDecoder(facts.encoding);
      }
      const text = decoder.write(chunk);
      if (!facts.hasSeparatorChars && /[\u001e\u001f]/.test(text)) facts.hasSeparatorChars = true;
      if (!parser) {
        headText += text;
        // The delimiter is read off the header line: wait until it is whole.
        if (headText.indexOf('\n') === -1 && headText.length < MAX_RECORD_CHARS) continue;
        startParser(headText);
        headText = '';
      } else {
        feed(text);
      }
      if (batch.length >= BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
    hashedAll = true;
    const tail = decoder ? decoder.end() : '';
    if (!parser) startParser(headText + tail);
    else feed(tail);
    parser!.end();
    drain();
    if (parseError) throw new SheetError(explainParseError(parseError), nextLine, (parseError.column ?? -1) + 1, '');
    if (batch.length > 0) yield batch;
  } catch (err) {
    if (err instanceof DecodeError) throw new SheetError(err.message, nextLine, 0, '');
    throw err;
  } finally {
    // The ledger records the whole file's digest, also when reading stopped early.
    facts.sha256 = hashedAll ? hash.digest('hex') : await sha256OfFile(path);
    if (!facts.encoding) facts.encoding = options.encoding ?? 'utf-8';
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
