/**
 * Debian's chromium for the browser tests: installed with apt-get when it is
 * missing (as root), launched headless through playwright-core with the
 * network features that would reach out turned off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function run(command: string, args: string[]): void {
  process.stderr.write(`[browser tests] $ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) throw new Error(`[browser tests] could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`[browser tests] ${command} ${args.join(' ')} exited with status ${result.status}`);
}

/** Make sure /usr/bin/chromium exists, installing Debian's package when running as root. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new Error(
      `[browser tests] ${CHROMIUM} is missing and this process is not root, so it cannot install it. ` +
        'Install it first: sudo apt-get update && sudo apt-get install -y chromium',
    );
  }
  process.stderr.write(`[browser tests] ${CHROMIUM} is missing: installing Debian's chromium package with apt-get (this takes a minute or two)\n`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`[browser tests] apt-get finished but ${CHROMIUM} is still missing`);
  process.stderr.write(`[browser tests] chromium installed at ${CHROMIUM}\n`);
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

// `npx tsx tests/browser/chromium.ts` installs chromium ahead of a test run.
if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
