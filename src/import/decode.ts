/**
 * Bytes → text. Detects the byte-order mark and decodes strictly: invalid
 * bytes are an error that names the byte offset, never silent mojibake.
 */
export interface Decoder {
  encoding: string;
  /** Decode the next chunk; throws DecodeError on invalid input. */
  write(chunk: Uint8Array): string;
  end(): string;
}

export class DecodeError extends Error {
  constructor(
    message: string,
    /** Offset in the file of the first byte that cannot be decoded (for UTF-8: where the bad sequence starts). */
    readonly byteOffset: number,
    /**
     * The text of the bytes between the end of the text already returned and
     * the bad byte, so a reader can tell which line and field hold it.
     */
    readonly textBefore = '',
  ) {
    super(message);
  }
}

export interface DecoderOptions {
  /** Appended to the error message: why other encodings were ruled out. */
  hint?: string;
}

const BOMS: Array<[string, number[]]> = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

/** The encoding a file's first bytes announce, if any. */
export function sniffEncoding(head: Uint8Array): string | undefined {
  for (const [encoding, bom] of BOMS) {
    if (bom.every((b, i) => head[i] === b)) return encoding;
  }
  return undefined;
}

/** Bytes WHATWG's windows-1252 maps to C1 control characters because Windows leaves them undefined. */
export const WINDOWS_1252_UNDEFINED: readonly number[] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** Length of the UTF-8 sequence a lead byte starts (0: not a valid lead byte). */
export function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Bytes at the end of `bytes` that begin a UTF-8 sequence not yet complete (0–3). */
export function utf8IncompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) !== 0x80) {
      const need = utf8SequenceLength(b);
      return need > back ? back : 0;
    }
  }
  return 0;
}

/**
 * Index of the first byte of the first malformed UTF-8 sequence in `bytes`
 * (the WHATWG decoder's rules: no overlongs, surrogates or code points above
 * U+10FFFF), `bytes.length` when a sequence is cut off at the end, or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const need = utf8SequenceLength(lead);
    if (need === 0) return i;
    if (need === 1) {
      i++;
      continue;
    }
    const lo = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const hi = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < need; k++) {
      if (i + k >= bytes.length) return bytes.length;
      const b = bytes[i + k]!;
      if (b < (k === 1 ? lo : 0x80) || b > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need;
  }
  return -1;
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Bytes at the end of `bytes` that the next chunk completes: an odd byte,
 * and a high surrogate whose partner has not arrived. `start` is the file
 * offset of bytes[0]; code units start at even offsets (after the BOM).
 */
function utf16IncompleteTail(bytes: Uint8Array, start: number, littleEndian: boolean): number {
  const odd = (start + bytes.length) % 2;
  const last = bytes.length - odd - 2;
  if (last < 0) return Math.min(odd, bytes.length);
  const unit = littleEndian ? bytes[last]! | (bytes[last + 1]! << 8) : (bytes[last]! << 8) | bytes[last + 1]!;
  return isHighSurrogate(unit) ? odd + 2 : odd;
}

/**
 * Index of the first code unit of `bytes` (which starts at a code unit) that
 * is an unpaired surrogate, `bytes.length` when the text is cut off inside a
 * character, or -1.
 */
function firstInvalidUtf16(bytes: Uint8Array, littleEndian: boolean): number {
  const unitAt = (i: number): number => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  let i = 0;
  while (i + 1 < bytes.length) {
    const unit = unitAt(i);
    if (isLowSurrogate(unit)) return i;
    if (isHighSurrogate(unit)) {
      if (i + 3 >= bytes.length) return bytes.length;
      if (!isLowSurrogate(unitAt(i + 2))) return i;
      i += 4;
      continue;
    }
    i += 2;
  }
  return i < bytes.length ? bytes.length : -1;
}

/** Index of the first byte windows-1252 leaves undefined, or -1. */
export function firstUndefinedWindows1252(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let first = -1;
  for (const b of WINDOWS_1252_UNDEFINED) {
    const at = buffer.indexOf(b);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * What each encoding needs to locate bad bytes: the tail a later chunk may
 * complete, and the first bad byte. Encodings without one are located to
 * the chunk only.
 */
interface Locator {
  tail(bytes: Uint8Array, start: number): number;
  firstInvalid(bytes: Uint8Array): number;
  describe(bytes: Uint8Array, at: number): string;
}

function locatorFor(encoding: string): Locator | undefined {
  switch (encoding) {
    case 'utf-8':
      return { tail: utf8IncompleteTail, firstInvalid: firstInvalidUtf8, describe: (b, at) => `unexpected byte ${hex(b[at]!)}` };
    case 'utf-16le':
    case 'utf-16be': {
      const le = encoding === 'utf-16le';
      return {
        tail: (b, start) => utf16IncompleteTail(b, start, le),
        firstInvalid: (b) => firstInvalidUtf16(b, le),
        describe: (b, at) => {
          const unit = le ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!;
          return `unpaired surrogate 0x${unit.toString(16).toUpperCase()}`;
        },
      };
    }
    case 'windows-1252':
      return { tail: () => 0, firstInvalid: firstUndefinedWindows1252, describe: (b, at) => `byte ${hex(b[at]!)}, which windows-1252 leaves undefined,` };
    default:
      return undefined;
  }
}

/** `encoding`: a WHATWG encoding name as TextDecoder reports it (see resolveEncodingLabel). */
export function createDecoder(encoding: string, options: DecoderOptions = {}): Decoder {
  // TextDecoder drops a leading BOM itself (ignoreBOM defaults to false).
  const decoder = new TextDecoder(encoding, { fatal: true });
  const name = decoder.encoding;
  const locator = locatorFor(name);
  const hint = options.hint ? `; ${options.hint}` : '';
  /** Bytes of all chunks decoded so far. */
  let offset = 0;
  /** The end of the bytes so far that starts a character the next chunk completes. */
  let carry: Uint8Array = new Uint8Array(0);

  const failAt = (badOffset: number, what: string, textBefore = ''): DecodeError =>
    new DecodeError(
      `the file is not valid ${name}: ${what} at byte offset ${badOffset}${hint}; save it as UTF-8 or name its encoding with --encoding`,
      badOffset,
      textBefore,
    );

  /** Locate the bad bytes of a chunk the decoder rejected (or would have silently mangled). */
  const explain = (bytes: Uint8Array, start: number, bad: number): DecodeError => {
    if (!locator || bad === -1 || bad === bytes.length) return failAt(offset, 'bytes that cannot be decoded, in the block that starts');
    // The decoder's own state is lost with the error: decode the good bytes afresh (a BOM counts only at the file's start).
    const before = new TextDecoder(name, { ignoreBOM: start !== 0 }).decode(bytes.subarray(0, bad));
    return failAt(start + bad, locator.describe(bytes, bad), before);
  };

  return {
    encoding: name,
    write(chunk) {
      let text: string;
      const start = offset - carry.length;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const bytes = concat(carry, chunk);
        throw explain(bytes, start, locator ? locator.firstInvalid(bytes) : -1);
      }
      if (name === 'windows-1252') {
        const bad = firstUndefinedWindows1252(chunk);
        if (bad !== -1) throw explain(chunk, offset, bad);
      }
      if (locator) {
        // A chunk of fewer than 4 bytes may sit inside a character that began in the carry.
        const end = chunk.length >= 4 ? chunk : concat(carry, chunk);
        carry = end.slice(end.length - locator.tail(end, offset + chunk.length - end.length));
      }
      offset += chunk.length;
      return text;
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        throw failAt(offset - carry.length, 'the file ends inside a character');
      }
    },
  };
}
