import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { parseExportRequest, prepareExport } from '../export/service.js';
import { withDatabase, withDbOption, type DbOption } from './shared.js';

interface ExportFlags extends DbOption {
  format: string;
  out?: string;
  production?: string;
  season?: string;
  role?: string;
  unit?: string;
  minEvidence?: string;
  bom?: boolean;
}

export function registerExport(program: Command): void {
  withDbOption(
    program
      .command('export')
      .description('export stats, credits (the canonical import format) or baselines as CSV or JSON')
      .argument('<what>', 'stats, credits or baselines')
      .option('--format <format>', 'csv or json', 'csv')
      .option('--out <file>', 'write to a file instead of standard output')
      .option('--production <slug-or-title>', 'one production')
      .option('--season <n>', 'one season')
      .option('--role <role>', 'one role (or all)')
      .option('--unit <unit>', 'stats only: credit, person or episode')
      .option('--min-evidence <level>', 'stats only: count genders resting on weaker evidence as unknown (self-identified, public-statement, press-pronouns, name-inferred)')
      .option('--bom', 'start the CSV with a UTF-8 byte-order mark (for Excel)'),
  ).action(async (what: string, flags: ExportFlags) => {
    const request = parseExportRequest(what, flags.format, { ...flags, min_evidence: flags.minEvidence, bom: flags.bom ? '1' : undefined });
    await withDatabase(flags, async (db) => {
      const { fileName, write } = await prepareExport(db, request);
      if (!flags.out) {
        await write(process.stdout);
        return;
      }
      const out = createWriteStream(flags.out);
      await write(out);
      out.end();
      await once(out, 'finish');
      process.stderr.write(`wrote ${flags.out} (${fileName})\n`);
    });
  });
}
