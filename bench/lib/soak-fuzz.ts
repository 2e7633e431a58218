/**
 * Fuzzing the importer: seeded, reproducible malformed and hostile credit
 * sheets, and the checks every import of one must pass. Each file must end
 * either in a clean import (committed, no issues) or in issues that each
 * name a line and say what is wrong, with the database's content unchanged
 * and the ledger saying `failed`; never a thrown exception, a crash or a hang.
 *
 * fuzzCases(options) lists the files: first a fixed set of special cases
 * (empty file, header only, a field past the record bound, 10,000 columns,
 * many empty lines, …), then randomised ones cycling through the kinds in
 * RANDOM_KINDS, each drawn from its own seed (so case i of seed s is always
 * the same bytes, whatever the count).
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { MAX_RECORD_CHARS } from '../../src/import/read-sheet.js';
import { importFiles } from '../../src/import/service.js';
import type { ImportSummary } from '../../src/import/types.js';
import { contentChecksum, copyDb, fileChecksum, ledgerRows, openFile, Rand, runCli, within, type CliCommand } from './soak-common.js';

// ---------------------------------------------------------------------------
// Content: plausible sheets to break

export const CANONICAL_HEADER = ['series', 'season', 'episode', 'episode_title', 'air_date', 'role', 'person', 'gender'];

/** Productions the valid rows use; each keeps one kind, so valid files never conflict with each other. */
const PRODUCTIONS: ReadonlyArray<{ title: string; kind: 'tv' | 'film'; platform: string }> = [
  { title: 'Fuzz Harbour', kind: 'tv', platform: 'Netflix' },
  { title: 'Quiet Lines', kind: 'tv', platform: 'HBO' },
  { title: 'Léa & Cö: Ünïcödé Nights', kind: 'tv', platform: '' },
  { title: "Marvel's Other Show", kind: 'tv', platform: 'Hulu' },
  { title: '四季の物語', kind: 'tv', platform: '' },
  { title: 'The Long Take', kind: 'film', platform: '' },
  { title: '"Quoted", with commas', kind: 'tv', platform: 'Amazon' },
  { title: 'Ωmega <b>bold</b>', kind: 'tv', platform: '' },
];
/** People the valid rows use; each keeps one gender. */
const PEOPLE: ReadonlyArray<{ name: string; gender: string }> = [
  { name: 'Ana Ruiz', gender: 'woman' },
  { name: 'Bo Chen', gender: 'man' },
  { name: 'Chidi Okafor', gender: 'man' },
  { name: 'Dana Ní Bhriain', gender: 'non-binary' },
  { name: 'Eero Mäkinen', gender: '' },
  { name: 'Fatima Zahra El Idrissi', gender: 'woman' },
  { name: '김지수', gender: 'woman' },
  { name: 'Zoë Ångström-Øster', gender: 'woman' },
  { name: "Seán O'Brien", gender: 'man' },
  { name: 'Lee "Lefty" Park', gender: 'unknown' },
  { name: 'Mx. Robin Vale', gender: 'nb' },
  { name: 'Ola Nordmann', gender: 'M' },
];
const ROLES = ['director', 'writer', 'cinematographer', 'editor', 'Directed by', 'DP', 'teleplay by', 'Film Editor', 'creator', 'producer'];
const BAD_ROLES = ['gaffer', 'best boy', 'direktor', '', 'director;writer', 'DROP TABLE credits'];
const BAD_GENDERS = ['maybe', 'x', 'f?', 'woman/man', '0'];
const BAD_NUMBERS = ['x', '-1', '1.5', '1e400', '99999999999999999999', '0x10', 'S', 'one', 'NaN', 'Infinity', '١'];
const BAD_DATES = ['03/04/2017', '2015-13-01', '2015-02-30', 'yesterday', '31/31/2020', '0000-00-00', '20151120'];

interface Sheet {
  header: string[];
  rows: string[][];
}

const episodeTitle = (p: number, s: number, e: number): string => (e % 4 === 0 ? `Part ${e}, "the end"` : `Episode ${p}.${s}.${e}`);
const airDate = (s: number, e: number): string => `${2010 + s}-${String(1 + (e % 12)).padStart(2, '0')}-${String(1 + (e % 28)).padStart(2, '0')}`;

