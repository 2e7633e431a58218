/**
 * npm run soak — the long hardening runs of issue 8 (the short ones are in
 * tests/hardening/, part of npm test):
 *
 *   fuzz     1,200 seeded hostile files imported in process into a database holding the sample
 *            credits (a 50 MB field, 2,000,000 empty lines, 10,000 columns, …), and the ones that
 *            must be refused once more through the built CLI, with its peak RSS;
 *   crash    `crewcount import` of a 200,000-credit sheet killed with SIGKILL 24 times at random
 *            moments: integrity_check ok and exactly the state before or after each time, the
 *            ledger running → interrupted;
 *   readers  readers hammering createApp's API during a 200,000-credit import: no errors, never
 *            a partial total;
 *   load     autocannon, 100 connections for 15 s each, on /api/stats and /api/stats.csv against
 *            bench/out/bench-1m.sqlite (made by prepareInputs when missing): for the whole
 *            database, and for the dashboard's per-production-season requests.
 *
 * Prints the figures and a verdict per gate; exit status 1 when a gate fails.
 *
 *   npm run soak                       everything
 *   npm run soak -- fuzz crash         only these parts
 *   CREWCOUNT_FUZZ_SEED=n, CREWCOUNT_CRASH_SEED=n, CREWCOUNT_SOAK_KILLS=n, CREWCOUNT_SOAK_FILES=n
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runSeeds } from '../seeds/index.js';
import { PROJECT_ROOT } from '../src/config.js';
import { MAX_RECORD_CHARS } from '../src/import/read-sheet.js';
import { openReady } from '../src/setup.js';
import { generateSheet } from './generate-sheet.js';
import { DB as BENCH_DB, prepareInputs } from './lib/inputs.js';
import { CLI_FROM_DIST, makeSeededDb, seedFromEnv, type CliCommand } from './lib/soak-common.js';
import { crashSoak } from './lib/soak-crash.js';
import { fuzzCases, fuzzRunner, runCliCase, storedFacts, type FuzzResult } from './lib/soak-fuzz.js';
import { loadScenario, productionSeasonPaths, type LoadResult } from './lib/soak-load.js';
import { readersDuringImport } from './lib/soak-readers.js';

const PARTS = ['fuzz', 'crash', 'readers', 'load'] as const;
type Part = (typeof PARTS)[number];

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
};

const FUZZ_SEED = seedFromEnv('FUZZ', 20260108);
const CRASH_SEED = seedFromEnv('CRASH', 8);
const FUZZ_FILES = envInt('CREWCOUNT_SOAK_FILES', 1200);
const KILLS = envInt('CREWCOUNT_SOAK_KILLS', 24);
const CRASH_CREDITS = 200_000;
const BIG_FIELD = 50_000_000;
const EMPTY_LINES = 2_000_000;
const COLUMNS = 10_000;
const CONNECTIONS = 100;
const SECONDS = 15;
/** A 50 MB field must not cost anything like 50 MB: the importer reads at most 1 MiB a record. */
const MAX_IMPORT_RSS_MB = 400;

