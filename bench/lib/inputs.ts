/**
 * What every benchmark needs: the deterministic 1M-credit sheet, the
 * CrewCount database imported from it, the sqlite3 shell's raw table of it,
 * and small statistics helpers. Each input is made once and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { generateSheet } from '../generate-sheet.js';

export const OUT = path.join(PROJECT_ROOT, 'bench', 'out');
export const SHEET = path.join(OUT, 'sheet.csv');
export const DB = path.join(OUT, 'bench-1m.sqlite');
export const RAW = path.join(OUT, 'raw-1m.sqlite');
export const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
export const CREDITS = 1_000_000;

export const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Write `target` through a temporary file renamed into place, so a half-made file is never taken for a finished one. */
export async function makeOnce(target: string, what: string, make: (tmp: string) => Promise<void> | void): Promise<void> {
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  log(`making ${path.relative(PROJECT_ROOT, target)} (${what}) …`);
  const t = performance.now();
  await make(tmp);
  for (const suffix of ['-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
  renameSync(tmp, target);
  log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

export function run(cmd: string, args: string[], input?: string): { stdout: string; stderr: string } {
  const res = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { stdout: res.stdout, stderr: res.stderr };
}

export function ensureSqlite3(): void {
  if (!spawnSync('sqlite3', ['--version']).error) return;
  if (process.getuid?.() !== 0) throw new Error('the sqlite3 shell is not installed (apt-get install sqlite3)');
  log('installing the sqlite3 shell with apt-get …');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'sqlite3']);
}

export async function prepareInputs(): Promise<void> {
  await makeOnce(SHEET, `${CREDITS.toLocaleString('en')} credits`, async (tmp) => {
    await generateSheet(tmp, CREDITS);
  });
  await makeOnce(DB, 'crewcount import', (tmp) => {
    run(process.execPath, [CLI, 'import', SHEET, '--db', tmp]);
  });
  ensureSqlite3();
  await makeOnce(RAW, 'sqlite3 .import --csv', (tmp) => {
    run('sqlite3', [tmp, `.import --csv ${SHEET} raw`]);
  });
}

// ---------------------------------------------------------------------------
// Measurements

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};


export interface ChildMeasure {
  seconds: number;
  peakRssMb: number;
  /** CPU time the process used, user and system, all threads. */
  cpuSeconds: number;
  stdout: string;
  stderr: string;
}

/** Run a Node script as a child process; its wall time, peak RSS and CPU time (from bench/lib/report-rss.cjs). */
export function measureNode(args: string[]): ChildMeasure {
  const preload = path.join(PROJECT_ROOT, 'bench', 'lib', 'report-rss.cjs');
  const t = performance.now();
  const res = spawnSync(process.execPath, ['-r', preload, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = (performance.now() - t) / 1000;
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  const m = /CREWCOUNT_PEAK_RSS_KB=(\d+)/.exec(res.stderr);
  const cpu = /CREWCOUNT_CPU_US=(\d+)/.exec(res.stderr);
  return { seconds, peakRssMb: m ? Number(m[1]) / 1024 : NaN, cpuSeconds: cpu ? Number(cpu[1]) / 1e6 : NaN, stdout: res.stdout, stderr: res.stderr };
}

/** Wall time of a command. */
export function timeCommand(cmd: string, args: string[], input?: string): number {
  const t = performance.now();
  run(cmd, args, input);
  return (performance.now() - t) / 1000;
}