/** A valid sheet of `rows` credits (no two rows alike; every episode's title and date the same on each of its rows). */
function validSheet(r: Rand, rows: number): Sheet {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (let tries = 0; out.length < rows && tries < rows * 20; tries++) {
    const p = r.int(0, PRODUCTIONS.length - 1);
    const prod = PRODUCTIONS[p]!;
    const s = r.int(1, 3);
    const e = r.int(1, 12);
    const role = r.pick(ROLES);
    const person = r.pick(PEOPLE);
    const key = `${p}|${s}|${e}|${role}|${person.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([prod.title, String(s), String(e), episodeTitle(p, s, e), airDate(s, e), role, person.name, person.gender, prod.kind, prod.platform]);
  }
  return { header: [...CANONICAL_HEADER, 'kind', 'platform'], rows: out };
}

/** CSV text of a sheet: cells quoted when they need it. */
function csvText(sheet: Sheet, delimiter = ',', lineEnd = '\n'): string {
  const cell = (v: string): string => (v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  return [sheet.header, ...sheet.rows].map((cells) => cells.map(cell).join(delimiter)).join(lineEnd) + lineEnd;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Insert `bytes` into `buf` at `at`. */
function insertAt(buf: Buffer, at: number, bytes: Buffer): Buffer {
  return Buffer.concat([buf.subarray(0, at), bytes, buf.subarray(at)]);
}

function randomBytes(r: Rand, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = r.int(0, 255);
  return b;
}

const TEXT_ALPHABET = [...'abcdefghij0123456789 ,,,;;\t"""\n\n\r\'=+-@<>&éü中😀\u200b\u202e\u0000\ufeff'];

// ---------------------------------------------------------------------------
// The cases

export interface FuzzCase {
  index: number;
  kind: string;
  /** File name: index and kind, so a failure points at the case to reproduce. */
  name: string;
  /** Write the file (streamed for the big ones). */
  write(file: string): void;
  /** This file must not import (the CLI check relies on it). */
  mustFail?: boolean;
  /** Extra check on the result; returns a problem or null. */
  check?: (summary: ImportSummary) => string | null;
}

export interface FuzzOptions {
  seed: number;
  /** Files in all (special cases included). */
  count: number;
  /** Size of the single huge field (2 MB in the tests, 50 MB in the soak). */
  bigFieldBytes: number;
  /** Empty lines in the many-empty-lines cases. */
  emptyLines: number;
  /** Columns in the wide cases. */
  columns: number;
  /** Rows of people and productions already stored (for the conflict cases). */
  stored?: { people: Array<{ name: string; gender: string }>; productions: Array<{ title: string; kind: string }> };
}

/** Write a file as a sequence of parts, streamed (strings as UTF-8); a part may repeat. */
function writeParts(file: string, parts: Array<string | Buffer | { repeat: string | Buffer; times: number }>): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      if (typeof part === 'string' || Buffer.isBuffer(part)) {
        writeSync(fd, typeof part === 'string' ? utf8(part) : part);
        continue;
      }
      const unit = typeof part.repeat === 'string' ? utf8(part.repeat) : part.repeat;
      const per = Math.max(1, Math.floor((1 << 20) / unit.length));
      const block = Buffer.concat(new Array<Buffer>(per).fill(unit));
      let left = part.times;
      while (left > 0) {
        const n = Math.min(per, left);
        writeSync(fd, n === per ? block : block.subarray(0, n * unit.length));
        left -= n;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const simple = (bytes: Buffer | string) => (file: string) => writeParts(file, [bytes]);

const issueMatching = (re: RegExp, what: string) => (s: ImportSummary) =>
  s.issues.some((i) => re.test(i.message)) ? null : `expected an issue about ${what} (${re}), got: ${s.issues.slice(0, 3).map((i) => `${i.line}:${i.column} ${i.message}`).join(' | ') || 'none'}`;

const issueAtLine = (line: number, re: RegExp) => (s: ImportSummary) =>
  s.issues.some((i) => i.line === line && re.test(i.message))
    ? null
    : `expected an issue at line ${line} matching ${re}, got: ${s.issues.slice(0, 3).map((i) => `${i.line}:${i.column} ${i.message}`).join(' | ') || 'none'}`;

const committedClean = (s: ImportSummary) => (s.committed && s.issues.length === 0 ? null : `expected a clean import, got ${s.issues.length} issues: ${s.issues[0]?.message ?? ''}`);

const BOUND = new RegExp(`longer than ${MAX_RECORD_CHARS}|${MAX_RECORD_CHARS}`);

/** The fixed cases: every run has each of them once. */
function specialCases(o: FuzzOptions): Array<Omit<FuzzCase, 'index' | 'name'>> {
  const header = CANONICAL_HEADER.join(',');
  const row = 'Fuzz Harbour,1,1,Episode 0.1.1,2011-02-02,director,Ana Ruiz,woman';
  const broken = 'Fuzz Harbour,1,1,Episode 0.1.1,2011-02-02,gaffer,Ana Ruiz,woman';
  const big = o.bigFieldBytes;
  const wide = o.columns;
  return [
    { kind: 'empty-file', write: simple(''), mustFail: true, check: issueMatching(/empty/, 'an empty file') },
    { kind: 'bom-only', write: simple(Buffer.from([0xef, 0xbb, 0xbf])), mustFail: true },
    { kind: 'blank-lines-only', write: simple('\n\r\n  \n\t\n,,,,\n'), mustFail: true },
    { kind: 'header-only', write: simple(`${header}\n`), check: committedClean },
    { kind: 'header-only-no-newline', write: simple(header), check: committedClean },
    {
      kind: 'big-field-unquoted',
      write: (f) => writeParts(f, [`${header}\nFuzz Harbour,1,1,T,2011-02-02,director,`, { repeat: 'x', times: big }, ',woman\n']),
      mustFail: true,
      check: issueMatching(BOUND, 'the record size bound'),
    },
    {
      kind: 'big-field-quoted',
      write: (f) => writeParts(f, [`${header}\nFuzz Harbour,1,1,T,2011-02-02,director,"`, { repeat: 'ab,"" \n', times: Math.ceil(big / 8) }, '",woman\n']),
      mustFail: true,
      check: issueMatching(BOUND, 'the record size bound'),
    },
    {
      kind: 'big-header-no-newline',
      write: (f) => writeParts(f, [{ repeat: 'series', times: Math.ceil(big / 6) }]),
      mustFail: true,
    },
    {
      kind: 'unclosed-quote-to-eof',
      write: (f) => writeParts(f, [`${header}\n${row}\n"`, { repeat: `${row}\n`, times: Math.ceil(big / (row.length + 1)) }]),
      mustFail: true,
      check: issueAtLine(3, /never closed|longer than/),
    },
    {
      kind: 'wide-header-valid-rows',
      write: (f) =>
        writeParts(f, [
          [...CANONICAL_HEADER, ...Array.from({ length: wide - CANONICAL_HEADER.length }, (_, i) => `extra ${i}`)].join(','),
          '\n',
          ...[1, 2, 3].map((e) => `Quiet Lines,1,${e},${episodeTitle(1, 1, e)},${airDate(1, e)},writer,Bo Chen,man${','.repeat(wide - CANONICAL_HEADER.length)}\n`),
        ]),
    },
    {
      kind: 'wide-row',
      write: (f) => writeParts(f, [`${header}\n${row}${',x'.repeat(wide - CANONICAL_HEADER.length)}\n`]),
      mustFail: true,
      check: issueAtLine(2, /fields? but the header has/),
    },
    {
      kind: 'wide-duplicate-headers',
      write: (f) => writeParts(f, [`${header},${new Array(wide - CANONICAL_HEADER.length).fill('person').join(',')}\n${row}\n`]),
      mustFail: true,
    },
    {
      kind: 'many-empty-lines-then-error',
      write: (f) => writeParts(f, [`${header}\n`, { repeat: '\n', times: o.emptyLines }, `${broken}\n`]),
      mustFail: true,
      check: issueAtLine(o.emptyLines + 2, /gaffer/),
    },
    {
      kind: 'many-crlf-blank-lines-then-error',
      write: (f) => writeParts(f, [`${header}\r\n${row}\r\n`, { repeat: '\r\n', times: o.emptyLines }, `${broken}\r\n`]),
      mustFail: true,
      check: issueAtLine(o.emptyLines + 3, /gaffer/),
    },
    {
      kind: 'many-delimiter-only-lines-then-error',
      write: (f) => writeParts(f, [`${header}\n`, { repeat: ',,,,,,,\n', times: Math.ceil(o.emptyLines / 4) }, `${broken}\n`]),
      mustFail: true,
      check: issueAtLine(Math.ceil(o.emptyLines / 4) + 2, /gaffer/),
    },
    {
      kind: 'many-empty-lines-then-valid-row',
      write: (f) => writeParts(f, [`${header}\n`, { repeat: '\n', times: o.emptyLines }, `${row}\n`]),
      check: committedClean,
    },
    {
      kind: 'repeated-doubled-quotes-field',
      write: (f) => writeParts(f, [`${header}\nFuzz Harbour,1,1,"`, { repeat: '""', times: Math.min(big, 4 << 20) / 2 }, '",2011-02-02,director,Ana Ruiz,woman\n']),
      mustFail: true,
    },
    { kind: 'quotes-only', write: (f) => writeParts(f, [{ repeat: '"', times: 100_001 }]), mustFail: true },
    { kind: 'quote-pairs-only', write: (f) => writeParts(f, [{ repeat: '""', times: 50_000 }, '\n']), mustFail: true },
    { kind: 'nul-only', write: (f) => writeParts(f, [{ repeat: Buffer.from([0]), times: 4096 }]), mustFail: true },
    {
      kind: 'invalid-utf8-deep',
      // the bad byte sits after 200,000 bytes of valid rows: the message names its exact offset.
      // 0x81 is neither UTF-8 nor Windows-1252 (which leaves it undefined), so no fallback reads it.
      write: (f) => {
        const prefix = utf8(`${header}\n${`${row}\n`.repeat(Math.ceil(200_000 / (row.length + 1)))}`);
        writeParts(f, [prefix, Buffer.from([0x41, 0x81, 0x42]), '\n']);
      },
      mustFail: true,
      check: (s) => {
        const offset = utf8(`${header}\n`).length + Math.ceil(200_000 / (row.length + 1)) * (row.length + 1) + 1;
        return issueMatching(new RegExp(`byte offset ${offset}\\b`), `invalid UTF-8 at byte offset ${offset}`)(s);
      },
    },
    { kind: 'utf8-cut-at-eof', write: simple(Buffer.concat([utf8(`${header}\n${row.replace('Ana Ruiz', 'Ana €')}`), Buffer.from([0xe2, 0x82])])), mustFail: true },
    { kind: 'utf16le-odd-length', write: simple(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}\n${row}\n`, 'utf16le'), Buffer.from([0x41])])), mustFail: true },
    {
      kind: 'utf16le-lone-surrogate',
      write: simple(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}\n`, 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00]), Buffer.from(`${row}\n`, 'utf16le')])),
      mustFail: true,
    },
    { kind: 'cr-only-line-ends', write: simple(`${header}\r${row}\r${broken}\r`), mustFail: true },
    { kind: 'zip-magic', write: (f) => writeParts(f, [Buffer.from('504b0304140000000800', 'hex'), randomBytes(new Rand(o.seed), 4096)]), mustFail: true },
  ];
}

