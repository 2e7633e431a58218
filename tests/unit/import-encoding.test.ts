import { describe, expect, it } from 'vitest';
import { chooseEncoding, EncodingLabelError, resolveEncodingLabel } from '../../src/import/encoding.js';
import { tempFile } from '../helpers/db.js';

/** The pre-pass reads 1 MiB at a time: characters split at that boundary must be joined. */
const CHUNK = 1 << 20;
const file = (...parts: Array<string | number[]>): string =>
  tempFile('sheet.csv', Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));

describe('resolveEncodingLabel', () => {
  it('gives the WHATWG name of common labels; latin1 and iso-8859-1 are windows-1252, as in browsers', () => {
    expect(['utf8', ' UTF-8 ', 'utf-16', 'UTF-16BE', 'cp1252', 'latin1', 'iso-8859-1', 'windows-1250', 'macintosh', 'mac'].map(resolveEncodingLabel)).toEqual([
      'utf-8',
      'utf-8',
      'utf-16le',
      'utf-16be',
      'windows-1252',
      'windows-1252',
      'windows-1252',
      'windows-1250',
      'macintosh',
      'macintosh',
    ]);
  });

  it('refuses a label it cannot decode with, naming it and the usual ones', () => {
    for (const label of ['klingon', '', 'replacement', 'x-user-defined']) {
      expect(() => resolveEncodingLabel(label)).toThrow(EncodingLabelError);
    }
    expect(() => resolveEncodingLabel('klingon')).toThrow(/^unknown encoding "klingon"; use a label such as utf-8, utf-16le, utf-16be or windows-1252/);
  });
});

describe('chooseEncoding', () => {
  it('does not guess windows-1252 for a file whose lines end in CR alone (Excel for Mac’s "CSV (Macintosh)", Mac Roman)', async () => {
    // "Søren" in Mac Roman: ø is 0xBF
    const mac = await chooseEncoding(file('series,person\rShow,S', [0xbf], 'ren\rShow,Ana\r'));
    expect(mac).toEqual({
      encoding: 'utf-8',
      notWindows1252:
        'its lines end in CR alone, as in Excel for Mac\'s "CSV (Macintosh)", which is Mac Roman: name the encoding with --encoding macintosh (or --encoding windows-1252 if it is Windows text)',
    });
    // CRLF or LF anywhere: Windows or Unix text, read as windows-1252 as before
    expect(await chooseEncoding(file('series,person\r\nShow,S', [0xf8], 'ren\r\n'))).toMatchObject({ encoding: 'windows-1252' });
    expect(await chooseEncoding(file('series,person\rShow,S', [0xf8], 'ren\n'))).toMatchObject({ encoding: 'windows-1252' });
    // Mac Roman's Å is 0x81, which windows-1252 leaves undefined: still a Mac file; a NUL byte is not text at all
    expect(await chooseEncoding(file('person\r', [0x81], 'sa\r'))).toMatchObject({ notWindows1252: expect.stringMatching(/^its lines end in CR alone/) });
    expect(await chooseEncoding(file('person\rS', [0xbf, 0x00], '\r'))).toMatchObject({ notWindows1252: expect.stringMatching(/^nor is it windows-1252 text: it holds a NUL byte/) });
    // one line, no line end at all: nothing says Mac
    expect(await chooseEncoding(file('S', [0xf8], 'ren'))).toMatchObject({ encoding: 'windows-1252' });
  });

  it('takes the encoding a byte-order mark names, without looking further', async () => {
    expect(await chooseEncoding(file([0xff, 0xfe], [0x41, 0x00]))).toEqual({ encoding: 'utf-16le' });
    expect(await chooseEncoding(file([0xfe, 0xff], [0x00, 0x41]))).toEqual({ encoding: 'utf-16be' });
    // A UTF-8 BOM says UTF-8: invalid bytes after it are an error later, not a fallback.
    expect(await chooseEncoding(file([0xef, 0xbb, 0xbf], 'Ren', [0xe9], 'e'))).toEqual({ encoding: 'utf-8' });
  });

  it('reads valid UTF-8 (and an empty file) as UTF-8', async () => {
    expect(await chooseEncoding(file(''))).toEqual({ encoding: 'utf-8' });
    expect(await chooseEncoding(file('series,person\nShow,Zoë 😀\n'))).toEqual({ encoding: 'utf-8' });
  });

  it('joins characters split at every position across the pre-pass chunks', async () => {
    for (const char of ['é', '€', '😀']) {
      const width = Buffer.byteLength(char);
      for (let cut = 1; cut < width; cut++) {
        expect(await chooseEncoding(file('a'.repeat(CHUNK - cut), char, 'b'))).toEqual({ encoding: 'utf-8' });
      }
    }
  });

  it('finds the first invalid byte, also when its sequence starts in the chunk before', async () => {
    expect(await chooseEncoding(file('a'.repeat(CHUNK - 2), [0xe2, 0x82], 'b\n'))).toEqual({
      encoding: 'windows-1252',
      note: `not valid UTF-8 at byte ${CHUNK - 2}`,
    });
    expect(await chooseEncoding(file('a'.repeat(CHUNK + 10), [0xe9], '\n'))).toMatchObject({ note: `not valid UTF-8 at byte ${CHUNK + 10}` });
  });

  it('reads a Windows-1252 file (0x80–0x9F included) as windows-1252, noting where UTF-8 failed', async () => {
    const cp1252 = Buffer.from([...Buffer.from('person\nAgn'), 0xe8, ...Buffer.from('s, L'), 0x92, 0xc9, ...Buffer.from('t'), 0xe9, 0x20, 0x96, 0x0a]);
    expect(await chooseEncoding(tempFile('cp.csv', cp1252))).toEqual({ encoding: 'windows-1252', note: 'not valid UTF-8 at byte 10' });
  });

  it('rules windows-1252 out for a NUL byte, a byte it leaves undefined, or UTF-8 elsewhere in the file', async () => {
    expect(await chooseEncoding(file('Ren', [0xe9], 'e\n', [0x00]))).toEqual({
      encoding: 'utf-8',
      notWindows1252: 'nor is it windows-1252 text: it holds a NUL byte at byte offset 6 (binary data, or UTF-16 without a byte-order mark?)',
    });
    expect(await chooseEncoding(file('Ren', [0xe9], 'e\n', [0x8f]))).toEqual({
      encoding: 'utf-8',
      notWindows1252: 'nor is it windows-1252 text: byte 0x8F at byte offset 6 is undefined in windows-1252',
    });
    expect(await chooseEncoding(file('Zoë\nRen', [0xe9], 'e\n'))).toEqual({
      encoding: 'utf-8',
      notWindows1252: 'nor is it windows-1252 text: bytes 0xC3 0xAB at byte offset 2 are UTF-8 for "ë", so the file mixes encodings',
    });
  });

  it('sees a UTF-8 sequence split across the pre-pass chunks after the first invalid byte', async () => {
    expect(await chooseEncoding(file('Ren', [0xe9], 'e'.repeat(CHUNK - 5), '€\n'))).toEqual({
      encoding: 'utf-8',
      notWindows1252: `nor is it windows-1252 text: bytes 0xE2 0x82 0xAC at byte offset ${CHUNK - 1} are UTF-8 for "€", so the file mixes encodings`,
    });
  });
});
