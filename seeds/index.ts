/**
 * The seeds in order, for knex's seed runner. Listed statically, like the
 * migrations, so they run the same from sources and from dist/.
 */
import type { Knex } from 'knex';
import * as baselines from './01-baselines.js';
import * as sampleCredits from './02-sample-credits.js';
import * as samplePeople from './03-sample-people.js';

type Seed = { seed(knex: Knex): Promise<void> };
const SEEDS: ReadonlyArray<[string, Seed]> = [
  ['01-baselines', baselines],
  ['02-sample-credits', sampleCredits],
  ['03-sample-people', samplePeople],
];

const seedSource = {
  getSeeds: async () => SEEDS.map(([name]) => name),
  getSeed: async (name: string) => SEEDS.find(([n]) => n === name)![1],
};

/** Run the named seeds (default: all) through knex's seed runner. */
export async function runSeeds(db: Knex, names: string[] = SEEDS.map(([n]) => n)): Promise<void> {
  const source = { ...seedSource, getSeeds: async () => names };
  // knex's typings predate custom seed sources; the runner only calls getSeeds and getSeed.
  await db.seed.run({ seedSource: source } as unknown as Knex.SeederConfig);
}

/** Baselines are reference data every database needs; they are loaded when the table is empty. */
export async function ensureBaselines(db: Knex): Promise<void> {
  await runSeeds(db, ['01-baselines']);
}
