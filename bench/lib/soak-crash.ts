/**
 * Crash safety: `crewcount import SHEET --db FILE` killed with SIGKILL at
 * random moments. After every kill the file must pass PRAGMA
 * integrity_check (and foreign_key_check) and hold exactly the content it
 * held before that import or exactly what a complete import gives (content
 * checksums, see soak-common), never a part. The ledger must tell the same
 * story: an import that was killed before it committed is left `running`
 * (no process is left to close it) until a later import starts (opens its
 * own ledger row), which marks it `interrupted` whether or not that import
 * then commits; one whose commit landed is `committed`.
 *
 * The moment of each kill is drawn from a seeded PRNG: `anytime` kills fall
 * uniformly over a whole run (start-up included), `mid-import` kills wait
 * for the import's ledger row to appear and then fall uniformly over the
 * rest of the run. `wal-growing` kills as soon as the -wal file grows while
 * the import runs: SQLite is writing the transaction's pages (for a small
 * import, that is its commit), the moment a half-written file is likeliest.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { copyDb, fileChecksum, integrityCheck, ledgerRows, openFile, Rand, sleep, startCli, within, type CliCommand, type LedgerRow } from './soak-common.js';

export type KillAim = 'anytime' | 'mid-import' | 'wal-growing';
const AIMS: readonly KillAim[] = ['mid-import', 'wal-growing', 'anytime'];
/** 'wal-growing' kills once the -wal file has grown by this much since the import began: its pages are being written. */
const WAL_GROWTH = 256 << 10;

export interface CrashOptions {
  cli: CliCommand;
  sheet: string;
  /** A closed SQLite file with the starting content (copied, never changed). */
  seededDb: string;
  dir: string;
  /** SIGKILLs to deliver (runs that finish before their kill are not counted). */
  kills: number;
  seed: number;
  /** How the kill moments are drawn; 'mixed' takes each way in turn. */
  aim: KillAim | 'mixed';
  log?: (line: string) => void;
}

export interface KillRecord {
  n: number;
  aim: KillAim;
  /** When the signal was sent, from the start of the run (start-up included). */
  atMs: number;
  /** What the file held afterwards. */
  state: 'before' | 'after' | 'partial';
  /** The killed run's ledger row: none yet, still running, or committed. */
  ledger: 'none' | 'running' | 'committed' | string;
  /** Size of the -wal file when the signal was sent (import writes in progress show here). */
  walBytes: number;
}

export interface CrashReport {
  before: string;
  after: string;
  /** Wall time of one complete run (start-up included) and of its import alone (ledger row to exit). */
  fullRunMs: number;
  importMs: number;
  kills: KillRecord[];
  /** Runs that finished before their kill moment. */
  finishedBeforeKill: number;
  /** Ledger rows of killed runs that a later committed import marked interrupted. */
  markedInterrupted: number;
  problems: string[];
}

const SIGKILL = 'SIGKILL';

interface CheckedState {
  state: KillRecord['state'];
  rows: LedgerRow[];
}

/** integrity_check, foreign_key_check and the content checksum of `file`. */
function inspect(file: string, before: string, after: string, problems: string[], label: string): CheckedState {
  const conn = openFile(file);
  try {
    const integrity = integrityCheck(conn);
    if (integrity !== 'ok') problems.push(`${label}: integrity_check says ${integrity}`);
    const fk = conn.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`${label}: foreign_key_check lists ${fk.length} rows`);
    const sum = fileChecksum(file, conn);
    const state = sum.sha256 === before ? 'before' : sum.sha256 === after ? 'after' : 'partial';
    if (state === 'partial') problems.push(`${label}: the database holds neither the state before nor after the import (rows: ${JSON.stringify(sum.rows)})`);
    return { state, rows: ledgerRows(conn) };
  } finally {
    conn.close();
  }
}

/** Wait until `file`'s ledger has a row past `afterId` (the import under way), or the child exits. */
async function waitForLedgerRow(file: string, afterId: number, exited: () => boolean): Promise<boolean> {
  while (!exited()) {
    if (existsSync(file)) {
      try {
        const conn = openFile(file);
        try {
          const row = conn.prepare('SELECT id FROM imports WHERE id > ? LIMIT 1').get(afterId);
          if (row) return true;
        } finally {
          conn.close();
        }
      } catch {
        // the child may be creating or migrating the file: look again
      }
    }
    await sleep(5);
  }
  return false;
}

const maxId = (rows: LedgerRow[]): number => rows.reduce((m, r) => Math.max(m, r.id), 0);
const walSize = (file: string): number => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

