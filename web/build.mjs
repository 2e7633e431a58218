/**
 * Bundle the dashboard: web/src/main.ts (Chart.js and the annotation plugin
 * from npm, no CDN) → web/dist/app.js and app.css, minified. Prints each
 * file's size and its gzipped size. `node web/build.mjs` from any directory.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(webDir, 'dist');

const result = await build({
  entryPoints: { app: path.join(webDir, 'src', 'main.ts') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  sourcemap: 'linked',
  outdir,
  metafile: true,
  logLevel: 'warning',
});

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
for (const file of Object.keys(result.metafile.outputs).filter((f) => !f.endsWith('.map')).sort()) {
  const bytes = readFileSync(file);
  process.stdout.write(`web: ${path.relative(process.cwd(), file)}  ${kb(bytes.length)}  (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)\n`);
}