/** Randomised kinds, cycled: case n uses RANDOM_KINDS[n % length] with its own seed. */
const RANDOM_KINDS: ReadonlyArray<[string, (r: Rand, o: FuzzOptions) => Buffer]> = [
  [
    'truncated-quote',
    (r) => {
      // a quote opened at the start of a random field after the header, the file cut off somewhere after it
      const text = csvText(validSheet(r, r.int(1, 30)));
      const starts = [...text.matchAll(/(?<=^|[,\n])/g)].map((m) => m.index).filter((i) => i > text.indexOf('\n'));
      const at = r.pick(starts);
      return utf8(`${text.slice(0, at)}"${text.slice(at, r.int(at, text.length))}`);
    },
  ],
  [
    'stray-quote',
    (r) => {
      const text = csvText(validSheet(r, r.int(1, 30)));
      let out = text;
      for (let k = r.int(1, 3); k > 0; k--) {
        const at = r.int(0, out.length);
        out = `${out.slice(0, at)}"${out.slice(at)}`;
      }
      return utf8(out);
    },
  ],
  ['random-text', (r) => utf8(Array.from({ length: r.int(0, 4000) }, () => r.pick(TEXT_ALPHABET)).join(''))],
  ['random-text-after-header', (r) => utf8(`${CANONICAL_HEADER.join(',')}\n${Array.from({ length: r.int(0, 4000) }, () => r.pick(TEXT_ALPHABET)).join('')}`)],
  ['random-bytes', (r) => randomBytes(r, r.int(1, 8192))],
  [
    'binary-magic',
    (r) => {
      const magic = r.pick(['89504e470d0a1a0a', '1f8b0800', '504b0304', '25504446', '7f454c46', 'd0cf11e0a1b11ae1', 'efbbbf00', 'fffe0000']);
      return Buffer.concat([Buffer.from(magic, 'hex'), randomBytes(r, r.int(0, 4096))]);
    },
  ],
  [
    'nul-bytes',
    (r) => {
      let b = utf8(csvText(validSheet(r, r.int(1, 20))));
      for (let k = r.int(1, 5); k > 0; k--) b = insertAt(b, r.int(0, b.length), Buffer.alloc(r.int(1, 3)));
      return b;
    },
  ],
  [
    'invalid-utf8',
    (r) => {
      const bad = r.pick([[0xff], [0xc0, 0x80], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xc3], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xfe]]);
      const b = utf8(csvText(validSheet(r, r.int(1, 20))));
      return insertAt(b, r.int(0, b.length), Buffer.from(bad));
    },
  ],
  [
    'utf16',
    (r) => {
      const text = csvText(validSheet(r, r.int(1, 10)));
      const le = r.chance(0.5);
      const body = Buffer.from(text, 'utf16le');
      if (!le) body.swap16();
      const bom = Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]);
      const cut = r.chance(0.5) ? body.subarray(0, r.int(0, body.length)) : body; // odd lengths included
      return Buffer.concat([bom, cut, r.chance(0.3) ? randomBytes(r, r.int(1, 9)) : Buffer.alloc(0)]);
    },
  ],
  [
    'repeated-quotes',
    (r) => {
      const sheet = validSheet(r, r.int(1, 10));
      const text = csvText(sheet);
      const at = r.int(text.indexOf('\n') + 1, text.length);
      return utf8(`${text.slice(0, at)}${'"'.repeat(r.int(1, 20_000))}${text.slice(at)}`);
    },
  ],
  [
    'mixed-valid-broken',
    (r) => {
      const sheet = validSheet(r, r.int(5, 40));
      const breakers: Array<(row: string[]) => void> = [
        (row) => (row[5] = r.pick(BAD_ROLES)),
        (row) => (row[7] = r.pick(BAD_GENDERS)),
        (row) => (row[1] = r.pick(BAD_NUMBERS)),
        (row) => (row[2] = r.pick(BAD_NUMBERS)),
        (row) => (row[4] = r.pick(BAD_DATES)),
        (row) => (row[0] = r.pick(['', '   ', '\u200b'])),
        (row) => (row[6] = r.pick(['', '  '])),
        (row) => row.splice(r.int(0, row.length - 1), 1), // ragged: one field short
        (row) => row.push('extra'), // ragged: one too many
        (row) => (row[8] = r.pick(['series', 'movie', 'podcast'])),
        (row) => (row[3] = `${row[3]} (conflicting)`), // episode title that disagrees with the episode's other rows
      ];
      const n = r.int(1, Math.max(1, Math.floor(sheet.rows.length / 3)));
      for (let k = 0; k < n; k++) r.pick(breakers)(sheet.rows[r.int(0, sheet.rows.length - 1)]!);
      // a person given two different known genders
      if (r.chance(0.3)) {
        const row = [...sheet.rows[0]!];
        row[5] = row[5] === 'editor' ? 'writer' : 'editor';
        row[7] = row[7] === 'man' ? 'woman' : 'man';
        sheet.rows.push(row);
      }
      return utf8(csvText(sheet, r.pick([',', ';', '\t']), r.pick(['\n', '\r\n'])));
    },
  ],
  [
    'mutated',
    (r) => {
      let b = utf8(csvText(validSheet(r, r.int(1, 30))));
      for (let k = r.int(1, 8); k > 0; k--) {
        const at = r.int(0, Math.max(0, b.length - 1));
        switch (r.int(0, 4)) {
          case 0:
            if (b.length > 0) b[at] = r.int(0, 255);
            break;
          case 1:
            b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + r.int(1, 40)))]);
            break;
          case 2:
            b = insertAt(b, at, randomBytes(r, r.int(1, 8)));
            break;
          case 3:
            b = insertAt(b, at, b.subarray(at, Math.min(b.length, at + r.int(1, 200))));
            break;
          default:
            b = insertAt(b, at, utf8(r.pick(['"', '""', ',', '\n', '\r', '\r\n', ';', '\t'])));
        }
      }
      return b;
    },
  ],
  [
    'line-endings',
    (r) => {
      const text = csvText(validSheet(r, r.int(1, 20)));
      return utf8(text.replace(/\n/g, () => r.pick(['\n', '\r\n', '\r', '\n\r', '\r\r\n'])));
    },
  ],
  [
    'header-garbage',
    (r) => {
      const sheet = validSheet(r, r.int(1, 10));
      const h = sheet.header;
      switch (r.int(0, 4)) {
        case 0:
          h.splice(r.int(0, 6), 1); // a required column missing
          sheet.rows.forEach((row, i) => (sheet.rows[i] = row.slice(0, h.length)));
          break;
        case 1:
          h[r.int(0, h.length - 1)] = h[r.int(0, h.length - 1)]!; // a header given twice
          break;
        case 2:
          h[r.int(0, h.length - 1)] = r.pick(['', ' ', '"', '\u0000', '=cmd|x', '<script>']);
          break;
        case 3:
          sheet.header = [h.join(' ')]; // one column
          break;
        default:
          sheet.header = h.map((x) => x.toUpperCase().replace('_', ' ')); // aliases that work
      }
      return utf8(csvText(sheet));
    },
  ],
  [
    'delimiter-chaos',
    (r) => {
      const sheet = validSheet(r, r.int(2, 20));
      const lines = [sheet.header, ...sheet.rows].map((cells) => cells.join(r.pick([',', ';', '\t', '|'])));
      return utf8(`${lines.join('\n')}\n`);
    },
  ],
  [
    'odd-numbers',
    (r) => {
      const sheet = validSheet(r, r.int(1, 10));
      for (const row of sheet.rows) {
        if (r.chance(0.5)) row[1] = r.pick([...BAD_NUMBERS, '01', 'S01', '1.0', ' 2 ']);
        if (r.chance(0.5)) row[2] = r.pick([...BAD_NUMBERS, 'E05', '05', '2147483648', '4294967297']);
      }
      return utf8(csvText(sheet));
    },
  ],
  [
    'unicode-names',
    (r) => {
      const sheet = validSheet(r, r.int(1, 10));
      const names = ['Ra\u202eeve\u202c', 'Zero\u200bWidth', 'Co\u0301mbining', 'Emoji 🎬 Person', '\ufeffBom Inside', 'Tab\tInside', 'Ana  RUIZ'];
      for (const row of sheet.rows) if (r.chance(0.5)) row[6] = r.pick(names);
      for (const row of sheet.rows) row[7] = ''; // never a gender conflict
      return utf8(csvText(sheet));
    },
  ],
  [
    'blank-lines',
    (r) => {
      const text = csvText(validSheet(r, r.int(1, 20)));
      return utf8(text.replace(/\n/g, () => (r.chance(0.3) ? r.pick(['\n\n', '\n,,,,,,,,,\n', '\n   \n', '\n\t\n']) : '\n')));
    },
  ],
  [
    'formula-html',
    (r) => {
      const sheet = validSheet(r, r.int(1, 6));
      const hostile = ["=cmd|' /C calc'!A0", '+SUM(1,1)', '-2+3', '@SUM(1)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "'; DROP TABLE credits; --"];
      for (const row of sheet.rows) {
        row[6] = r.pick(hostile);
        row[7] = '';
      }
      return utf8(csvText(sheet));
    },
  ],
  [
    'conflict-with-stored',
    (r, o) => {
      const header = [...CANONICAL_HEADER, 'kind'];
      const person = o.stored?.people.length ? r.pick(o.stored.people) : { name: 'Ana Ruiz', gender: 'woman' };
      const prod = o.stored?.productions.length ? r.pick(o.stored.productions) : { title: 'The Long Take', kind: 'film' };
      const rows = [
        [prod.title, '1', String(r.int(1, 9)), '', '', 'director', person.name, person.gender === 'man' ? 'woman' : 'man', prod.kind],
        [prod.title, '1', String(r.int(10, 20)), '', '', 'writer', 'Someone New', '', prod.kind === 'tv' ? 'film' : 'tv'],
      ];
      return utf8(csvText({ header, rows: rows.slice(0, r.int(1, 2)) }));
    },
  ],
];

