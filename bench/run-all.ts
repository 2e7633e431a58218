/**
 * npm run bench: every benchmark, one after the other, each in its own
 * process so that none inherits another's heap or caches. bench:import
 * always runs; the others run when they have been built. Exit status 1 when
 * any benchmark misses a target or fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = [
  { name: 'import', required: true },
  { name: 'stats', required: false },
  { name: 'export', required: false },
];

let failed = 0;
for (const { name, required } of BENCHES) {
  const script = path.join(HERE, `${name}.js`);
  if (!existsSync(script)) {
    if (required) {
      process.stderr.write(`bench:${name}: ${script} is missing (npm run build)\n`);
      failed++;
    }
    continue;
  }
  process.stderr.write(`\n=== bench:${name} ===\n`);
  const res = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (res.error || res.status !== 0) {
    process.stderr.write(`bench:${name} ${res.error ? `could not run: ${res.error.message}` : `exited with status ${res.status ?? res.signal}`}\n`);
    failed++;
  }
}
if (failed > 0) process.exitCode = 1;
