/**
 * File → raw records with their physical line numbers. Streams the bytes
 * once: hashing, decoding and CSV parsing as they arrive, so memory stays
 * flat whatever the file size.
 *
 * csv-parse defines what a record is. It walks the text byte by byte, which
 * makes it the import's largest single cost, so the plain records that make
 * up nearly every sheet are split here with indexOf and split() instead (see
 * CsvSplitter); anything unusual is handed to csv-parse, which then reads
 * the rest of the file. Both give the same cells for the records the fast
 * path accepts.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import { CONTROL } from '../domain/text.js';
import { createDecoder, DecodeError } from './decode.js';
import { detectDelimiterInSample, separatorLine, withoutLeadingBlankLines } from './delimiter-sample.js';
import { chooseEncoding, EncodingLabelError, resolveEncodingLabel, type EncodingChoice } from './encoding.js';

/** Largest record (and so field) accepted, in characters: bounds memory on hostile files. */
export const MAX_RECORD_CHARS = 1 << 20;
const BATCH_SIZE = 1000;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const CHUNK_BYTES = 1 << 16;

export interface RawRecord {
  /** Physical line where the record starts (header = 1). */
  line: number;
  cells: string[];
}

export interface SheetFacts {
  sha256: string;
  encoding: string;
  /** Why the file was not read as UTF-8 when no encoding was named, e.g. "not valid UTF-8 at byte 1234". */
  encodingNote?: string;
  delimiter: string;
  bytes: number;
  /** The text holds U+001E or U+001F, the ASCII record and unit separators. */
  hasSeparatorChars: boolean;
  /**
   * The text read so far holds a control character (CONTROL): set before
   * the records of the text that holds it are handed on, so while it is
   * unset no record can hold one and the per-cell check can be skipped.
   */
  hasControlChars?: boolean;
}

export interface SheetReadOptions {
  delimiter?: string;
  /** An encoding label (see resolveEncodingLabel); unset: chosen by chooseEncoding. */
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

type CsvParseError = Error & { code?: string; column?: number; value?: string };

/** csv-parse rejected the text (as opposed to, say, an option it does not accept). */
class CsvFailure extends Error {
  constructor(readonly parseError: CsvParseError) {
    super(parseError.message);
  }
}

function explainParseError(err: CsvParseError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field that starts in this record is never closed (the file ends inside quotes)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field goes on after its closing quote: double any quote inside a quoted field (""), and check that the quote opening it is closed where the field ends';
    case 'CSV_MAX_RECORD_SIZE':
      return `record is longer than ${MAX_RECORD_CHARS} characters, the most CrewCount reads in one record (an unclosed quote?)`;
    default:
      return `the CSV cannot be parsed here: ${err.message}`;
  }
}

/** Receives each record with the number of physical lines it spans. */
type RecordSink = (cells: string[], lines: number) => void;

/** Physical lines a record spans: quoted fields may hold newlines. */
function linesOf(cells: readonly string[]): number {
  let lines = 1;
  for (const c of cells) {
    for (let i = c.indexOf('\n'); i !== -1; i = c.indexOf('\n', i + 1)) lines++;
  }
  return lines;
}

/**
 * The error for a record whose quoted field goes on after its closing quote
 * (`"Ann Lee" ,F` or `"Pilot,…` closed by the quote of a later `The "Big"
 * Day`), or null. csv-parse's relax_quotes, needed for quotes inside
 * unquoted fields, would keep such a field, quotes and all, and in the
 * second case the lines it swallowed: rows lost without a word. A quote
 * that does not begin a field stays data.
 */
export function invalidClosingQuote(raw: string, delimiter: string): CsvParseError | null {
  let p = 0;
  for (let column = 0; ; column++) {
    if (raw.charCodeAt(p) !== QUOTE) {
      const next = raw.indexOf(delimiter, p);
      if (next === -1) return null;
      p = next + delimiter.length;
      continue;
    }
    let close = raw.indexOf('"', p + 1);
    while (close !== -1 && raw.charCodeAt(close + 1) === QUOTE) close = raw.indexOf('"', close + 2);
    if (close === -1) return null; // unclosed: csv-parse reports it
    const after = close + 1;
    if (after === raw.length || raw.charCodeAt(after) === CR || raw.charCodeAt(after) === LF) return null;
    if (raw.startsWith(delimiter, after)) {
      p = after + delimiter.length;
      continue;
    }
    const value = raw
      .slice(p, Math.min(after + 20, raw.length))
      .replace(/\r?\n$/, '')
      .replace(/\r?\n/g, ' ');
    return Object.assign(new Error('invalid closing quote'), { code: 'CSV_INVALID_CLOSING_QUOTE', column, value: value.length > 80 ? `${value.slice(0, 80)}…` : value });
  }
}

