/**
 * The import ledger marks a run interrupted only when its process is gone:
 * each entry records its owner (pid and host), and the next import, whether
 * it commits or fails, marks the running entries of dead owners and leaves
 * those of live ones (an import waiting for the lock) alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEntries, markInterrupted, openEntry, thisProcess } from '../../src/db/ledger.js';
import { importFiles } from '../../src/import/service.js';
import { freshDb, tempFile } from '../helpers/db.js';

/** A pid no process can have: the kernel hands out pids below pid_max. */
const NO_SUCH_PID = ((): number => {
  try {
    return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim());
  } catch {
    return 2 ** 22; // Linux's largest pid_max
  }
})();

const sheetOf = (...rows: string[]): string => ['series,season,episode,role,person,gender', ...rows].join('\n') + '\n';
const good = (): string => tempFile('good.csv', sheetOf('Ledger Show,1,1,director,Ana Ruiz,woman'));
const bad = (): string => tempFile('bad.csv', sheetOf('Ledger Show,1,1,gaffer,Ana Ruiz,woman'));

let db: Knex;
let alive: ChildProcess | undefined;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(async () => {
  if (alive && alive.exitCode === null && alive.signalCode === null) {
    alive.kill('SIGKILL');
    await once(alive, 'exit');
  }
  alive = undefined;
  await db.destroy();
});

/** A process that stays alive until the test ends, standing in for an import waiting for the lock. */
async function liveProcess(): Promise<number> {
  alive = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await once(alive, 'spawn');
  return alive.pid!;
}

const outcomeOf = async (id: number): Promise<string | undefined> => (await listEntries(db)).find((r) => r.id === id)?.outcome;

describe('import ledger owners', () => {
  it('records the pid and host of the importing process', async () => {
    await importFiles(db, [{ path: good(), name: 'good.csv' }]);
    const [entry] = await listEntries(db);
    expect(entry).toMatchObject({ outcome: 'committed', owner_pid: process.pid, owner_host: thisProcess().host });
  });

  it('a run whose process is gone is marked interrupted by the next import, even when that import fails', async () => {
    const dead = await openEntry(db, 'killed.csv', { pid: NO_SUCH_PID, host: thisProcess().host });
    const summary = await importFiles(db, [{ path: bad(), name: 'bad.csv' }]);
    expect(summary.committed).toBe(false);
    const rows = await listEntries(db);
    expect(rows.find((r) => r.id === dead)).toMatchObject({ outcome: 'interrupted', message: expect.stringMatching(/stopped before it finished/) });
    expect(rows.at(-1)).toMatchObject({ file_name: 'bad.csv', outcome: 'failed' });
  });

  it('a run whose process is alive (an import waiting for the lock) stays running, through a committed and a failed import', async () => {
    const waiting = await openEntry(db, 'waiting.csv', { pid: await liveProcess(), host: thisProcess().host });
    expect((await importFiles(db, [{ path: good(), name: 'good.csv' }])).committed).toBe(true);
    expect((await importFiles(db, [{ path: bad(), name: 'bad.csv' }])).committed).toBe(false);
    expect(await outcomeOf(waiting)).toBe('running');
    // once that process is gone, the next import marks it
    // SIGKILL, as a crash would: a test runner's worker may pass on an ignored SIGTERM
    alive!.kill('SIGKILL');
    await once(alive!, 'exit');
    await importFiles(db, [{ path: bad(), name: 'bad.csv' }]);
    expect(await outcomeOf(waiting)).toBe('interrupted');
  });

  it('a run of another process of this one (a concurrent import in the same server) and a run on another host are left running', async () => {
    const sameProcess = await openEntry(db, 'upload.csv');
    const elsewhere = await openEntry(db, 'remote.csv', { pid: NO_SUCH_PID, host: `not-${thisProcess().host}` });
    expect(await markInterrupted(db, [])).toEqual([]);
    await importFiles(db, [{ path: good(), name: 'good.csv' }]);
    expect([await outcomeOf(sameProcess), await outcomeOf(elsewhere)]).toEqual(['running', 'running']);
  });

  it('rows from before owners were recorded keep the old rule: running and not ours means dead', async () => {
    const [legacy] = await db('imports').insert({ file_name: 'old.csv', sha256: '', outcome: 'running', started_at: '2025-01-01T00:00:00.000Z' }).returning('id');
    const id = Number(typeof legacy === 'object' ? legacy.id : legacy);
    expect(await markInterrupted(db, [])).toEqual([id]);
    expect(await outcomeOf(id)).toBe('interrupted');
  });

  it('a dry run marks nothing', async () => {
    const dead = await openEntry(db, 'killed.csv', { pid: NO_SUCH_PID, host: thisProcess().host });
    await importFiles(db, [{ path: good(), name: 'good.csv' }], { dryRun: true });
    expect(await outcomeOf(dead)).toBe('running');
  });
});
