/**
 * bench:import's reading of a server's CPU time from /proc
 * (bench/lib/server-cpu.ts), tried on this test process standing in for a
 * postmaster: a data directory whose postmaster.pid names it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverCpuSeconds } from '../../bench/lib/server-cpu.js';
import { tempDir } from '../helpers/db.js';

/** Keep one core busy for `ms` of this process's CPU time. */
function burn(ms: number): void {
  const start = process.cpuUsage();
  let x = 0;
  while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ms) x += Math.sqrt(x + 1);
  expect(x).toBeGreaterThan(0);
}

describe('serverCpuSeconds', () => {
  it("counts the named process's CPU time, and grows as it works", () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    const own = process.cpuUsage();
    const before = serverCpuSeconds(dataDir);
    // /proc counts in clock ticks (10 ms): allow one tick each way.
    expect(before).toBeGreaterThanOrEqual((own.user + own.system) / 1e6 - 0.02);
    burn(300);
    expect(serverCpuSeconds(dataDir) - before).toBeGreaterThanOrEqual(0.28);
  });

  it('is NaN for a data directory without a running server', () => {
    expect(serverCpuSeconds(path.join(tempDir(), 'no-such-cluster'))).toBeNaN();
  });
});
