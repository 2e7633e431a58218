/**
 * bench:import — importing the deterministic 1M-credit sheet with
 * `crewcount import` into a fresh SQLite database, against the sqlite3
 * shell's `.import --csv` of the same file into a fresh database (parsing
 * and inserting, no validation), in the same run. Targets: time ratio ≤ 3.0
 * and peak RSS of the import ≤ 300 MB.
 *
 *   npm run bench:import                   (builds first)
 *   node dist/bench/import.js --rows 100000 --runs 1
 *
 * --rows N    a sheet of N credits instead (bench/out/sheet-N.csv, made once)
 * --runs N    run both sides N times (default 3: on a shared two-core machine
 *             one run can be off by a second); report the medians and the
 *             largest peak RSS
 * --db URL    import into this database instead of a fresh SQLite file
 *             (e.g. postgres://…), with --runs 1; it must be empty, nothing
 *             resets it. On PostgreSQL the reference is psql's `\copy` of the
 *             same file into a raw table (eight text columns, no keys) of the
 *             same database, dropped afterwards.
 * --parse-only   only read, parse and normalise the sheet (as the import's
 *             worker thread does, and on the main thread), loading nothing:
 *             the part of the import no database choice can speed up
 * --db postgres  the same on a throwaway PostgreSQL cluster started for the
 *             run (tests/helpers/postgres-cluster.ts) and deleted after it,
 *             each run in a new database (so --runs works, default 3)
 *
 * Peak RSS: the import runs as `node -r bench/lib/report-rss.cjs …`, which
 * reports process.resourceUsage().maxRSS as the process exits. That is the
 * kernel's high-water mark for the whole process (main thread, parsing
 * worker, SQLite's cache), needs no GNU time, and does not depend on
 * sampling /proc while the process runs, which can miss a short peak.
 *
 * Exit status 1 when a target is missed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresUrl } from '../src/db/dialect.js';
import { adminQuery, databaseUrl } from '../tests/helpers/postgres-admin.js';
import { startCluster } from '../tests/helpers/postgres-cluster.js';
import { generateSheet } from './generate-sheet.js';
import { CLI, CREDITS, ensureSqlite3, log, makeOnce, measureNode, median, OUT, SHEET, timeCommand, type ChildMeasure } from './lib/inputs.js';
import { psqlCopySeconds } from './lib/psql-copy.js';
import { serverCpuSeconds } from './lib/server-cpu.js';
import { newFileFacts, readCreditBatches } from '../src/import/credit-batches.js';

const TARGET_RATIO = 3.0;
const TARGET_RSS_MB = 300;
const DEFAULT_RUNS = 3;

export interface ImportBenchOptions {
  rows: number;
  runs: number;
  /** Database URL to import into; unset: a fresh temporary SQLite file per run. */
  db?: string;
  /** Time reading, parsing and normalising only (see parseSeconds). */
  parseOnly?: boolean;
  /** PostgreSQL: make a new empty database for each run instead of using `db`, and drop it after. */
  freshDatabase?: () => Promise<{ url: string; drop: () => Promise<void> }>;
  /** The seconds of CPU the database server has used so far, when it is a local one this run started. */
  serverCpu?: () => number;
}

export interface ImportBenchResult {
  rows: number;
  sheetBytes: number;
  crewcountSeconds: number;
  /** The reference's name: the sqlite3 shell or psql. */
  reference: string;
  /** The reference's time; NaN when its shell is not available. */
  sqliteSeconds: number;
  ratio: number;
  peakRssMb: number;
  /** CPU time of the import process (both threads), median of the runs. */
  crewcountCpuSeconds: number;
  /** CPU time of the database server during the import, median of the runs; NaN when not measured. */
  serverCpuSeconds: number;
  /** The same during the reference (psql's \copy). */
  referenceServerCpuSeconds: number;
  pass: boolean;
}

/** The sheet of `rows` credits, made once and kept: the shared 1M sheet, or bench/out/sheet-N.csv. */
async function sheetOf(rows: number): Promise<string> {
  const sheet = rows === CREDITS ? SHEET : path.join(OUT, `sheet-${rows}.csv`);
  await makeOnce(sheet, `${rows.toLocaleString('en')} credits`, async (tmp) => {
    await generateSheet(tmp, rows);
  });
  return sheet;
}