/** csv-parse, fed text as it arrives; throws the parser's error as soon as it has one. */
class CsvParseSplitter {
  private readonly parser: Parser;
  private failure: CsvParseError | undefined;

  /** `recordDelimiter` unset: csv-parse detects it, as for a whole file. */
  constructor(
    private readonly delimiter: string,
    recordDelimiter: string | undefined,
    private readonly sink: RecordSink,
  ) {
    this.parser = parse({
      delimiter,
      ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
      relax_column_count: true, // ragged rows are reported by the normaliser, with their line
      // A stray quote inside an unquoted name is kept, as Excel does. The option also lets a quoted
      // field go on after its closing quote, which invalidClosingQuote refuses (see there).
      relax_quotes: true,
      raw: true,
      skip_empty_lines: false, // keeps the line count exact; blank records are skipped later
      max_record_size: MAX_RECORD_CHARS,
    });
    this.parser.on('error', (err) => (this.failure ??= err));
  }

  write(text: string): void {
    if (text !== '') this.parser.write(text);
    this.drain();
  }

  async end(): Promise<void> {
    this.parser.end();
    this.drain();
    // The final flush may report its error (an unclosed quote) a tick later.
    if (!this.error()) await new Promise<void>((resolve) => setImmediate(resolve));
    this.drain();
  }

  /** Records parsed so far go to the sink first: they precede the error. */
  private drain(): void {
    let next: { record: string[]; raw: string } | null;
    while ((next = this.parser.read() as { record: string[]; raw: string } | null) !== null) {
      const bad = next.raw.includes('"') ? invalidClosingQuote(next.raw, this.delimiter) : null;
      if (bad) throw new CsvFailure(bad);
      this.sink(next.record, linesOf(next.record));
    }
    const err = this.error();
    if (err) throw new CsvFailure(err);
  }

  private error(): CsvParseError | undefined {
    return this.failure ?? (this.parser.errored as CsvParseError | null) ?? undefined;
  }
}

/** Records longer than this go to csv-parse, which enforces MAX_RECORD_CHARS (it counts UTF-8 bytes). */
const FAST_RECORD_CHARS = MAX_RECORD_CHARS >> 2;
/** The fast path needs more text to finish the record, or cannot read it the way csv-parse would. */
const NEED_MORE = -1;
const UNUSUAL = -2;

/**
 * Splits text into records the way csv-parse does with the options above,
 * for the common shapes: a single-character delimiter, LF or CRLF line ends
 * (csv-parse takes the first line end it meets), fields either unquoted or
 * quoted with "" for a quote inside. At the first record it cannot vouch
 * for (a closing quote followed by other text, a lone LF in a CRLF file, a
 * record of a quarter of the size limit...) it hands the rest of the text
 * to csv-parse, which reads to the end of the file. Exported for tests.
 */
export class CsvSplitter {
  private pending = '';
  /** Record delimiter once known; the fast path reads LF or CRLF files only. */
  private crlf = false;
  private started = false;
  private slow: CsvParseSplitter | null = null;
  private readonly delimiterCode: number;
  /** The record readRecord last read. */
  private record: string[] = [];
  private recordLines = 1;

  constructor(
    private readonly delimiter: string,
    private readonly sink: RecordSink,
  ) {
    const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    this.delimiterCode = code === QUOTE || code === CR || code === LF ? -1 : code;
    if (this.delimiterCode === -1) this.slow = new CsvParseSplitter(delimiter, undefined, sink);
  }

  write(text: string): void {
    if (this.slow) return this.slow.write(text);
    this.split(this.pending + text, false);
  }

  async end(): Promise<void> {
    if (!this.slow) this.split(this.pending, true);
    await this.slow?.end();
  }

  private split(text: string, atEnd: boolean): void {
    this.pending = '';
    if (!this.started && !this.start(text, atEnd)) return;
    const pos = this.splitRecords(text, atEnd);
    if (pos >= 0) {
      this.pending = text.slice(pos);
      // A record that never ends: let csv-parse decide whether it is too long.
      if (this.pending.length > FAST_RECORD_CHARS) this.handOver(this.pending, 0);
    } else {
      this.handOver(text, -pos - 1);
    }
  }

