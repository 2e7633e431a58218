/**
 * Concurrent use: while `crewcount import` runs in a child process on a
 * SQLite file, readers in this process hammer the HTTP API of createApp,
 * opened on its own connection to the same file (openReady). Every answer
 * must be a success and show either the totals before the import or the
 * totals after it, never a mixture.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createApp } from '../../src/http/app.js';
import { openReady } from '../../src/setup.js';
import { copyDb, startCli, within, type CliCommand } from './soak-common.js';

/** A reading: what one endpoint says the database holds, reduced to one number. */
export interface Probe {
  path: string;
  measure(body: string): number;
}

const sumTotals = (rows: Array<{ unit: string; total: number | string }>): number =>
  rows.filter((r) => r.unit === 'credit').reduce((n, r) => n + Number(r.total), 0);

/** Sum of `total` over all credit-unit rows, from the JSON API, the CSV export and the listing. */
export const PROBES: readonly Probe[] = [
  { path: '/api/stats', measure: (body) => sumTotals((JSON.parse(body) as { rows: Array<{ unit: string; total: number }> }).rows) },
  { path: '/api/stats?unit=credit', measure: (body) => sumTotals((JSON.parse(body) as { rows: Array<{ unit: string; total: number }> }).rows) },
  { path: '/api/stats.csv?unit=credit', measure: (body) => sumTotals(parse(body, { columns: true }) as Array<{ unit: string; total: string }>) },
  {
    path: '/api/productions',
    measure: (body) =>
      (JSON.parse(body) as { productions: Array<{ seasons: Array<{ credits: number }> }> }).productions.reduce(
        (n, p) => n + p.seasons.reduce((m, s) => m + s.credits, 0),
        0,
      ),
  },
];

export interface ReadersOptions {
  cli: CliCommand;
  sheet: string;
  seededDb: string;
  dir: string;
  /** Reader loops running at once. */
  readers: number;
  probes?: readonly Probe[];
  log?: (line: string) => void;
}

export interface ReadersReport {
  before: Record<string, number>;
  after: Record<string, number>;
  /** Readings taken while the import ran, by what they showed. */
  reads: number;
  sawBefore: number;
  sawAfter: number;
  errors: string[];
  partial: string[];
  /** Answers "busy, retry after N s" (then waited out and asked again): the stats limit at work, not an error. */
  busy: number;
  importStatus: number | null;
}

export async function readersDuringImport(o: ReadersOptions): Promise<ReadersReport> {
  const probes = o.probes ?? PROBES;
  const work = path.join(o.dir, 'readers-work.sqlite');
  copyDb(o.seededDb, work);
  const db = await openReady(work);
  const server = createApp({ db }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let busy = 0;
  /**
   * One reading, as a well-behaved client takes it: a 503 with Retry-After
   * (the whole-database stats limit, src/http/stats-limit.ts, when three
   * such readers overlap a recomputation) is waited out and asked again.
   */
  const read = async (probe: Probe): Promise<number> => {
    for (;;) {
      const res = await fetch(base + probe.path);
      const body = await res.text();
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 503 && retryAfter > 0) {
        busy++;
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
        continue;
      }
      if (res.status !== 200) throw new Error(`${probe.path}: HTTP ${res.status}: ${body.slice(0, 300)}`);
      return probe.measure(body);
    }
  };
  try {
    const before: Record<string, number> = {};
    for (const p of probes) before[p.path] = await read(p);

    const run = startCli(o.cli, ['import', o.sheet, '--db', work]);
    let done = false;
    void run.done.then(() => (done = true));
    const errors: string[] = [];
    const seen: Array<[string, number]> = [];
    const loop = async (k: number): Promise<void> => {
      for (let i = k; !done; i++) {
        const probe = probes[i % probes.length]!;
        try {
          seen.push([probe.path, await read(probe)]);
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: o.readers }, (_, k) => loop(k)));
    const result = await within(run.done, 600_000, 'the import');
    if (result.status !== 0) errors.push(`the import exited ${result.status ?? result.signal}: ${result.stderr.slice(0, 500)}`);

    const after: Record<string, number> = {};
    for (const p of probes) after[p.path] = await read(p);
    const partial = seen.filter(([p, v]) => v !== before[p] && v !== after[p]).map(([p, v]) => `${p}: ${v} (before ${before[p]}, after ${after[p]})`);
    const report: ReadersReport = {
      before,
      after,
      reads: seen.length,
      sawBefore: seen.filter(([p, v]) => v === before[p]).length,
      sawAfter: seen.filter(([p, v]) => v === after[p] && v !== before[p]).length,
      errors,
      partial,
      busy,
      importStatus: result.status,
    };
    o.log?.(`readers: ${report.reads} readings during the import (${report.sawBefore} before, ${report.sawAfter} after), ${busy} busy answers waited out, ${errors.length} errors, ${partial.length} partial`);
    return report;
  } finally {
    server.close();
    server.closeAllConnections();
    await db.destroy();
  }
}