/** Run `use` with a path for a new SQLite database in a temporary directory, removed afterwards. */
function withTempDatabase<T>(use: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'crewcount-bench-import-'));
  try {
    return use(path.join(dir, 'bench.sqlite'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (a) `crewcount import` as a child process: wall time, peak RSS and CPU time. */
function crewcountImport(sheet: string, db: string | undefined): ChildMeasure {
  const run = (url: string): ChildMeasure => measureNode([CLI, 'import', sheet, '--db', url]);
  return db ? run(db) : withTempDatabase(run);
}

/** (b) the sqlite3 shell importing the same file into a fresh database. */
function sqliteImport(sheet: string): number {
  return withTempDatabase((file) => timeCommand('sqlite3', [file, `.import --csv ${sheet} raw`]));
}

/** Whether the sqlite3 shell can be run, installing it with apt-get when root. */
function haveSqlite3(): boolean {
  try {
    ensureSqlite3();
    return true;
  } catch (err) {
    log(`the sqlite3 shell is needed for the comparison: apt-get install -y sqlite3 (${err instanceof Error ? err.message : String(err)})`);
    return false;
  }
}

export async function runImportBench(options: ImportBenchOptions): Promise<ImportBenchResult> {
  const sheet = await sheetOf(options.rows);
  const postgres = options.freshDatabase !== undefined || (options.db !== undefined && isPostgresUrl(options.db));
  const sqlite3 = postgres ? true : haveSqlite3();
  const crewcount: number[] = [];
  const crewcountCpu: number[] = [];
  const serverCpu: number[] = [];
  const referenceServerCpu: number[] = [];
  const shell: number[] = [];
  let peakRssMb = 0;
  /** `work`'s result, and the seconds of CPU the database server spent meanwhile into `into` (NaN when not measured). */
  const timingServer = <T>(into: number[], work: () => T): T => {
    const before = options.serverCpu?.() ?? NaN;
    const value = work();
    into.push((options.serverCpu?.() ?? NaN) - before);
    return value;
  };
  for (let i = 0; i < options.runs; i++) {
    const fresh = await options.freshDatabase?.();
    const db = fresh?.url ?? options.db;
    try {
      const m = timingServer(serverCpu, () => crewcountImport(sheet, db));
      crewcount.push(m.seconds);
      crewcountCpu.push(m.cpuSeconds);
      peakRssMb = Math.max(peakRssMb, m.peakRssMb);
      if (postgres) shell.push(timingServer(referenceServerCpu, () => psqlCopySeconds(db!, sheet)));
      else if (sqlite3) shell.push(sqliteImport(sheet));
    } finally {
      await fresh?.drop();
    }
  }
  const crewcountSeconds = median(crewcount);
  const sqliteSeconds = sqlite3 ? median(shell) : NaN;
  const ratio = crewcountSeconds / sqliteSeconds;
  return {
    rows: options.rows,
    sheetBytes: statSync(sheet).size,
    crewcountSeconds,
    reference: postgres ? 'psql \\copy' : 'sqlite3 .import --csv',
    sqliteSeconds,
    ratio,
    peakRssMb,
    crewcountCpuSeconds: median(crewcountCpu),
    serverCpuSeconds: median(serverCpu),
    referenceServerCpuSeconds: median(referenceServerCpu),
    // A missing sqlite3 shell leaves the ratio unknown: that is not a pass.
    pass: ratio <= TARGET_RATIO && peakRssMb <= TARGET_RSS_MB,
  };
}

function report(r: ImportBenchResult, options: ImportBenchOptions): void {
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  const runs = options.runs > 1 ? ` (median of ${options.runs} runs)` : '';
  log('');
  log(`import ${r.rows.toLocaleString('en')} credits, ${(r.sheetBytes / 1e6).toFixed(1)} MB${runs}`);
  log(`  crewcount import       : ${r.crewcountSeconds.toFixed(2)} s, ${Math.round(r.rows / r.crewcountSeconds).toLocaleString('en')} rows/s, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  if (Number.isNaN(r.sqliteSeconds)) {
    log(`  ${r.reference.padEnd(21)}  : not run (no ${r.reference.split(' ')[0]} on the PATH)`);
  } else {
    log(`  ${r.reference.padEnd(21)}  : ${r.sqliteSeconds.toFixed(2)} s, ${Math.round(r.rows / r.sqliteSeconds).toLocaleString('en')} rows/s`);
  }
  log(`  ratio ${Number.isNaN(r.ratio) ? 'unknown' : r.ratio.toFixed(2)} (target ≤ ${TARGET_RATIO.toFixed(1)}) ${verdict(r.ratio <= TARGET_RATIO)}`);
  logCpu(r);
  log(`  peak RSS ${r.peakRssMb.toFixed(0)} MB (target ≤ ${TARGET_RSS_MB}) ${verdict(r.peakRssMb <= TARGET_RSS_MB)}`);
}

/**
 * Where the cores went: the import's CPU time (both threads) and, on the
 * throwaway cluster, the server's, against what the target allows on this
 * machine (its wall time times the cores). Work that exceeds that budget
 * cannot meet the target however it is scheduled.
 */
function logCpu(r: ImportBenchResult): void {
  if (Number.isNaN(r.crewcountCpuSeconds)) return;
  const cores = availableParallelism();
  const server = Number.isNaN(r.serverCpuSeconds) ? '' : ` + database server ${r.serverCpuSeconds.toFixed(2)} s`;
  const total = r.crewcountCpuSeconds + (Number.isNaN(r.serverCpuSeconds) ? 0 : r.serverCpuSeconds);
  log(`  CPU time: crewcount ${r.crewcountCpuSeconds.toFixed(2)} s (user + system, both threads)${server} = ${total.toFixed(2)} core-seconds`);
  if (!Number.isNaN(r.referenceServerCpuSeconds)) log(`  (the database server's CPU time during ${r.reference}: ${r.referenceServerCpuSeconds.toFixed(2)} s)`);
  if (!Number.isNaN(r.sqliteSeconds)) {
    const budget = TARGET_RATIO * r.sqliteSeconds * cores;
    log(`  the target allows ${(TARGET_RATIO * r.sqliteSeconds).toFixed(2)} s here: at most ${budget.toFixed(2)} core-seconds on ${cores} cores`);
  }
}

function parseOptions(argv: string[]): ImportBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { rows: { type: 'string' }, runs: { type: 'string' }, db: { type: 'string' }, 'parse-only': { type: 'boolean' } },
  });
  const positive = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
    return n;
  };
  const ownServer = values.db !== undefined && values.db !== 'postgres';
  const options: ImportBenchOptions = {
    rows: positive('rows', values.rows, CREDITS),
    runs: positive('runs', values.runs, ownServer ? 1 : DEFAULT_RUNS),
    ...(values.db ? { db: values.db } : {}),
    ...(values['parse-only'] ? { parseOnly: true } : {}),
  };
  if (ownServer && options.runs > 1) throw new Error('--db URL takes one run: a second would re-import into the same database');
  return options;
}

/**
 * Seconds to read, parse and normalise the sheet into credit records,
 * loading nothing: in the worker thread as an import of a large file does,
 * and on the main thread. Medians of `runs`.
 */
async function parseSeconds(options: ImportBenchOptions): Promise<{ worker: number; main: number }> {
  const sheet = await sheetOf(options.rows);
  const time = async (inWorker: boolean): Promise<number> => {
    const t = performance.now();
    let records = 0;
    for await (const batch of readCreditBatches(sheet, { inWorker }, newFileFacts(sheet))) records += batch.records.length;
    if (records !== options.rows) throw new Error(`read ${records} records, expected ${options.rows}`);
    return (performance.now() - t) / 1000;
  };
  const worker: number[] = [];
  const main: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    worker.push(await time(true));
    main.push(await time(false));
  }
  return { worker: median(worker), main: median(main) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const options = parseOptions(process.argv.slice(2));
    if (options.parseOnly) {
      const { worker, main } = await parseSeconds(options);
      log(`read, parse and normalise ${options.rows.toLocaleString('en')} credits, loading nothing (median of ${options.runs}):`);
      log(`  in the worker thread: ${worker.toFixed(2)} s; on the main thread: ${main.toFixed(2)} s`);
      process.exit(0);
    }
    // --db postgres: a throwaway cluster, so the run needs no server of one's own.
    const cluster = options.db === 'postgres' ? await startCluster() : undefined;
    try {
      if (cluster) {
        let made = 0;
        options.freshDatabase = async () => {
          const name = `crewcount_bench_${++made}`;
          await adminQuery(cluster.url, `CREATE DATABASE ${name}`);
          return { url: databaseUrl(cluster.url, name), drop: () => adminQuery(cluster.url, `DROP DATABASE ${name}`) };
        };
        options.serverCpu = () => serverCpuSeconds(cluster.dataDir);
        log(`importing into a new database of the throwaway cluster for each run`);
      } else if (options.db) log(`importing into ${options.db}; it must start empty (this bench does not reset it)`);
      const result = await runImportBench(options);
      report(result, options);
      if (!result.pass) process.exitCode = 1;
    } finally {
      cluster?.stop();
    }
  } catch (err) {
    log(`bench:import: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
