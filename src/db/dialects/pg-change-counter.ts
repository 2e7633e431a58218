/**
 * PostgreSQL's change token: a one-row counter that a statement-level
 * trigger bumps on every write to a table the stats read, in the writing
 * transaction, so it becomes visible exactly when the write does. SQLite
 * needs none (PRAGMA data_version). Only the dialect module calls this.
 */
import type { Knex } from 'knex';

const COUNTER = 'crewcount_changes';
const BUMP = 'crewcount_bump_changes';
/** Every table whose content a stats answer depends on. */
const WATCHED = ['productions', 'seasons', 'episodes', 'people', 'roles', 'credits', 'baselines'];

export async function createPgChangeCounter(knex: Knex): Promise<void> {
  await knex.schema.createTable(COUNTER, (t) => {
    t.boolean('one').primary().defaultTo(true); // a single row
    t.bigInteger('n').notNullable().defaultTo(0);
  });
  await knex(COUNTER).insert({ one: true, n: 0 });
  await knex.raw(`CREATE FUNCTION ${BUMP}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE ${COUNTER} SET n = n + 1; RETURN NULL; END $$`);
  for (const table of WATCHED) {
    await knex.raw(`CREATE TRIGGER ${BUMP} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${BUMP}()`);
  }
}

export async function dropPgChangeCounter(knex: Knex): Promise<void> {
  for (const table of WATCHED) await knex.raw(`DROP TRIGGER IF EXISTS ${BUMP} ON ${table}`);
  await knex.raw(`DROP FUNCTION IF EXISTS ${BUMP}()`);
  await knex.schema.dropTableIfExists(COUNTER);
}

/** ENABLE ALWAYS (fire under session_replication_role = replica too) or plain ENABLE again. */
export async function pgChangeCounterFiresAlways(knex: Knex, always: boolean): Promise<void> {
  for (const table of WATCHED) await knex.raw(`ALTER TABLE ${table} ENABLE ${always ? 'ALWAYS ' : ''}TRIGGER ${BUMP}`);
}

/** The counter's value as a token ("pg:" and the count). */
export async function pgChangeToken(db: Knex): Promise<string> {
  const row = (await db(COUNTER).first('n')) as { n: number | string } | undefined;
  return `pg:${String(row?.n ?? 0)}`;
}