export async function crashSoak(o: CrashOptions): Promise<CrashReport> {
  const log = o.log ?? (() => undefined);
  const rand = new Rand(o.seed);
  const problems: string[] = [];
  const before = fileChecksum(o.seededDb).sha256;

  // A complete run: the state after, and how long a run takes.
  const ref = path.join(o.dir, 'crash-reference.sqlite');
  copyDb(o.seededDb, ref);
  const refStart = performance.now();
  const refRun = startCli(o.cli, ['import', o.sheet, '--db', ref]);
  let refExited = false;
  void refRun.done.then(() => (refExited = true));
  await waitForLedgerRow(ref, maxId(inspect(o.seededDb, before, before, problems, 'seeded database').rows), () => refExited);
  const rowSeenAt = performance.now();
  const refResult = await within(refRun.done, 600_000, 'the reference import');
  const fullRunMs = performance.now() - refStart;
  const importMs = performance.now() - rowSeenAt;
  if (refResult.status !== 0) throw new Error(`the reference import exited ${refResult.status ?? refResult.signal}: ${refResult.stderr}`);
  const after = fileChecksum(ref).sha256;
  if (after === before) throw new Error('the reference import changed nothing: pick a sheet with new credits');
  log(`crash: a complete run takes ${(fullRunMs / 1000).toFixed(2)} s, its import ${(importMs / 1000).toFixed(2)} s`);

  const work = path.join(o.dir, 'crash-work.sqlite');
  copyDb(o.seededDb, work);
  const kills: KillRecord[] = [];
  let finishedBeforeKill = 0;
  let markedInterrupted = 0;
  /** Ledger ids of killed runs not yet marked interrupted. */
  let pending: number[] = [];

  for (let attempt = 0; kills.length < o.kills && attempt < o.kills * 4; attempt++) {
    const aim: KillAim = o.aim === 'mixed' ? AIMS[attempt % AIMS.length]! : o.aim;
    const lastId = maxId(inspect(work, before, after, problems, 'before the run').rows);
    const run = startCli(o.cli, ['import', o.sheet, '--db', work]);
    let exited = false;
    void run.done.then(() => (exited = true));
    let delayMs: number;
    const started = performance.now();
    if (aim === 'mid-import') {
      await waitForLedgerRow(work, lastId, () => exited);
      delayMs = rand.next() * importMs;
    } else if (aim === 'wal-growing') {
      await waitForLedgerRow(work, lastId, () => exited);
      const from = walSize(work);
      while (!exited && walSize(work) < from + WAL_GROWTH) await sleep(1);
      delayMs = 0;
    } else {
      delayMs = rand.next() * fullRunMs;
    }
    await Promise.race([sleep(delayMs), run.done]);
    let wal = 0;
    const atMs = performance.now() - started;
    if (!exited) {
      wal = walSize(work);
      run.child.kill(SIGKILL);
    }
    const result = await within(run.done, 600_000, 'the killed import');
    if (result.signal !== SIGKILL) {
      // it finished first: a complete import, not a kill
      finishedBeforeKill++;
      if (result.status !== 0) problems.push(`an import that was not killed exited ${result.status}: ${result.stderr.slice(0, 500)}`);
    }
    const label = `kill ${kills.length + 1} (${aim}, ${atMs.toFixed(0)} ms into the run)`;
    const { state, rows } = inspect(work, before, after, problems, label);
    const fresh = rows.filter((r) => r.id > lastId);
    if (fresh.length > 1) problems.push(`${label}: ${fresh.length} new ledger rows for one run`);
    const own = fresh[0];
    const ledger = own ? own.outcome : 'none';
    if (state === 'after') {
      if (ledger !== 'committed') problems.push(`${label}: the import's content is there, its ledger row says ${ledger}`);
      for (const id of pending) {
        const row = rows.find((r) => r.id === id);
        if (row?.outcome !== 'interrupted') problems.push(`${label}: killed run #${id} is ${row?.outcome} after a later import committed, expected interrupted`);
        else if (!row.message) problems.push(`${label}: interrupted run #${id} has no message`);
        else markedInterrupted++;
      }
    } else if (state === 'before') {
      if (ledger !== 'none' && ledger !== 'running') problems.push(`${label}: nothing was kept, yet the ledger row says ${ledger}`);
      // A later run that got as far as its own ledger row may have marked the earlier killed runs
      // (outside its transaction, so its own kill does not undo that); one that did not, cannot have.
      const stillPending: number[] = [];
      for (const id of pending) {
        const row = rows.find((r) => r.id === id);
        if (row?.outcome === 'running') stillPending.push(id);
        else if (row?.outcome === 'interrupted' && row.message && own) markedInterrupted++;
        else problems.push(`${label}: killed run #${id} is ${row?.outcome}${own ? '' : ' though no import has started since'}, expected running or interrupted with a message`);
      }
      pending = stillPending;
    }
    if (result.signal === SIGKILL) {
      kills.push({ n: kills.length + 1, aim, atMs, state, ledger, walBytes: wal });
      log(`crash: kill ${kills.length}/${o.kills} (${aim}) ${(atMs / 1000).toFixed(2)} s into the run: ${state}, ledger ${ledger}, wal ${(wal / 1e6).toFixed(2)} MB`);
    }
    if (state === 'after') {
      // start again from the seeded content, so the next kill has an import to interrupt
      copyDb(o.seededDb, work);
      pending = [];
    } else if (own?.outcome === 'running') {
      pending.push(own.id);
    }
  }
  if (kills.length < o.kills) problems.push(`only ${kills.length} of ${o.kills} runs could be killed before they finished`);

  // The next import runs to the end: it commits the sheet and marks every killed run interrupted.
  if (pending.length > 0) {
    const lastId = maxId(inspect(work, before, after, problems, 'before the final run').rows);
    const final = await within(startCli(o.cli, ['import', o.sheet, '--db', work]).done, 600_000, 'the final import');
    if (final.status !== 0) problems.push(`the import after the kills exited ${final.status ?? final.signal}: ${final.stderr.slice(0, 500)}`);
    const { state, rows } = inspect(work, before, after, problems, 'after the final run');
    if (state !== 'after') problems.push(`after the final run the database is ${state}, expected after`);
    const own = rows.filter((r) => r.id > lastId);
    if (own.length !== 1 || own[0]!.outcome !== 'committed') problems.push(`the final run's ledger rows: ${JSON.stringify(own.map((r) => r.outcome))}`);
    for (const id of pending) {
      const row = rows.find((r) => r.id === id);
      if (row?.outcome === 'interrupted' && row.message) markedInterrupted++;
      else problems.push(`killed run #${id} is ${row?.outcome} after the final import, expected interrupted with a message`);
    }
  }
  return { before, after, fullRunMs, importMs, kills, finishedBeforeKill, markedInterrupted, problems };
}
