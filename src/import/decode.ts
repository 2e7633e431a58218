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

export function createDecoder(encoding: string): Decoder {
  // TextDecoder drops a leading BOM itself (ignoreBOM defaults to false).
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  const guard = (fn: () => string, length: number): string => {
    try {
      const text = fn();
      offset += length;
      return text;
    } catch {
      throw new DecodeError(
        `the file is not valid ${encoding} (bad bytes after byte ${offset}); save it as UTF-8 or name its encoding with --encoding`,
        offset,
      );
    }
  };
  return {
    encoding,
    write: (chunk) => guard(() => decoder.decode(chunk, { stream: true }), chunk.length),
    end: () => guard(() => decoder.decode(), 0),
  };
}
