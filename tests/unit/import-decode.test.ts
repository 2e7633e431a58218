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

  it('names encodings by their WHATWG name, whatever label they were given', () => {
    expect(createDecoder('UTF8').encoding).toBe('utf-8');
    expect(createDecoder('latin1').encoding).toBe('windows-1252');
  });

  it('hands back the text between what it returned and the bad byte, so the reader can locate it', () => {
    const decoder = createDecoder('utf-8');
    expect(decoder.write(utf8('series\nAn'))).toBe('series\nAn');
    const err = (() => {
      try {
        decoder.write(bytes(0x61, 0x20, 0xc3, 0xa9, 0xff));
      } catch (e) {
        return e as DecodeError;
      }
    })();
    expect(err).toMatchObject({ byteOffset: 13, textBefore: 'a é' });
  });

  it('appends why other encodings were ruled out', () => {
    const decoder = createDecoder('utf-8', { hint: 'nor is it windows-1252 text: a NUL byte' });
    expect(() => decoder.write(bytes(0x41, 0xff))).toThrow(
      'the file is not valid utf-8: unexpected byte 0xFF at byte offset 1; nor is it windows-1252 text: a NUL byte; save it as UTF-8 or name its encoding with --encoding',
    );
  });
});

describe('createDecoder for UTF-16', () => {
  const le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
  const be = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le').swap16());

  it('joins surrogate pairs and code units split across chunks, in both byte orders', () => {
    const text = 'Zoë 😀 김지수';
    expect(decodeAll([...le(text)].map((b) => bytes(b)), 'utf-16le')).toBe(text);
    expect(decodeAll([...be(text)].map((b) => bytes(b)), 'utf-16be')).toBe(text);
  });

  it('locates a lone low surrogate exactly, with the text before it', () => {
    const err = decodeAll([bytes(0xff, 0xfe), le('ab'), new Uint8Array([...le('c'), 0x00, 0xdc]), le('d')], 'utf-16le') as DecodeError;
    expect(err).toMatchObject({ byteOffset: 8, textBefore: 'c' });
    expect(err.message).toContain('unpaired surrogate 0xDC00 at byte offset 8');
  });

  it('locates a high surrogate whose partner never comes, when the next chunk shows it', () => {
    // The high surrogate ends one chunk; the next starts with an ordinary letter.
    const err = decodeAll([bytes(0xfe, 0xff), be('ab'), bytes(0xd8, 0x3d), be('x')], 'utf-16be') as DecodeError;
    expect(err).toMatchObject({ byteOffset: 6 });
    expect(err.message).toContain('unpaired surrogate 0xD83D at byte offset 6');
  });

  it('says where a file ends inside a character', () => {
    const err = decodeAll([bytes(0xff, 0xfe), le('ab'), bytes(0x41)], 'utf-16le') as DecodeError;
    expect(err).toMatchObject({ byteOffset: 6 });
    expect(err.message).toContain('the file ends inside a character');
  });
});

describe('createDecoder for windows-1252', () => {
  it('decodes the bytes Windows gives characters in 0x80–0x9F', () => {
    expect(decodeAll([bytes(0x4c, 0x92, 0xc9, 0x74, 0xe9, 0x20, 0x96, 0x20, 0x80)], 'windows-1252')).toBe('L’Été – €');
  });

  it('refuses the five bytes Windows leaves undefined instead of storing C1 control characters', () => {
    for (const bad of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      const err = decodeAll([utf8('abc'), bytes(0x64, bad)], 'windows-1252') as DecodeError;
      expect(err).toMatchObject({ byteOffset: 4, textBefore: 'd' });
      expect(err.message).toContain(`byte 0x${bad.toString(16).toUpperCase()}, which windows-1252 leaves undefined, at byte offset 4`);
    }
  });
});
