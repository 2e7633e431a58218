import type { Knex } from 'knex';
import { cleanText, identityKey } from '../../domain/text.js';

/** The marks cleanText has dropped since this migration (INVISIBLE_MARKS in src/domain/text.ts), one by one for LIKE. */
const MARKS = ['\u00ad', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

/**
 * People stored before cleanText dropped the invisible marks of copied web
 * text (left-to-right and right-to-left marks, soft hyphens, bidi controls)
 * keep them in their names and identity keys, which no row read now can
 * meet: importing the same sheet again would add each such person a second
 * time, and a people sheet would not find them. Their names and keys are
 * cleaned as an import cleans them now, unless the clean key is another
 * stored person's: then both stay, as two people (the import's name-variant
 * check pairs such names). Nothing to undo: the marks carried no letter.
 */
export async function up(knex: Knex): Promise<void> {
  const marked: Array<{ id: number; name: string; identity_key: string }> = await knex('people')
    .select('id', 'name', 'identity_key')
    .where((w) => {
      for (const mark of MARKS) void w.orWhere('name', 'like', `%${mark}%`);
    });
  for (const p of marked) {
    const name = cleanText(p.name);
    const key = identityKey(name);
    if (name === p.name && key === p.identity_key) continue;
    const other = await knex('people').where('identity_key', key).whereNot('id', p.id).first('id');
    if (other) continue;
    await knex('people').where('id', p.id).update({ name, identity_key: key });
  }
}

export async function down(): Promise<void> {
  // The marks are gone for good: nothing to restore.
}
