/**
 * Which encoding to read a sheet in, decided before any record is handed on
 * (records are loaded as they stream, so the choice cannot change halfway).
 *
 * The rule: a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); without
 * one, a file that is valid UTF-8 is UTF-8; one that is not is read as
 * windows-1252 (what Excel on Windows saves as "CSV") only when that is
 * plausible: no NUL byte (binary, or UTF-16 without a BOM), none of the five
 * bytes windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), and no
 * well-formed multi-byte UTF-8 sequence, whose presence means the file mixes
 * encodings and either reading would garble part of it. Otherwise the file
 * is read as UTF-8 and fails at its first invalid byte, with the reason
 * windows-1252 was ruled out. So does a file whose lines end in CR alone:
 * that is Excel for Mac's "CSV (Macintosh)", in Mac Roman, which read as
 * windows-1252 would garble every accented letter (Søren → S¿ren); the
 * message asks for --encoding macintosh. `--encoding` overrides all of this.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { firstInvalidUtf8, sniffEncoding, utf8IncompleteTail, utf8SequenceLength } from './decode.js';

/** Large reads: the pre-pass is bound by the number of native calls, not by bytes. */
const SCAN_CHUNK_BYTES = 1 << 20;

export interface EncodingChoice {
  /** A WHATWG encoding name, as TextDecoder reports it. */
  encoding: string;
  /** Why the file was not read as UTF-8, for the summary ("not valid UTF-8 at byte 1234"). */
  note?: string;
  /** The file is not valid UTF-8 and windows-1252 was ruled out: why, for the error message. */
  notWindows1252?: string;
}

export class EncodingLabelError extends Error {}

/**
 * The WHATWG name of an encoding label (`latin1`, `cp1252` → windows-1252,
 * `utf8` → utf-8, …). Throws EncodingLabelError for a label TextDecoder does
 * not know, or one it cannot decode with.
 */
export function resolveEncodingLabel(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new EncodingLabelError(
      `unknown encoding "${label}"; use a label such as utf-8, utf-16le, utf-16be or windows-1252 ` +
        '(latin1, iso-8859-1 and cp1252 also mean windows-1252, as in web browsers; macintosh is Mac Roman)',
    );
  }
}

/** The encoding of the sheet at `path` when none is named (see the rule above). */
export async function chooseEncoding(path: string): Promise<EncodingChoice> {
  const invalidAt = await firstInvalidUtf8InFile(path);
  if (typeof invalidAt === 'string') return { encoding: invalidAt };
  if (invalidAt === -1) return { encoding: 'utf-8' };
  const { obstacle, binary, crOnly } = await scanForWindows1252(path);
  // Mac Roman uses the bytes windows-1252 leaves undefined (Å is 0x81): those say Mac too. A NUL says binary.
  if (crOnly && !binary) return { encoding: 'utf-8', notWindows1252: MAC_LINE_ENDS };
  if (obstacle) return { encoding: 'utf-8', notWindows1252: `nor is it windows-1252 text: ${obstacle}` };
  return { encoding: 'windows-1252', note: `not valid UTF-8 at byte ${invalidAt}` };
}

/**
 * Offset of the first byte that makes the file invalid UTF-8 (where a
 * sequence cut off at the end starts), -1 when it is valid, or the encoding
 * its byte-order mark names. node:buffer's isUtf8 checks each chunk natively;
 * only the few bytes of a character split between chunks are looked at here.
 */
async function firstInvalidUtf8InFile(path: string): Promise<number | string> {
  let offset = 0;
  let carry: Uint8Array = new Uint8Array(0);
  for await (const chunk of createReadStream(path, { highWaterMark: SCAN_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (offset === 0) {
      const bom = sniffEncoding(chunk);
      if (bom) return bom;
    }
    // The bytes that complete the carry's character are checked with it; the rest on its own, but for its unfinished tail.
    const joinAt = carry.length === 0 ? 0 : Math.min(chunk.length, utf8SequenceLength(carry[0]!) - carry.length);
    const head = Buffer.concat([carry, chunk.subarray(0, joinAt)]);
    const headTail = joinAt === chunk.length ? utf8IncompleteTail(head) : 0;
    const body = chunk.subarray(joinAt);
    const bodyTail = utf8IncompleteTail(body);
    const start = offset - carry.length;
    if (!isUtf8(head.subarray(0, head.length - headTail)) || !isUtf8(body.subarray(0, body.length - bodyTail))) {
      const bytes = Buffer.concat([head, body]);
      const bad = firstInvalidUtf8(bytes);
      return start + (bad === -1 ? bytes.length : bad);
    }
    carry = joinAt === chunk.length ? head.subarray(head.length - headTail) : body.subarray(body.length - bodyTail);
    offset += chunk.length;
  }
  return carry.length > 0 ? offset - carry.length : -1;
}

/* eslint-disable no-control-regex -- these are the bytes being looked for */
/** On the file's bytes as latin1 text: what rules windows-1252 out (see the rule above). */
const NOT_WINDOWS_1252 =
  /\x00|[\x81\x8d\x8f\x90\x9d]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}/;
/* eslint-enable no-control-regex */

const MAC_LINE_ENDS =
  'its lines end in CR alone, as in Excel for Mac\'s "CSV (Macintosh)", which is Mac Roman: ' +
  'name the encoding with --encoding macintosh (or --encoding windows-1252 if it is Windows text)';

interface Windows1252Scan {
  /** Why the file cannot be windows-1252 text; unset when it can. */
  obstacle?: string;
  /** The obstacle is a NUL byte: binary data or UTF-16, no text in a single-byte encoding. */
  binary: boolean;
  /** Its lines end in CR alone: it has a CR and no LF. */
  crOnly: boolean;
}

/** What rules windows-1252 out of the file, and how its lines end. */
async function scanForWindows1252(path: string): Promise<Windows1252Scan> {
  let offset = 0;
  /** The last bytes of the previous chunk, which may start a UTF-8 sequence this chunk ends. */
  let overlap = '';
  let found: Pick<Windows1252Scan, 'obstacle' | 'binary'> = { binary: false };
  let cr = false;
  let lf = false;
  for await (const chunk of createReadStream(path, { highWaterMark: SCAN_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (found.obstacle === undefined) {
      const text = overlap + chunk.toString('latin1');
      const m = NOT_WINDOWS_1252.exec(text);
      if (m) found = { obstacle: describeObstacle(m[0], offset - overlap.length + m.index), binary: m[0] === '\x00' };
      overlap = text.slice(-3);
    }
    cr ||= chunk.includes(0x0d);
    lf ||= chunk.includes(0x0a);
    if (found.obstacle !== undefined && lf) break; // nothing left to learn
    offset += chunk.length;
  }
  return { ...found, crOnly: cr && !lf };
}

function describeObstacle(found: string, at: number): string {
  const bytes = [...found].map((c) => `0x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  if (found === '\x00') return `it holds a NUL byte at byte offset ${at} (binary data, or UTF-16 without a byte-order mark?)`;
  if (found.length === 1) return `byte ${bytes} at byte offset ${at} is undefined in windows-1252`;
  const char = Buffer.from(found, 'latin1').toString('utf8');
  return `bytes ${bytes} at byte offset ${at} are UTF-8 for "${char}", so the file mixes encodings`;
}