  /**
   * csv-parse takes the first CR, LF or CRLF outside quotes as the record
   * delimiter. The fast path starts only when that is plainly the end of the
   * first line (no CR before it elsewhere) and the first record ends there;
   * otherwise csv-parse reads the whole file, as it always did.
   */
  private start(text: string, atEnd: boolean): boolean {
    const lf = text.indexOf('\n');
    if (lf === -1 && !atEnd && text.length <= FAST_RECORD_CHARS) {
      this.pending = text; // wait for the end of the first line
      return false;
    }
    const cr = text.indexOf('\r');
    this.crlf = lf !== -1 && cr === lf - 1;
    const plainLineEnd = cr === -1 || (lf !== -1 && cr > lf) || this.crlf;
    const firstRecordEnds = lf === -1 ? atEnd : this.readRecord(text, 0, false) === lf + 1;
    if (!plainLineEnd || !firstRecordEnds) {
      this.slow = new CsvParseSplitter(this.delimiter, undefined, this.sink);
      this.slow.write(text);
      return false;
    }
    this.started = true;
    return true;
  }

  /** Continue with csv-parse from `pos`, a record boundary, with the record delimiter already found. */
  private handOver(text: string, pos: number): void {
    this.pending = '';
    this.slow = new CsvParseSplitter(this.delimiter, this.crlf ? '\r\n' : '\n', this.sink);
    this.slow.write(text.slice(pos));
  }

  /**
   * Emit the whole records of `text`. Returns where the unfinished rest
   * begins, or -(p + 1) when the record at p is one for csv-parse.
   */
  private splitRecords(text: string, atEnd: boolean): number {
    let pos = 0;
    let quote = text.indexOf('"');
    while (pos < text.length) {
      const lf = text.indexOf('\n', pos);
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (lf === -1 || (quote !== -1 && quote < lf)) {
        // Quotes (or the file's last record): field by field.
        const next = this.readRecord(text, pos, atEnd);
        if (next === NEED_MORE && !atEnd) return pos;
        if (next < 0 || next - pos > FAST_RECORD_CHARS) return -pos - 1;
        this.sink(this.record, this.recordLines);
        pos = next;
        continue;
      }
      // The common case, a line without quotes: split it.
      let end = lf;
      if (this.crlf) {
        if (lf === pos || text.charCodeAt(lf - 1) !== CR) return -pos - 1; // a lone LF is data in a CRLF file
        end = lf - 1;
      }
      if (lf - pos > FAST_RECORD_CHARS) return -pos - 1;
      this.sink(text.slice(pos, end).split(this.delimiter), 1);
      pos = lf + 1;
    }
    return pos;
  }

  /**
   * Read the record at `pos` field by field into `record` and `recordLines`.
   * Returns where the next record starts, NEED_MORE, or UNUSUAL.
   */
  private readRecord(text: string, pos: number, atEnd: boolean): number {
    const cells: string[] = (this.record = []);
    this.recordLines = 1;
    let p = pos;
    for (;;) {
      if (p - pos > FAST_RECORD_CHARS) return UNUSUAL;
      if (text.charCodeAt(p) === QUOTE) {
        // Quoted field: up to the quote that is not doubled.
        let close = text.indexOf('"', p + 1);
        let doubled = false;
        while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close = text.indexOf('"', close + 2);
        }
        if (close === -1) return atEnd ? UNUSUAL : NEED_MORE;
        const inner = text.slice(p + 1, close);
        cells.push(doubled ? inner.replaceAll('""', '"') : inner);
        for (let i = inner.indexOf('\n'); i !== -1; i = inner.indexOf('\n', i + 1)) this.recordLines++;
        p = close + 1;
        // What follows the closing quote decides: csv-parse keeps the quote as data unless it ends the field.
        if (p === text.length) return atEnd ? p : NEED_MORE;
        const after = text.charCodeAt(p);
        if (after === this.delimiterCode) {
          p++;
          continue;
        }
        if (!this.crlf) return after === LF ? p + 1 : UNUSUAL;
        if (after !== CR) return UNUSUAL;
        if (p + 1 === text.length) return atEnd ? UNUSUAL : NEED_MORE;
        return text.charCodeAt(p + 1) === LF ? p + 2 : UNUSUAL;
      }
      // Unquoted field: up to the next delimiter or line end; a quote inside is data.
      const delimiter = text.indexOf(this.delimiter, p);
      const lf = text.indexOf('\n', p);
      if (delimiter !== -1 && (lf === -1 || delimiter < lf)) {
        cells.push(text.slice(p, delimiter));
        p = delimiter + 1;
        continue;
      }
      if (lf === -1) {
        if (!atEnd) return NEED_MORE;
        cells.push(text.slice(p));
        return text.length;
      }
      if (this.crlf && (lf === p || text.charCodeAt(lf - 1) !== CR)) return UNUSUAL; // a lone LF is data in a CRLF file
      cells.push(text.slice(p, this.crlf ? lf - 1 : lf));
      return lf + 1;
    }
  }
}

/**
 * Read a sheet as batches of raw records. Throws SheetError (with the line)
 * when the bytes cannot be decoded or the CSV cannot be parsed, after
 * yielding the records before that point. `facts` is filled in as the file
 * is read and is complete when the generator ends.
 */
