/**
 * A throwaway PostgreSQL server for the test suite, started from the
 * machine's own binaries (Debian's postgresql package). initdb refuses to
 * run as root, so as root the cluster is created and run as the `postgres`
 * user. It listens on 127.0.0.1 on a free port, trusts local connections,
 * and is stopped and deleted when the suite ends.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface Cluster {
  url: string;
  /** The cluster's data directory (postmaster.pid names its server process). */
  dataDir: string;
  stop(): void;
}

const say = (line: string): void => void process.stderr.write(`[postgres] ${line}\n`);

/** The newest PostgreSQL bin directory on the machine, installing the package when root and missing. */
export function postgresBinDir(): string {
  const find = (): string | undefined => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
  };
  let dir = find();
  if (!dir && process.getuid?.() === 0) {
    say('no PostgreSQL server binaries found: installing Debian\'s postgresql package with apt-get …');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    dir = find();
  }
  if (!dir) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, or set TEST_DATABASE_URL)');
  return dir;
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'crewcount-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const runAs = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const res = spawnSync(file, argv, { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.stdout}`);
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  say(`starting a throwaway cluster in ${dir} on 127.0.0.1:${port} (${bin})`);
  runAs(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  runAs(path.join(bin, 'pg_ctl'), [
    '-D', data, '-l', path.join(dir, 'server.log'), '-w', 'start',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: data,
    stop() {
      say('stopping the throwaway cluster');
      try {
        runAs(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
