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
  ) {
    super(message);
  }
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

const isUtf8 = (encoding: string): boolean => /^utf-?8$/i.test(encoding.trim());

/** Length of the UTF-8 sequence a lead byte starts (0: not a valid lead byte). */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Bytes at the end of `bytes` that begin a UTF-8 sequence not yet complete (0–3). */
function utf8IncompleteTail(bytes: Uint8Array): number {
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
function firstInvalidUtf8(bytes: Uint8Array): number {
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function createDecoder(encoding: string): Decoder {
  // TextDecoder drops a leading BOM itself (ignoreBOM defaults to false).
  const decoder = new TextDecoder(encoding, { fatal: true });
  const utf8 = isUtf8(encoding);
  /** Bytes of all chunks decoded so far. */
  let offset = 0;
  /** The end of the last chunk that starts a character the next chunk completes (UTF-8 only). */
  let carry: Uint8Array = new Uint8Array(0);

  const failAt = (badOffset: number, what: string): DecodeError =>
    new DecodeError(
      `the file is not valid ${encoding}: ${what} at byte offset ${badOffset}; save it as UTF-8 or name its encoding with --encoding`,
      badOffset,
    );

  /** Locate the bad bytes of a chunk the decoder rejected. */
  const explain = (chunk: Uint8Array): DecodeError => {
    const bytes = utf8 ? concat(carry, chunk) : chunk;
    const bad = utf8 ? firstInvalidUtf8(bytes) : -1;
    if (bad === -1 || bad === bytes.length) return failAt(offset, 'bytes that cannot be decoded, in the block that starts');
    const start = offset - carry.length;
    return failAt(start + bad, `unexpected byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`);
  };

  return {
    encoding,
    write(chunk) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw explain(chunk);
      }
      if (utf8) {
        // A chunk of fewer than 3 bytes may sit inside a character that began in the carry.
        const end = chunk.length >= 3 ? chunk : concat(carry, chunk);
        carry = end.slice(end.length - utf8IncompleteTail(end));
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