export async function* readSheet(
  path: string,
  options: SheetReadOptions,
  facts: SheetFacts,
): AsyncGenerator<RawRecord[]> {
  const hash = createHash('sha256');
  let splitter: CsvSplitter | undefined;
  let headText = '';
  let nextLine = 1;
  let batch: RawRecord[] = [];
  let hashedAll = false;
  let failure: SheetError | undefined;
  /** Set while locating a bad byte: the last record read is held back, as it is the one holding the byte. */
  let held: RawRecord | undefined;
  let holding = false;

  const sink: RecordSink = (cells, lines) => {
    if (holding) {
      if (held) batch.push(held);
      held = { line: nextLine, cells };
    } else {
      batch.push({ line: nextLine, cells });
    }
    nextLine += lines;
  };
  const csvError = (err: CsvFailure): SheetError =>
    new SheetError(explainParseError(err.parseError), nextLine, (err.parseError.column ?? -1) + 1, err.parseError.value ?? '');
  const startSplitter = (text: string): void => {
    const directive = separatorLine(text);
    if (directive) {
      // Excel's `sep=;` line names the delimiter and is no record: the header is on line 2.
      text = text.slice(directive.length);
      nextLine++;
    }
    facts.delimiter = options.delimiter ?? directive?.delimiter ?? detectDelimiterInSample(text);
    splitter = new CsvSplitter(facts.delimiter, sink);
    splitter.write(text);
  };
  const feed = (text: string): void => {
    if (!facts.hasSeparatorChars && (text.includes('\u001e') || text.includes('\u001f'))) facts.hasSeparatorChars = true;
    if (!facts.hasControlChars && CONTROL.test(text)) facts.hasControlChars = true;
    if (splitter) return splitter.write(text);
    headText += text;
    // The delimiter is read off the header line (the first that is not blank): wait until it is whole.
    if (withoutLeadingBlankLines(headText).indexOf('\n') === -1 && headText.length < MAX_RECORD_CHARS) return;
    startSplitter(headText);
    headText = '';
  };
  /**
   * The bad byte's record and field: the records before it are parsed and
   * handed on as usual, then the text up to the byte is read as the file's
   * last record, which is the one holding it. A CSV error before the byte
   * comes first in the file, so it is the one reported.
   */
  const locate = async (err: DecodeError): Promise<SheetError> => {
    try {
      feed(err.textBefore);
    } catch (csv) {
      if (csv instanceof CsvFailure) return csvError(csv);
      throw csv;
    }
    holding = true;
    try {
      if (!splitter) startSplitter(headText);
      await splitter!.end();
    } catch (csv) {
      if (!(csv instanceof CsvFailure)) throw csv;
      // The text before the byte leaves a quoted field open: the byte is in the record starting here.
      if (held) batch.push(held);
      return new SheetError(err.message, nextLine, 0, '');
    }
    if (!held) return new SheetError(err.message, nextLine, 1, '\ufffd'); // the byte starts a record
    const cell = held.cells.at(-1) ?? '';
    return new SheetError(err.message, held.line, held.cells.length, `${cell.slice(-40)}\ufffd`);
  };

  try {
    try {
      const choice = await encodingFor(path, options.encoding);
      facts.encoding = choice.encoding;
      if (choice.note) facts.encodingNote = choice.note;
      const decoder = createDecoder(choice.encoding, choice.notWindows1252 ? { hint: choice.notWindows1252 } : {});
      try {
        for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          facts.bytes += chunk.length;
          options.onBytes?.(facts.bytes);
          feed(decoder.write(chunk));
          if (batch.length >= BATCH_SIZE) {
            yield batch;
            batch = [];
          }
        }
        hashedAll = true;
        feed(decoder.end());
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        failure = await locate(err);
      }
      if (!failure) {
        if (!splitter) startSplitter(headText);
        await splitter!.end();
      }
    } catch (err) {
      if (err instanceof CsvFailure) failure = csvError(err);
      else if (err instanceof EncodingLabelError) failure = new SheetError(err.message, 0, 0, options.encoding ?? '');
      else throw err;
    }
    if (batch.length > 0) yield batch;
    if (failure) throw failure;
  } finally {
    // The ledger records the whole file's digest, also when reading stopped early.
    facts.sha256 = hashedAll ? hash.digest('hex') : await sha256OfFile(path);
    if (!facts.encoding) facts.encoding = options.encoding ?? 'utf-8';
  }
}

/** A named encoding is taken as it is (a UTF-8 file stays strict UTF-8); otherwise see chooseEncoding. */
async function encodingFor(path: string, label: string | undefined): Promise<EncodingChoice> {
  return label === undefined ? chooseEncoding(path) : { encoding: resolveEncodingLabel(label) };
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
