/**
 * Load: autocannon against `crewcount serve` (a child process, so the load
 * generator keeps this process's core) on the 1M-credit benchmark database.
 * Each scenario gets a server of its own: a scenario that leaves the server
 * with a backlog must not slow the next one down. Reported per scenario:
 * requests per second, latency percentiles, errors, timeouts, non-2xx
 * answers, the server's peak RSS, and how long /api/health then takes to
 * answer (a server still working through abandoned requests is slow to).
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Rand, sleep, startCli, type CliCommand } from './soak-common.js';
import { freePort } from '../../tests/helpers/free-port.js';
import { autocannon } from './autocannon.js';

export interface LoadScenario {
  name: string;
  /** Paths requested in turn by every connection. */
  paths: string[];
}

export interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  serverPeakRssMb: number;
  /** Time /api/health took to answer right after the run (null: no answer within the bound). */
  healthAfterMs: number | null;
}

export interface LoadOptions {
  cli: CliCommand;
  dbFile: string;
  connections: number;
  seconds: number;
  /** autocannon's per-request timeout, in seconds (its default is 10). */
  timeoutSeconds?: number;
  log?: (line: string) => void;
}

/** GET with a bound on the wait; the time it took, or null. */
async function timedGet(url: string, boundMs: number): Promise<number | null> {
  const t = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(boundMs) });
    await res.text();
    return res.ok ? performance.now() - t : null;
  } catch {
    return null;
  }
}

const peakRssMb = (pid: number | undefined): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

/** The dashboard's own requests: one production-season each, `count` of them drawn from the database. */
export function productionSeasonPaths(dbFile: string, endpoint: string, count: number, seed: number): string[] {
  const conn = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const all = conn.prepare('SELECT p.slug, s.number FROM seasons s JOIN productions p ON p.id = s.production_id ORDER BY s.id').all() as Array<{ slug: string; number: number }>;
    const rand = new Rand(seed);
    return Array.from({ length: count }, () => {
      const s = rand.pick(all);
      return `${endpoint}?production=${encodeURIComponent(s.slug)}&season=${s.number}`;
    });
  } finally {
    conn.close();
  }
}

export async function loadScenario(o: LoadOptions, scenario: LoadScenario): Promise<LoadResult> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startCli(o.cli, ['serve', '--port', String(port), '--db', o.dbFile]);
  let exited = false;
  void server.done.then(() => (exited = true));
  try {
    while ((await timedGet(`${base}/api/health`, 1000)) === null) {
      if (exited) throw new Error(`the server exited: ${(await server.done).stderr}`);
      await sleep(100);
    }
    let i = 0;
    const result = await autocannon({
      url: base,
      connections: o.connections,
      duration: o.seconds,
      timeout: o.timeoutSeconds ?? 10,
      requests: [
        {
          method: 'GET',
          setupRequest: (req: Record<string, unknown>) => ({ ...req, path: scenario.paths[i++ % scenario.paths.length] }),
        },
      ],
    });
    const healthAfterMs = await timedGet(`${base}/api/health`, 120_000);
    const out: LoadResult = {
      name: scenario.name,
      requests: result.requests.total,
      rps: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      serverPeakRssMb: peakRssMb(server.child.pid),
      healthAfterMs,
    };
    o.log?.(
      `load: ${scenario.name}: ${out.requests} requests, ${out.rps.toFixed(1)} req/s, p50 ${out.p50Ms} ms, p99 ${out.p99Ms} ms, ` +
        `${out.errors} errors, ${out.timeouts} timeouts, ${out.non2xx} non-2xx; server peak RSS ${out.serverPeakRssMb.toFixed(0)} MB; ` +
        `/api/health afterwards ${healthAfterMs === null ? 'no answer within 120 s' : `${healthAfterMs.toFixed(0)} ms`}`,
    );
    return out;
  } finally {
    if (!exited) {
      server.child.kill('SIGTERM');
      const stopped = await Promise.race([server.done.then(() => true), sleep(5000).then(() => false)]);
      if (!stopped) server.child.kill('SIGKILL');
      await server.done;
    }
  }
}
