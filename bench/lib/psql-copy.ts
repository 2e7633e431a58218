/**
 * The PostgreSQL reference for bench:import: psql's `\copy` of the sheet
 * into a raw table (the sheet's eight columns as text, no key, no check) in
 * the database CrewCount imported into, which is PostgreSQL's own fastest
 * way in. Only the `\copy` is timed; the table is made before and dropped after.
 */
import { spawnSync } from 'node:child_process';
import { run } from './inputs.js';

const RAW_TABLE = 'crewcount_bench_raw';
const RAW_COLUMNS = ['series', 'season', 'episode', 'episode_title', 'air_date', 'role', 'person', 'gender'];

/** Whether the psql client can be run. */
export function havePsql(): boolean {
  return !spawnSync('psql', ['--version']).error;
}

/** Seconds psql takes to `\copy` `sheet` (a canonical long-format sheet with a header line) into a fresh raw table of `url`. */
export function psqlCopySeconds(url: string, sheet: string): number {
  if (!havePsql()) return NaN;
  const psql = (command: string): void => void run('psql', ['--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-q', '-d', url, '-c', command]);
  psql(`DROP TABLE IF EXISTS ${RAW_TABLE}; CREATE TABLE ${RAW_TABLE} (${RAW_COLUMNS.map((c) => `${c} text`).join(', ')})`);
  try {
    // \copy reads the file on the client side, as `crewcount import` does; the path is quoted for psql.
    const t = performance.now();
    psql(`\\copy ${RAW_TABLE} FROM '${sheet.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`);
    return (performance.now() - t) / 1000;
  } finally {
    psql(`DROP TABLE ${RAW_TABLE}`);
  }
}
