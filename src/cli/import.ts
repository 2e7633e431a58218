import { statSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { importFiles } from '../import/service.js';
import { EncodingLabelError, resolveEncodingLabel } from '../import/encoding.js';
import { formatIssue, formatSummary } from '../import/report.js';
import { DATE_ORDERS, type DateOrder } from '../import/values.js';
import { withDatabase, withDbOption, writeIssuesCsv, type DbOption } from './shared.js';

interface ImportFlags extends DbOption {
  dryRun?: boolean;
  replace?: boolean;
  format?: string;
  season?: number;
  production?: string;
  kind?: 'tv' | 'film';
  dateOrder?: DateOrder;
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
      .description('import credit sheets, long (one row per credit) or wide (one row per episode); all files in one transaction')
      .argument('<files...>', 'CSV files')
      .option('--dry-run', 'validate and report what would change, write nothing')
      .option(
        '--replace',
        'each file replaces the stored credits it covers: in the episodes it lists, for the roles it gives, stored credits it leaves out are removed (try with --dry-run first)',
      )
      .addOption(new Option('--format <layout>', 'sheet layout (default: told from the header)').choices(['auto', 'long', 'wide']))
      .option('--season <n>', 'season number for rows without one (a sheet of one season)', parseSeasonFlag)
      .option('--production <title>', 'production title for rows without one')
      .addOption(new Option('--kind <kind>', 'tv or film, for rows without a kind (a film has no season or episode)').choices(['tv', 'film']))
      .addOption(
        new Option('--date-order <order>', 'how the sheet writes dates such as 3/8/2018: mdy (March 8) or dmy (3 August) (default: only unambiguous ones are read)').choices(
          DATE_ORDERS,
        ),
      )
      .option('--errors-out <file>', 'write every problem found as CSV (file,line,column,value,message)')
      .option('--delimiter <char>', 'field delimiter (default: an Excel sep= first line, else detected from the header line)')
      .option(
        '--encoding <name>',
        'text encoding, e.g. utf-8, utf-16le, windows-1252 (default: a BOM says, else UTF-8, else windows-1252 when plausible)',
        parseEncodingFlag,
      ),
  ).action(async (files: string[], flags: ImportFlags) => {
    const summary = await withDatabase(flags, (db) =>
      importFiles(
        db,
        files.map((path) => ({ path })),
        {
          dryRun: flags.dryRun ?? false,
          replace: flags.replace ?? false,
          ...(flags.format ? { format: flags.format as 'auto' | 'long' | 'wide' } : {}),
          ...(flags.season !== undefined ? { season: flags.season } : {}),
          ...(flags.production !== undefined ? { production: flags.production } : {}),
          ...(flags.kind !== undefined ? { kind: flags.kind } : {}),
          ...(flags.dateOrder !== undefined ? { dateOrder: flags.dateOrder } : {}),
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

function parseSeasonFlag(value: string): number {
  if (!/^\d{1,6}$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number such as 2, got "${value}"`);
  return Number(value);
}

/** Checked before any file is opened: a typo is one clear message, not an issue per file. */
function parseEncodingFlag(label: string): string {
  try {
    return resolveEncodingLabel(label);
  } catch (err) {
    if (err instanceof EncodingLabelError) throw new InvalidArgumentError(err.message);
    throw err;
  }
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
