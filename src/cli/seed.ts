import type { Command } from 'commander';
import { runSeeds } from '../../seeds/index.js';
import { withDatabase, withDbOption, type DbOption } from './shared.js';

export function registerSeed(program: Command): void {
  withDbOption(program.command('seed').description('load the baselines, the sample credits and the sample people sheet (safe to repeat)')).action(
    async (flags: DbOption) => {
      await withDatabase(flags, (db) => runSeeds(db));
      process.stdout.write('seeded: baselines, sample credits and sample people\n');
    },
  );
}
