import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import cliProgress from 'cli-progress';
import { importFiles } from '../import/service.js';
import { formatIssue, formatSummary } from '../import/report.js';
import type { ImportIssue } from '../import/types.js';
import { withDatabase, withDbOption, type DbOption } from './shared.js';

interface ImportFlags extends DbOption {
  dryRun?: boolean;
  errorsOut?: string;
  delimiter?: string;
  encoding?: string;
}

/** Files above this size get a progress bar (on a terminal only). */
const PROGRESS_MIN_BYTES = 8 << 20;

export function registerImport(program: Command): void {
  withDbOption(
    program
      .command('import')
      .description('import long-format credit sheets (one row per credit); all files in one transaction')
      .argument('<files...>', 'CSV files')
      .option('--dry-run', 'validate and report what would change, write nothing')
      .option('--errors-out <file>', 'write every problem found as CSV (file,line,column,value,message)')
      .option('--delimiter <char>', 'field delimiter (default: detected from the header line)')
      .option('--encoding <name>', 'text encoding (default: detected; UTF-8 unless a BOM says otherwise)'),
  ).action(async (files: string[], flags: ImportFlags) => {
    const summary = await withDatabase(flags, (db) =>
      importFiles(
        db,
        files.map((path) => ({ path })),
        {
          dryRun: flags.dryRun ?? false,
          ...(flags.delimiter ? { delimiter: flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter } : {}),
          ...(flags.encoding ? { encoding: flags.encoding } : {}),
          ...progressFor(files),
        },
      ),
    );
    for (const issue of summary.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    if (flags.errorsOut) await writeIssuesCsv(flags.errorsOut, summary.issues);
    process.stdout.write(`${formatSummary(summary)}\n`);
    if (summary.issues.length > 0) process.exitCode = 1;
  });
}

function progressFor(files: string[]): { onBytes?: (file: string, bytes: number) => void } {
  const total = files.reduce((n, f) => n + (safeSize(f) ?? 0), 0);
  if (!process.stderr.isTTY || total < PROGRESS_MIN_BYTES) return {};
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'importing {bar} {percentage}% | {value}/{total} MB', clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.ceil(total / 1e6), 0);
  const done = new Map<string, number>();
  return {
    onBytes(file, bytes) {
      done.set(file, bytes);
      const sum = [...done.values()].reduce((a, b) => a + b, 0);
      bar.update(Math.round(sum / 1e6));
      if (sum >= total) bar.stop();
    },
  };
}

function safeSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

async function writeIssuesCsv(path: string, issues: ImportIssue[]): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: ['file', 'line', 'column', 'value', 'message'] });
  csv.pipe(out);
  for (const i of issues) csv.write([i.file, i.line, i.column, i.value, i.message]);
  csv.end();
  await once(out, 'finish');
}
