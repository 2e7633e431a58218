import type { Knex } from 'knex';
import { changeCounterFiresAlways } from '../dialect.js';

/**
 * PostgreSQL: the change counter's triggers fire in every session mode, also
 * under session_replication_role = replica, which the bulk insert of
 * credits uses to check foreign keys per call rather than per row
 * (src/db/dialects/pg-key-checks.ts). Without this an import could add credits
 * without bumping the counter, and cached stats would go stale.
 */
export async function up(knex: Knex): Promise<void> {
  await changeCounterFiresAlways(knex, true);
}

export async function down(knex: Knex): Promise<void> {
  await changeCounterFiresAlways(knex, false);
}
