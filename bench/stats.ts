/**
 * bench:stats — how fast the statistics are on a million credits.
 *
 *   (a) computeStats for every row (all productions, seasons, roles, units), in process,
 *   (b) against the sqlite3 shell grouping the raw sheet (`.import --csv`, then
 *       SELECT series, season, role, gender, count(*) … GROUP BY …; the GROUP BY alone is timed):
 *       target (a)/(b) ≤ 1.5;
 *   (c) p50/p99 of computeStats for one production-season, over many productions;
 *   (d) GET /api/stats?production=…&season=… from createApp against a bare Express app
 *       returning the same JSON, 50 connections for 10 s each (autocannon): target
 *       requests/s ratio ≥ 0.5 and no errors.
 *
 * Needs bench/out/sheet.csv (generated when missing), bench/out/bench-1m.sqlite (imported
 * with the CLI when missing) and bench/out/raw-1m.sqlite (made with the sqlite3 shell when
 * missing; sqlite3 is installed with apt-get when absent and running as root).
 *
 * Run: npm run bench:stats (builds first). Exit status 1 when a target is missed.
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { PROJECT_ROOT } from '../src/config.js';
import { seasonsMatching } from '../src/db/stats-queries.js';
import { createApp } from '../src/http/app.js';
import { openReady } from '../src/setup.js';
import { computeStats } from '../src/stats/service.js';
import { autocannon, type AutocannonResult } from './lib/autocannon.js';
import { CREDITS, DB, log, median, percentile, prepareInputs, RAW, run } from './lib/inputs.js';

const GROUP_BY = 'SELECT series, season, role, gender, count(*) FROM raw GROUP BY series, season, role, gender;';
const TARGET_RATIO = 1.5;
const TARGET_RPS_RATIO = 0.5;
const RUNS = 5;
const SEASON_SAMPLES = 200;
const HTTP_CONNECTIONS = 50;
const HTTP_SECONDS = 10;

/** The GROUP BY alone, as the sqlite3 shell's own timer reports it (output discarded, like computeStats' rows are not printed). */
function sqliteGroupBySeconds(): number {
  const { stdout, stderr } = run('sqlite3', [RAW], `.output /dev/null\n.timer on\n${GROUP_BY}\n`);
  const m = /Run Time: real ([\d.]+)/.exec(`${stdout}\n${stderr}`);
  if (!m) throw new Error(`no timing from sqlite3: ${stdout} ${stderr}`);
  return Number(m[1]);
}

interface ServerHandle {
  port: number;
  stop(): void;
}

/** One server in a child process (the load generator keeps this process's core to itself). */
function startServer(kind: 'crewcount' | 'bare', production: string, season: number): Promise<ServerHandle> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', kind, production, String(season)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
    child.once('message', (m) => resolve({ port: (m as { port: number }).port, stop: () => child.kill() }));
  });
}

