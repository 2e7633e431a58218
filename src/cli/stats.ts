import type { Command } from 'commander';
import { writeStatsRows } from '../export/service.js';
import { computeStats, parseStatsQuery } from '../stats/service.js';
import { formatStatsTable } from '../stats/table.js';
import { UserError, withDatabase, withDbOption, type DbOption } from './shared.js';

interface StatsFlags extends DbOption {
  production?: string;
  season?: string;
  role?: string;
  unit?: string;
  minEvidence?: string;
  format: string;
}

export function registerStats(program: Command): void {
  withDbOption(
    program
      .command('stats')
      .description('season-level representation per role and overall, beside the matching industry baseline')
      .option('--production <slug-or-title>', 'one production')
      .option('--season <n>', 'one season')
      .option('--role <role>', 'director, writer, cinematographer, editor, creator, producer, executive_producer or all')
      .option('--unit <unit>', 'credit, person or episode (default: all three)')
      .option(
        '--min-evidence <level>',
        'count a gender resting on weaker evidence than this as unknown: self-identified, public-statement, press-pronouns or name-inferred (genders with no recorded source count as unknown under any level)',
      )
      .option('--format <format>', 'table, json or csv', 'table'),
  ).action(async (flags: StatsFlags) => {
    if (!['table', 'json', 'csv'].includes(flags.format)) throw new UserError(`--format must be table, json or csv, got "${flags.format}"`);
    const query = parseStatsQuery({
      production: flags.production,
      season: flags.season,
      role: flags.role,
      unit: flags.unit,
      min_evidence: flags.minEvidence,
    });
    const rows = await withDatabase(flags, (db) => computeStats(db, query));
    if (flags.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    // The export's writer: the same columns, and text made safe to open in a spreadsheet.
    else if (flags.format === 'csv') await writeStatsRows(process.stdout, rows, { format: 'csv' });
    else process.stdout.write(`${formatStatsTable(rows)}\n`);
  });
}
