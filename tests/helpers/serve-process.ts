/** `crewcount serve` as a child process, for tests that need the real command line: started, read, stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from './free-port.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Served {
  port: number;
  /** What the server has written to stderr so far (its start lines). */
  stderr: string;
  /** Stop it (SIGTERM) and wait for it to exit; safe if it has exited already. */
  stop: () => Promise<void>;
}

/** Start `crewcount serve ARGS --port P` on a free port and wait until it says uploads are on or off (its last start line). */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  let stderr = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        if (stderr.includes('uploads: ')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stderr, stop };
}
