/**
 * What the hardening tests (tests/hardening/) and the soak (bench/soak.ts)
 * share: a tiny seeded PRNG, the database content checksum, integrity and
 * ledger checks on SQLite files, and how to run the crewcount command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import { PROJECT_ROOT } from '../../src/config.js';
import { runSeeds } from '../../seeds/index.js';
import { openReady } from '../../src/setup.js';

// ---------------------------------------------------------------------------
// Seeded randomness

/** The benchmarks' seeded PRNG (mulberry32): the same seed gives the same sequence everywhere. */
import { prng } from '../generate-sheet.js';
export { prng };

/** Helpers on top of a PRNG. */
export class Rand {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = prng(seed);
  }
  /** Whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A new 32-bit seed drawn from this stream. */
  fork(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/**
 * The seed of a randomised run: CREWCOUNT_<NAME>_SEED (e.g. CREWCOUNT_FUZZ_SEED)
 * when set, else `fallback`. Decimal or 0x-hex.
 */
export function seedFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[`CREWCOUNT_${name}_SEED`];
  if (raw === undefined || raw.trim() === '') return fallback >>> 0;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`CREWCOUNT_${name}_SEED must be a whole number 0…4294967295, got "${raw}"`);
  return n >>> 0;
}

// ---------------------------------------------------------------------------
// Content checksum

/**
 * Everything an import writes, table by table, in primary-key order. The
 * credits carry the SHA-256 of the file that added them instead of the
 * ledger row id: ids of import attempts that were killed are used up, so a
 * later, complete import of the same file gets another id but the same data.
 */
const CONTENT_QUERIES: ReadonlyArray<[string, string]> = [
  ['productions', 'SELECT * FROM productions ORDER BY id'],
  ['seasons', 'SELECT * FROM seasons ORDER BY id'],
  ['episodes', 'SELECT * FROM episodes ORDER BY id'],
  ['people', 'SELECT * FROM people ORDER BY id'],
  [
    'credits',
    'SELECT c.*, i.sha256 AS import_sha256 FROM credits c LEFT JOIN imports i ON i.id = c.import_id ORDER BY c.episode_id, c.role_id, c.person_id',
  ],
];

export interface ContentChecksum {
  /** SHA-256 over every row of every table below. */
  sha256: string;
  /** Rows per table. */
  rows: Record<string, number>;
}

type Row = Record<string, unknown>;

function checksumOf(all: (sql: string) => Row[] | Iterable<Row>): ContentChecksum {
  const hash = createHash('sha256');
  const rows: Record<string, number> = {};
  for (const [table, sql] of CONTENT_QUERIES) {
    let n = 0;
    hash.update(`#${table}\n`);
    for (const row of all(sql)) {
      const keys = Object.keys(row).filter((k) => k !== 'import_id').sort();
      hash.update(JSON.stringify(keys.map((k) => [k, row[k]])));
      hash.update('\n');
      n++;
    }
    rows[table] = n;
  }
  return { sha256: hash.digest('hex'), rows };
}

/** Content checksum through a Knex handle (SQLite, including :memory:). */
export async function contentChecksum(db: Knex): Promise<ContentChecksum> {
  const results = new Map<string, Row[]>();
  for (const [, sql] of CONTENT_QUERIES) {
    const res = (await db.raw(sql)) as Row[] | { rows: Row[] };
    results.set(sql, Array.isArray(res) ? res : res.rows);
  }
  return checksumOf((sql) => results.get(sql)!);
}

/** Open a SQLite file directly (no migrations, no seeds: exactly what is on disk). */
export function openFile(file: string): Database.Database {
  const conn = new Database(file, { fileMustExist: true });
  conn.pragma('busy_timeout = 10000');
  return conn;
}

/** Content checksum of a SQLite file, read in one read transaction. */
export function fileChecksum(file: string, conn?: Database.Database): ContentChecksum {
  const db = conn ?? openFile(file);
  try {
    db.exec('BEGIN');
    try {
      return checksumOf((sql) => db.prepare(sql).iterate() as Iterable<Row>);
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    if (!conn) db.close();
  }
}

/** PRAGMA integrity_check's answer, joined: 'ok' when the file is sound. */
export function integrityCheck(conn: Database.Database): string {
  const rows = conn.pragma('integrity_check') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

export interface LedgerRow {
  id: number;
  file_name: string;
  sha256: string;
  outcome: string;
  error_count: number;
  message: string | null;
  credits_added: number;
}

export function ledgerRows(conn: Database.Database): LedgerRow[] {
  return conn.prepare('SELECT id, file_name, sha256, outcome, error_count, message, credits_added FROM imports ORDER BY id').all() as LedgerRow[];
}

// ---------------------------------------------------------------------------
// Databases and the command

/** Remove a SQLite file with its -wal and -shm companions. */
export function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/** Copy a closed SQLite file (no -wal left) to `to`, replacing whatever was there. */
export function copyDb(from: string, to: string): void {
  if (existsSync(`${from}-wal`)) throw new Error(`${from} has a -wal file: close it before copying`);
  removeDb(to);
  copyFileSync(from, to);
}

/**
 * A SQLite file holding what `npm start` gives a new user: the schema, the
 * published baselines and the researched sample credits (runSeeds).
 */
export async function makeSeededDb(file: string): Promise<void> {
  removeDb(file);
  const db = await openReady(file);
  try {
    await runSeeds(db);
  } finally {
    await db.destroy();
  }
  // the last connection to close checkpoints the WAL and deletes it
  if (existsSync(`${file}-wal`)) throw new Error(`${file}-wal left behind after closing`);
}

/** How to run `crewcount`: from the sources through tsx (tests) or the build in dist/ (soak). */
export interface CliCommand {
  file: string;
  args: string[];
  cwd: string;
}

export const CLI_FROM_SOURCES: CliCommand = {
  file: process.execPath,
  args: ['--import', 'tsx', path.join('src', 'cli', 'main.ts')],
  cwd: PROJECT_ROOT,
};

export const CLI_FROM_DIST: CliCommand = {
  file: process.execPath,
  args: [path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js')],
  cwd: PROJECT_ROOT,
};

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start `crewcount …args`; `done` settles when it has exited, with everything it printed. */
export function startCli(cli: CliCommand, args: string[]): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(cli.file, [...cli.args, ...args], { cwd: cli.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

export async function runCli(cli: CliCommand, args: string[]): Promise<CliResult> {
  return startCli(cli, args).done;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection naming `what` after `ms` (a bound on waiting, never an assertion on speed). */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s (hang?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