export const RANDOM_KIND_NAMES = RANDOM_KINDS.map(([k]) => k);

/** The files of a run: the special cases, then random ones up to `count`. */
export function fuzzCases(o: FuzzOptions): FuzzCase[] {
  const specials = specialCases(o);
  const cases: FuzzCase[] = [];
  const name = (index: number, kind: string): string => `fuzz-${String(index).padStart(4, '0')}-${kind}.csv`;
  specials.forEach((c, index) => cases.push({ ...c, index, name: name(index, c.kind) }));
  for (let index = specials.length; index < Math.max(o.count, specials.length); index++) {
    const n = index - specials.length;
    const [kind, make] = RANDOM_KINDS[n % RANDOM_KINDS.length]!;
    // each case has its own seed: the seed of the run and its index fix its bytes
    const caseSeed = new Rand((o.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0).fork();
    cases.push({ index, kind, name: name(index, kind), write: (file) => writeParts(file, [make(new Rand(caseSeed), o)]) });
  }
  return cases;
}

/** People with a known gender and productions already in the database, for the conflict cases. */
export async function storedFacts(db: Knex): Promise<NonNullable<FuzzOptions['stored']>> {
  const people = (await db('people').whereNot('gender', 'unknown').orderBy('id').select('name', 'gender')) as Array<{ name: string; gender: string }>;
  const productions = (await db('productions').orderBy('id').select('title', 'kind')) as Array<{ title: string; kind: string }>;
  return { people, productions };
}

// ---------------------------------------------------------------------------
// Running a case in process

export interface FuzzResult {
  index: number;
  kind: string;
  name: string;
  bytes: number;
  /** `skipped`: left out by the runner's `exclude`. */
  outcome: 'committed' | 'failed' | 'threw' | 'skipped';
  issues: number;
  firstIssue: string;
  /** What was wrong; empty when the case passed every check. */
  problems: string[];
}

/** Physical lines a file can have: every LF and CR byte may end one (UTF-16 included). */
function lineBound(bytes: Buffer | null): number {
  if (!bytes) return Number.MAX_SAFE_INTEGER;
  let n = 1;
  for (const b of bytes) if (b === 0x0a || b === 0x0d) n++;
  return n;
}

export interface FuzzRunner {
  run(c: FuzzCase): Promise<FuzzResult>;
  /** Checksum the runner expects the database to hold now. */
  readonly checksum: string;
}

export interface FuzzRunnerOptions {
  /** Bound on the wait for one import: past it the case is a hang. */
  timeoutMs?: number;
  /** Files up to this size are read back, to bound the line numbers of their issues. */
  readBack?: number;
  /** Leave a file out (it is not imported) when this returns a reason. */
  exclude?: (bytes: Buffer) => string | null;
}

/**
 * Import fuzz cases one after the other into `db` (which already holds the
 * sample credits), checking each. Files go to `dir` and are deleted after.
 */
export async function fuzzRunner(db: Knex, dir: string, options: FuzzRunnerOptions = {}): Promise<FuzzRunner> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const readBack = options.readBack ?? 4 << 20;
  let checksum = (await contentChecksum(db)).sha256;
  return {
    get checksum() {
      return checksum;
    },
    async run(c) {
      const file = path.join(dir, c.name);
      c.write(file);
      const bytes = statSync(file).size;
      const content = bytes <= readBack || options.exclude ? readFileSync(file) : null;
      const excluded = options.exclude && content ? options.exclude(content) : null;
      if (excluded) {
        rmSync(file, { force: true });
        return { index: c.index, kind: c.kind, name: c.name, bytes, outcome: 'skipped', issues: 0, firstIssue: excluded, problems: [] };
      }
      const problems: string[] = [];
      const lastId = Number(((await db('imports').max({ m: 'id' })) as Array<{ m: number | null }>)[0]?.m ?? 0);
      let summary: ImportSummary | undefined;
      try {
        summary = await within(importFiles(db, [{ path: file, name: c.name }]), timeoutMs, `import of ${c.name}`);
      } catch (err) {
        problems.push(`threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      const entries = (await db('imports').where('id', '>', lastId).orderBy('id').select('*')) as Array<{ outcome: string; error_count: number; file_name: string }>;
      const after = (await contentChecksum(db)).sha256;
      if (entries.length !== 1) problems.push(`expected one new ledger row, found ${entries.length}`);
      const entry = entries[0];
      if (summary && summary.issues.length === 0) {
        if (!summary.committed) problems.push('no issues, yet not committed');
        if (entry && entry.outcome !== 'committed') problems.push(`clean import, ledger says ${entry.outcome}`);
        checksum = after;
      } else if (summary) {
        if (summary.committed) problems.push('committed despite issues');
        if (after !== checksum) problems.push('database content changed by a failed import');
        if (entry && entry.outcome !== 'failed') problems.push(`failed import, ledger says ${entry.outcome}`);
        if (entry && entry.error_count !== summary.issues.length) problems.push(`ledger error_count ${entry.error_count}, issues ${summary.issues.length}`);
        const maxLine = lineBound(content);
        for (const i of summary.issues.slice(0, 200)) {
          const where = `${i.line}:${i.column}`;
          if (i.file !== c.name) problems.push(`issue names file ${JSON.stringify(i.file)}`);
          if (!Number.isInteger(i.line) || i.line < 0) problems.push(`issue line ${where} is not a line number`);
          if (i.line > maxLine) problems.push(`issue line ${i.line} is past the file's ${maxLine} lines`);
          if (!Number.isInteger(i.column) || i.column < 0) problems.push(`issue column ${where} is not a column number`);
          if (typeof i.message !== 'string' || i.message.trim() === '') problems.push(`issue at ${where} has no message`);
          if (typeof i.value !== 'string') problems.push(`issue at ${where} has no value string`);
        }
      } else if (after !== checksum) {
        problems.push('database content changed by an import that threw');
        checksum = after;
      }
      if (summary) {
        const extra = c.check?.(summary);
        if (extra) problems.push(extra);
        if (c.mustFail && summary.issues.length === 0) problems.push('expected this file to be refused');
      }
      rmSync(file, { force: true });
      const first = summary?.issues[0];
      return {
        index: c.index,
        kind: c.kind,
        name: c.name,
        bytes,
        outcome: !summary ? 'threw' : summary.issues.length === 0 ? 'committed' : 'failed',
        issues: summary?.issues.length ?? 0,
        firstIssue: first ? `${first.line}:${first.column}: ${first.message}` : '',
        problems,
      };
    },
  };
}

