import { describe, expect, it } from 'vitest';
import { createDecoder, DecodeError, sniffEncoding } from '../../src/import/decode.js';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Decode chunks in order; returns the text or the DecodeError. */
function decodeAll(chunks: Uint8Array[], encoding = 'utf-8'): string | DecodeError {
  const decoder = createDecoder(encoding);
  try {
    return chunks.map((c) => decoder.write(c)).join('') + decoder.end();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
}

describe('sniffEncoding', () => {
  it('recognises the UTF-8 and UTF-16 byte-order marks', () => {
    expect(sniffEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('utf-8');
    expect(sniffEncoding(bytes(0xff, 0xfe, 0x61, 0x00))).toBe('utf-16le');
    expect(sniffEncoding(bytes(0xfe, 0xff, 0x00, 0x61))).toBe('utf-16be');
  });

  it('says nothing about a file without a BOM, or one too short to hold one', () => {
    expect(sniffEncoding(utf8('series,season'))).toBeUndefined();
    expect(sniffEncoding(bytes(0xef, 0xbb))).toBeUndefined();
    expect(sniffEncoding(bytes())).toBeUndefined();
  });
});

describe('createDecoder', () => {
  it('drops a UTF-8 BOM so the first header is clean', () => {
    expect(decodeAll([bytes(0xef, 0xbb, 0xbf), utf8('series,season')])).toBe('series,season');
  });

  it('decodes UTF-16LE with its BOM', () => {
    const body = Buffer.from('Série\tSaison', 'utf16le');
    expect(decodeAll([bytes(0xff, 0xfe), body], 'utf-16le')).toBe('Série\tSaison');
  });

  it('joins characters split across chunks', () => {
    const text = 'Zoë 😀 Ødegård';
    const oneByteChunks = [...utf8(text)].map((b) => bytes(b));
    expect(decodeAll(oneByteChunks)).toBe(text);
  });

  it('rejects invalid UTF-8 with the offset of the bad byte, never mojibake', () => {
    const latin1 = Buffer.from('series\nRenée', 'latin1');
    const err = decodeAll([latin1]);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).byteOffset).toBe(10);
    expect((err as DecodeError).message).toBe(
      'the file is not valid utf-8: unexpected byte 0xE9 at byte offset 10; save it as UTF-8 or name its encoding with --encoding',
    );
  });

  it('counts the offset across chunks', () => {
    const err = decodeAll([utf8('a'.repeat(100)), utf8('bb'), bytes(0x63, 0xff)]);
    expect((err as DecodeError).byteOffset).toBe(103);
  });

  it('points at the start of a sequence broken off by a later chunk', () => {
    // U+20AC is E2 82 AC; the sequence starts in one chunk and goes wrong in the next.
    const err = decodeAll([utf8('abc'), bytes(0xe2), bytes(0x82, 0x41)]);
    expect((err as DecodeError).byteOffset).toBe(3);
    expect((err as DecodeError).message).toContain('unexpected byte 0xE2 at byte offset 3');
  });

  it('rejects overlong forms and encoded surrogates', () => {
    expect((decodeAll([bytes(0x41, 0xc0, 0x80)]) as DecodeError).byteOffset).toBe(1);
    expect((decodeAll([bytes(0xed, 0xa0, 0x80)]) as DecodeError).byteOffset).toBe(0);
  });

  it('rejects a file that ends inside a character', () => {
    const err = decodeAll([utf8('ab'), bytes(0xe2, 0x82)]);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).byteOffset).toBe(2);
    expect((err as DecodeError).message).toContain('the file ends inside a character');
  });

  it('reports invalid bytes in other encodings too', () => {
    const err = decodeAll([bytes(0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00)], 'utf-16le');
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).message).toMatch(/^the file is not valid utf-16le/);
  });
});
