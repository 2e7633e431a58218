/**
 * The migrations in order. Listed statically (instead of read from a folder)
 * so the same list runs from TypeScript sources and from compiled dist/.
 */
import type { Knex } from 'knex';
import * as createProductions from './20260101000100-create-productions.js';
import * as createSeasons from './20260101000200-create-seasons.js';
import * as createEpisodes from './20260101000300-create-episodes.js';
import * as createPeople from './20260101000400-create-people.js';
import * as createRoles from './20260101000500-create-roles.js';
import * as createImports from './20260101000600-create-imports.js';
import * as createCredits from './20260101000700-create-credits.js';
import * as createBaselines from './20260101000800-create-baselines.js';
import * as addGenderProvenance from './20260101000900-add-gender-provenance.js';
import * as addReleaseYear from './20260101001000-add-release-year.js';
import * as ledgerOwner from './20260101001100-ledger-owner.js';
import * as changeCounter from './20260101001200-change-counter.js';
import * as changeCounterAlways from './20260101001300-change-counter-always.js';
import * as seasonPlatform from './20260101001400-season-platform.js';
import * as cleanStoredNames from './20260101001500-clean-stored-names.js';
import * as ledgerCreditsRemoved from './20260101001600-ledger-credits-removed.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<[string, Migration]> = [
  ['20260101000100-create-productions', createProductions],
  ['20260101000200-create-seasons', createSeasons],
  ['20260101000300-create-episodes', createEpisodes],
  ['20260101000400-create-people', createPeople],
  ['20260101000500-create-roles', createRoles],
  ['20260101000600-create-imports', createImports],
  ['20260101000700-create-credits', createCredits],
  ['20260101000800-create-baselines', createBaselines],
  ['20260101000900-add-gender-provenance', addGenderProvenance],
  ['20260101001000-add-release-year', addReleaseYear],
  ['20260101001100-ledger-owner', ledgerOwner],
  ['20260101001200-change-counter', changeCounter],
  ['20260101001300-change-counter-always', changeCounterAlways],
  ['20260101001400-season-platform', seasonPlatform],
  ['20260101001500-clean-stored-names', cleanStoredNames],
  ['20260101001600-ledger-credits-removed', ledgerCreditsRemoved],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};