async function serve(kind: string, production: string, season: number): Promise<void> {
  const db = await openReady(DB);
  let app: express.Express;
  if (kind === 'crewcount') {
    app = createApp({ db });
  } else {
    // the same JSON, computed once: what serving it costs without computing it
    const body = { rows: await computeStats(db, { production, season }) };
    app = express();
    app.use((_req, res) => {
      res.json(body);
    });
  }
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

async function load(url: string, seconds: number, paths?: string[]): Promise<AutocannonResult> {
  let next = 0;
  const requests = paths
    ? [
        {
          setupRequest: (req: Record<string, unknown>) => {
            req.path = paths[next++ % paths.length];
            return req;
          },
        },
      ]
    : undefined;
  return autocannon({ url, connections: HTTP_CONNECTIONS, duration: seconds, renderProgressBar: false, renderResultsTable: false, ...(requests ? { requests } : {}) });
}

// ---------------------------------------------------------------------------

export interface StatsBenchResult {
  rows: number;
  computeAllSeconds: number;
  sqliteSeconds: number;
  ratio: number;
  seasonP50Ms: number;
  seasonP99Ms: number;
  apiRps: number;
  bareRps: number;
  rpsRatio: number;
  httpErrors: number;
  pass: boolean;
}

export async function runStatsBench(): Promise<StatsBenchResult> {
  await prepareInputs();
  const db = await openReady(DB);
  try {
    // (a) every row, in process
    log('(a) computeStats, every row …');
    const warm = await computeStats(db);
    const all: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await computeStats(db);
      all.push((performance.now() - t) / 1000);
    }
    // (b) the sqlite3 shell
    log('(b) sqlite3 GROUP BY …');
    sqliteGroupBySeconds(); // warm the page cache
    const shell: number[] = [];
    for (let i = 0; i < RUNS; i++) shell.push(sqliteGroupBySeconds());

    // (c) one production-season at a time, across productions
    log('(c) one production-season …');
    const seasons = await seasonsMatching(db, {});
    const step = Math.max(1, Math.floor(seasons.length / SEASON_SAMPLES));
    const picks = seasons.filter((_, i) => i % step === 0).slice(0, SEASON_SAMPLES);
    for (const s of picks.slice(0, 20)) await computeStats(db, { production: s.slug, season: s.season }); // warm-up
    const one: number[] = [];
    for (const s of picks) {
      const t = performance.now();
      await computeStats(db, { production: s.slug, season: s.season });
      one.push(performance.now() - t);
    }

    // (d) HTTP
    const target = picks[Math.floor(picks.length / 2)]!;
    const query = `/api/stats?production=${encodeURIComponent(target.slug)}&season=${target.season}`;
    const results: Record<'crewcount' | 'bare', AutocannonResult> = {} as never;
    let bodyBytes = 0;
    let rotating: AutocannonResult | undefined;
    // beyond the targets: every request a different production-season, more of them than the
    // API's cache keeps, so each one computes (what a cold dashboard costs)
    const everySeason = seasons.map((s) => `/api/stats?production=${encodeURIComponent(s.slug)}&season=${s.season}`);
    for (const kind of ['crewcount', 'bare'] as const) {
      log(`(d) ${kind} server, ${HTTP_CONNECTIONS} connections, ${HTTP_SECONDS} s …`);
      const server = await startServer(kind, target.slug, target.season);
      try {
        const url = `http://127.0.0.1:${server.port}${query}`;
        const probe = await fetch(url);
        const text = await probe.text();
        if (probe.status !== 200) throw new Error(`${kind}: ${probe.status} ${text}`);
        if (kind === 'crewcount') bodyBytes = text.length;
        await load(url, 2); // warm-up, not counted
        results[kind] = await load(url, HTTP_SECONDS);
        if (kind === 'crewcount') {
          log(`(d) crewcount server, a different production-season per request, ${HTTP_SECONDS} s …`);
          rotating = await load(url, HTTP_SECONDS, everySeason);
        }
      } finally {
        server.stop();
      }
    }

    const computeAll = median(all);
    const sqlite = median(shell);
    const ratio = computeAll / sqlite;
    const api = results.crewcount;
    const bare = results.bare;
    const rpsRatio = api.requests.average / bare.requests.average;
    const rot = rotating!;
    const httpErrors = [api, bare, rot].reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
    const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
    const s = (x: number) => `${x.toFixed(3)} s`;
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const pass = ratio <= TARGET_RATIO && rpsRatio >= TARGET_RPS_RATIO && httpErrors === 0;

    const lines = [
      '',
      `CrewCount stats benchmark: ${CREDITS.toLocaleString('en')} credits, ${seasons.length.toLocaleString('en')} seasons (${path.relative(PROJECT_ROOT, DB)})`,
      `(a) computeStats, every row: ${warm.length.toLocaleString('en')} rows; median ${s(computeAll)} of ${RUNS} (min ${s(Math.min(...all))}, max ${s(Math.max(...all))})`,
      `(b) sqlite3 shell GROUP BY over the raw sheet: median ${s(sqlite)} of ${RUNS} (min ${s(Math.min(...shell))}, max ${s(Math.max(...shell))})`,
      `    ratio (a)/(b) = ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})  ${ok(ratio <= TARGET_RATIO)}`,
      `(c) computeStats, one production-season, ${one.length} productions: p50 ${ms(percentile(one, 50))}, p99 ${ms(percentile(one, 99))}, mean ${ms(one.reduce((a, b) => a + b, 0) / one.length)}`,
      `(d) GET ${query} (${bodyBytes.toLocaleString('en')} bytes), ${HTTP_CONNECTIONS} connections, ${HTTP_SECONDS} s each:`,
      `    createApp:    ${api.requests.average.toFixed(0)} req/s, latency p50 ${api.latency.p50} ms, p99 ${api.latency.p99} ms, ${api.requests.total} requests`,
      `    bare Express: ${bare.requests.average.toFixed(0)} req/s, latency p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms, ${bare.requests.total} requests`,
      `    ratio = ${rpsRatio.toFixed(2)} (target ≥ ${TARGET_RPS_RATIO})  ${ok(rpsRatio >= TARGET_RPS_RATIO)}`,
      `    (not a target) createApp, a different production-season per request (${everySeason.length.toLocaleString('en')} of them, no cache hits): ${rot.requests.average.toFixed(0)} req/s, latency p50 ${rot.latency.p50} ms, p99 ${rot.latency.p99} ms`,
      `    errors = ${httpErrors} over all three runs (errors ${api.errors}+${bare.errors}+${rot.errors}, timeouts ${api.timeouts}+${bare.timeouts}+${rot.timeouts}, non-2xx ${api.non2xx}+${bare.non2xx}+${rot.non2xx}; target 0)  ${ok(httpErrors === 0)}`,
      `overall: ${ok(pass)}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return {
      rows: warm.length,
      computeAllSeconds: computeAll,
      sqliteSeconds: sqlite,
      ratio,
      seasonP50Ms: percentile(one, 50),
      seasonP99Ms: percentile(one, 99),
      apiRps: api.requests.average,
      bareRps: bare.requests.average,
      rpsRatio,
      httpErrors,
      pass,
    };
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [flag, kind, production, season] = process.argv.slice(2);
  if (flag === '--serve') {
    serve(kind!, production!, Number(season)).catch((err) => {
      console.error(err);
      process.exit(1);
    });
  } else {
    runStatsBench().then(
      (r) => {
        if (!r.pass) process.exitCode = 1;
      },
      (err) => {
        console.error(err);
        process.exitCode = 1;
      },
    );
  }
}
