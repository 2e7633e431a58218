/**
 * bench:export — exporting the 1M-credit benchmark database's credits as CSV
 * with `crewcount export credits`, against the sqlite3 shell's `.mode csv`
 * export of the raw imported table, in the same run. Targets: time ratio ≤ 2.0
 * and peak RSS ≤ 200 MB (memory stays flat because rows stream).
 *
 * Run: npm run bench:export (builds first). Exit status 1 when a target is missed.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLI, DB, log, measureNode, median, OUT, prepareInputs, RAW, timeCommand } from './lib/inputs.js';

const TARGET_RATIO = 2.0;
const TARGET_RSS_MB = 200;
const RUNS = 3;

export interface ExportBenchResult {
  crewcountSeconds: number;
  sqliteSeconds: number;
  ratio: number;
  peakRssMb: number;
  bytes: number;
  /** Lines of our export and of sqlite3's: the same credits make the same number (a fast but short export must not pass). */
  lines: { crewcount: number; sqlite: number };
  pass: boolean;
}

function countLines(file: string): number {
  const bytes = readFileSync(file);
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

export async function runExportBench(): Promise<ExportBenchResult> {
  await prepareInputs();
  const ours = path.join(OUT, 'export-crewcount.csv');
  const theirs = path.join(OUT, 'export-sqlite3.csv');
  const crewcount: number[] = [];
  const sqlite: number[] = [];
  let peakRssMb = 0;
  for (let i = 0; i < RUNS; i++) {
    const m = measureNode([CLI, 'export', 'credits', '--db', DB, '--out', ours]);
    crewcount.push(m.seconds);
    peakRssMb = Math.max(peakRssMb, m.peakRssMb);
    sqlite.push(timeCommand('sqlite3', [RAW], `.headers on\n.mode csv\n.output ${theirs}\nSELECT * FROM raw;\n`));
  }
  const bytes = statSync(ours).size;
  const lines = { crewcount: countLines(ours), sqlite: countLines(theirs) };
  rmSync(ours, { force: true });
  rmSync(theirs, { force: true });
  const result = {
    crewcountSeconds: median(crewcount),
    sqliteSeconds: median(sqlite),
    ratio: median(crewcount) / median(sqlite),
    peakRssMb,
    bytes,
    lines,
    pass: false,
  };
  result.pass = result.ratio <= TARGET_RATIO && peakRssMb <= TARGET_RSS_MB && lines.crewcount === lines.sqlite;
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runExportBench();
  log('');
  log(`export 1,000,000 credits as CSV (median of ${RUNS})`);
  log(`  crewcount export credits : ${r.crewcountSeconds.toFixed(2)} s, ${(r.bytes / 1e6).toFixed(1)} MB written, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  log(`  sqlite3 .mode csv (raw)  : ${r.sqliteSeconds.toFixed(2)} s`);
  log(`  ratio ${r.ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${r.ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
  log(`  peak RSS ${r.peakRssMb.toFixed(0)} MB (target ≤ ${TARGET_RSS_MB}) ${r.peakRssMb <= TARGET_RSS_MB ? 'PASS' : 'FAIL'}`);
  log(`  lines ${r.lines.crewcount.toLocaleString('en')} (sqlite3: ${r.lines.sqlite.toLocaleString('en')}) ${r.lines.crewcount === r.lines.sqlite ? 'PASS' : 'FAIL'}`);
  if (!r.pass) process.exitCode = 1;
}