interface Gate {
  part: Part;
  name: string;
  ok: boolean;
  detail: string;
}
const gates: Gate[] = [];
const figures: string[] = [];
const gate = (part: Part, name: string, ok: boolean, detail: string): void => {
  gates.push({ part, name, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${part}: ${name}${detail ? ` — ${detail}` : ''}`);
};

const WORK = path.join(PROJECT_ROOT, 'bench', 'out', 'soak');
const RSS_PRELOAD = path.join(PROJECT_ROOT, 'bench', 'lib', 'report-rss.cjs');
const CLI_WITH_RSS: CliCommand = { ...CLI_FROM_DIST, args: ['-r', RSS_PRELOAD, ...CLI_FROM_DIST.args] };

async function fuzz(seeded: string): Promise<void> {
  log(`\n=== fuzz: ${FUZZ_FILES} files, seed ${FUZZ_SEED} (CREWCOUNT_FUZZ_SEED) ===`);
  const dir = path.join(WORK, 'fuzz');
  mkdirSync(dir, { recursive: true });
  const db = await openReady(':memory:');
  try {
    await runSeeds(db);
    const cases = fuzzCases({ seed: FUZZ_SEED, count: FUZZ_FILES, bigFieldBytes: BIG_FIELD, emptyLines: EMPTY_LINES, columns: COLUMNS, stored: await storedFacts(db) });
    const runner = await fuzzRunner(db, dir, { timeoutMs: 300_000 });
    const results: FuzzResult[] = [];
    const t = performance.now();
    for (const c of cases) {
      const r = await runner.run(c);
      results.push(r);
      if (r.problems.length > 0) log(`  ${r.name}: ${r.problems.join('; ').slice(0, 2000)}`);
      if ((c.index + 1) % 200 === 0) log(`  ${c.index + 1}/${cases.length} files`);
    }
    const committed = results.filter((r) => r.outcome === 'committed').length;
    const bad = results.filter((r) => r.problems.length > 0);
    const seconds = (performance.now() - t) / 1000;
    figures.push(`fuzz: ${results.length} files (seed ${FUZZ_SEED}) in ${seconds.toFixed(0)} s: ${committed} clean imports, ${results.length - committed} refused with located issues, ${bad.length} with problems; this process's peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    gate('fuzz', `${results.length} files: clean import or located issues, nothing written by a failed one, ledger failed`, bad.length === 0 && results.length >= 1000, `${bad.length} with problems`);
  } finally {
    await db.destroy();
  }

  log('\n=== fuzz through the CLI (peak RSS of each import process) ===');
  const cases = fuzzCases({ seed: FUZZ_SEED, count: 0, bigFieldBytes: BIG_FIELD, emptyLines: EMPTY_LINES, columns: COLUMNS }).filter((c) => c.mustFail);
  let worstRss = 0;
  const problems: string[] = [];
  for (const c of cases) {
    const r = await runCliCase(CLI_WITH_RSS, c, seeded, dir);
    worstRss = Math.max(worstRss, r.peakRssMb ?? 0);
    log(`  ${r.name} (${(r.bytes / 1e6).toFixed(1)} MB): exit ${r.status}, ${r.issueLines} issue lines, peak RSS ${r.peakRssMb?.toFixed(0)} MB; ${r.firstIssue.slice(0, 140)}`);
    problems.push(...r.problems.map((p) => `${r.name}: ${p}`));
  }
  for (const p of problems) log(`  ${p}`);
  figures.push(`fuzz CLI: ${cases.length} refused files through dist/src/cli/main.js, exit 1 with FILE:LINE:COLUMN lines; largest peak RSS ${worstRss.toFixed(0)} MB (50 MB field, ${EMPTY_LINES.toLocaleString('en')} empty lines included)`);
  gate('fuzz', `${cases.length} files through the CLI: exit 1, FILE:LINE:COLUMN: lines, nothing written`, problems.length === 0, `${problems.length} problems`);
  gate('fuzz', `peak RSS of an import of any of them under ${MAX_IMPORT_RSS_MB} MB (record bound ${MAX_RECORD_CHARS} characters)`, worstRss > 0 && worstRss < MAX_IMPORT_RSS_MB, `${worstRss.toFixed(0)} MB`);
  rmSync(dir, { recursive: true, force: true });
}

async function crashSheet(): Promise<string> {
  const sheet = path.join(WORK, `sheet-${CRASH_CREDITS}.csv`);
  if (!existsSync(sheet)) await generateSheet(sheet, CRASH_CREDITS);
  return sheet;
}

async function crash(seeded: string): Promise<void> {
  log(`\n=== crash: ${KILLS} kills of a ${CRASH_CREDITS.toLocaleString('en')}-credit import, seed ${CRASH_SEED} (CREWCOUNT_CRASH_SEED) ===`);
  const dir = path.join(WORK, 'crash');
  mkdirSync(dir, { recursive: true });
  const report = await crashSoak({ cli: CLI_FROM_DIST, sheet: await crashSheet(), seededDb: seeded, dir, kills: KILLS, seed: CRASH_SEED, aim: 'mixed', log: (l) => log(`  ${l}`) });
  for (const p of report.problems) log(`  PROBLEM ${p}`);
  const by = (f: (k: (typeof report.kills)[number]) => boolean): number => report.kills.filter(f).length;
  figures.push(
    `crash: ${report.kills.length} kills survived (${by((k) => k.aim === 'mid-import')} mid-import, ${by((k) => k.aim === 'wal-growing')} while the WAL grew, ${by((k) => k.aim === 'anytime')} anytime; ` +
      `${by((k) => k.ledger === 'none')} before the ledger row, ${by((k) => k.ledger === 'running')} with the import running, ${by((k) => k.state === 'after')} after its commit; ` +
      `largest WAL at a kill ${(Math.max(...report.kills.map((k) => k.walBytes)) / 1e6).toFixed(1)} MB); ${report.finishedBeforeKill} runs finished first; ` +
      `${report.markedInterrupted} killed runs later marked interrupted; a complete run takes ${(report.fullRunMs / 1000).toFixed(1)} s`,
  );
  gate('crash', `${KILLS} kills: integrity_check ok, state before or after, ledger running → interrupted`, report.problems.length === 0 && report.kills.length >= KILLS, `${report.problems.length} problems`);
  rmSync(dir, { recursive: true, force: true });
}

async function readers(seeded: string): Promise<void> {
  log(`\n=== readers during a ${CRASH_CREDITS.toLocaleString('en')}-credit import ===`);
  const dir = path.join(WORK, 'readers');
  mkdirSync(dir, { recursive: true });
  const report = await readersDuringImport({ cli: CLI_FROM_DIST, sheet: await crashSheet(), seededDb: seeded, dir, readers: 4, log: (l) => log(`  ${l}`) });
  for (const e of report.errors.slice(0, 20)) log(`  ERROR ${e}`);
  for (const p of report.partial.slice(0, 20)) log(`  PARTIAL ${p}`);
  figures.push(`readers: ${report.reads} API readings during the import (${report.sawBefore} saw the before totals, ${report.sawAfter} the after totals), ${report.errors.length} errors, ${report.partial.length} partial`);
  gate('readers', 'no errors and never a partial total while an import runs', report.errors.length === 0 && report.partial.length === 0 && report.importStatus === 0, '');
  rmSync(dir, { recursive: true, force: true });
}

async function load(): Promise<void> {
  log(`\n=== load: autocannon, ${CONNECTIONS} connections × ${SECONDS} s on ${path.relative(PROJECT_ROOT, BENCH_DB)} ===`);
  await prepareInputs();
  const options = { cli: CLI_FROM_DIST, dbFile: BENCH_DB, connections: CONNECTIONS, seconds: SECONDS, log: (l: string) => log(`  ${l}`) };
  const scenarios = [
    { name: '/api/stats, one production-season a request (1,000 different)', paths: productionSeasonPaths(BENCH_DB, '/api/stats', 1000, 1) },
    { name: '/api/stats.csv, one production-season a request (1,000 different)', paths: productionSeasonPaths(BENCH_DB, '/api/stats.csv', 1000, 2) },
    { name: '/api/stats, the whole database', paths: ['/api/stats'] },
    { name: '/api/stats.csv, the whole database', paths: ['/api/stats.csv'] },
  ];
  const results: LoadResult[] = [];
  for (const s of scenarios) results.push(await loadScenario(options, s));
  for (const r of results) {
    figures.push(
      `load: ${r.name}: ${r.rps.toFixed(1)} req/s, p99 ${r.p99Ms} ms (p50 ${r.p50Ms} ms), ${r.requests} requests, ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx; ` +
        `server peak RSS ${r.serverPeakRssMb.toFixed(0)} MB; /api/health afterwards ${r.healthAfterMs === null ? 'no answer within 120 s' : `${(r.healthAfterMs / 1000).toFixed(1)} s`}`,
    );
    // Whole-database requests are bounded (src/http/stats-limit.ts): beyond the bound the server answers
    // 503 with Retry-After at once, which is the point; what must not happen is an error or a timeout.
    const refusalsAllowed = r.name.includes('the whole database');
    gate(
      'load',
      `${r.name}: zero errors and timeouts${refusalsAllowed ? ', some answered in full, the rest 503 + Retry-After' : ''}`,
      r.errors === 0 && r.timeouts === 0 && r.requests > r.non2xx && (refusalsAllowed || r.non2xx === 0),
      `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`,
    );
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const a of asked) if (!(PARTS as readonly string[]).includes(a)) throw new Error(`unknown part "${a}"; parts: ${PARTS.join(', ')}`);
  const parts = asked.length > 0 ? (asked as Part[]) : [...PARTS];
  if (!existsSync(CLI_FROM_DIST.args[0]!)) throw new Error(`${CLI_FROM_DIST.args[0]} is missing: npm run build`);
  mkdirSync(WORK, { recursive: true });
  const seeded = path.join(WORK, 'seeded.sqlite');
  await makeSeededDb(seeded);
  const t = performance.now();
  for (const part of parts) {
    try {
      if (part === 'fuzz') await fuzz(seeded);
      if (part === 'crash') await crash(seeded);
      if (part === 'readers') await readers(seeded);
      if (part === 'load') await load();
    } catch (err) {
      gate(part, 'ran to the end', false, err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
  }
  process.stdout.write(`\nsoak figures (${((performance.now() - t) / 60000).toFixed(1)} min):\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
  process.stdout.write(`\ngates:\n${gates.map((g) => `  ${g.ok ? 'PASS' : 'FAIL'} ${g.part}: ${g.name}${g.ok ? '' : ` — ${g.detail.split('\n')[0]}`}`).join('\n')}\n`);
  const failed = gates.filter((g) => !g.ok).length;
  process.stdout.write(`\n${gates.length - failed} passed, ${failed} failed\n`);
  if (failed > 0) process.exitCode = 1;
}

await main();