// ---------------------------------------------------------------------------
// The same through the command line

export interface CliFuzzResult {
  name: string;
  bytes: number;
  status: number | null;
  issueLines: number;
  firstIssue: string;
  /** Peak RSS of the import process, when it was started with bench/lib/report-rss.cjs preloaded. */
  peakRssMb: number | null;
  problems: string[];
}

/**
 * Import case `c` with `crewcount import FILE --db DB` into a copy of
 * `seededDb`: it must exit 1, print each problem as FILE:LINE:COLUMN: message
 * on stderr, write nothing and record `failed` in the ledger.
 */
export async function runCliCase(cli: CliCommand, c: FuzzCase, seededDb: string, dir: string): Promise<CliFuzzResult> {
  const file = path.join(dir, c.name);
  const dbFile = path.join(dir, `${c.name}.sqlite`);
  c.write(file);
  const bytes = statSync(file).size;
  copyDb(seededDb, dbFile);
  const before = fileChecksum(dbFile).sha256;
  const run = await within(runCli(cli, ['import', file, '--db', dbFile]), 120_000, `crewcount import ${c.name}`);
  const problems: string[] = [];
  if (run.status !== 1) problems.push(`exit status ${run.status ?? run.signal}, expected 1`);
  const rss = /^CREWCOUNT_PEAK_RSS_KB=(\d+)$/m.exec(run.stderr);
  const lines = run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('CREWCOUNT_PEAK_RSS_KB='));
  if (lines.length === 0) problems.push('nothing on stderr');
  const prefix = `${file}:`;
  for (const line of lines) {
    if (!line.startsWith(prefix) || !/^:\d+:\d+: \S/.test(line.slice(prefix.length - 1))) problems.push(`stderr line is not FILE:LINE:COLUMN: message: ${JSON.stringify(line.slice(0, 200))}`);
  }
  if (!run.stdout.includes('nothing was written')) problems.push(`summary does not say nothing was written: ${JSON.stringify(run.stdout.slice(-200))}`);
  const conn = openFile(dbFile);
  try {
    if (fileChecksum(dbFile, conn).sha256 !== before) problems.push('database content changed');
    const last = ledgerRows(conn).at(-1);
    if (last?.outcome !== 'failed') problems.push(`ledger's last row says ${last?.outcome}`);
  } finally {
    conn.close();
  }
  rmSync(file, { force: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  return { name: c.name, bytes, status: run.status, issueLines: lines.length, firstIssue: lines[0]?.slice(prefix.length) ?? '', peakRssMb: rss ? Number(rss[1]) / 1024 : null, problems };
}
