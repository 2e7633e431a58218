/**
 * CPU time a local PostgreSQL server has used, from /proc (Linux): its
 * postmaster's own time, the time of the children it has reaped (backends
 * of connections that closed: the kernel adds them to its cutime/cstime),
 * and the time of the children still running. The difference between two
 * readings is what the server did in between, whichever backend did it.
 * Used by bench:import on its throwaway cluster to show where the cores went.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Clock ticks per second, the unit of /proc/PID/stat's times. */
const TICKS = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcTimes {
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks. */
  ticks: number;
}

function procTimes(pid: number): ProcTimes | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after its last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14–17.
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) };
}

/** Seconds of CPU the server of `dataDir` has used so far (see above); NaN where /proc cannot tell. */
export function serverCpuSeconds(dataDir: string): number {
  try {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const own = procTimes(postmaster);
    if (!own) return NaN;
    let ticks = own.ticks;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = procTimes(Number(entry));
      if (child?.ppid === postmaster) ticks += child.ticks;
    }
    return ticks / TICKS;
  } catch {
    return NaN;
  }
}
