/**
 * Validated people records → stored gender records, inside the caller's
 * transaction. A person not yet stored is created; a stored person whose
 * record differs gets the new one, and the one it replaces goes to
 * gender_history, so no earlier value or its evidence is ever lost.
 */
import type { Knex } from 'knex';
import { insertPeopleWithGender, peopleGendersByKey, replacePersonGender, type GenderRecord } from '../db/people-store.js';
import type { PersonGenderRecord } from './types.js';

export interface PeopleLoadCounts {
  peopleNew: number;
  peopleUpdated: number;
  peopleUnchanged: number;
  gendersChanged: number;
}

export function sameGenderRecord(a: GenderRecord, b: GenderRecord): boolean {
  return a.gender === b.gender && a.source === b.source && a.sourceUrl === b.sourceUrl && a.note === b.note;
}

const zeroCounts = (): PeopleLoadCounts => ({ peopleNew: 0, peopleUpdated: 0, peopleUnchanged: 0, gendersChanged: 0 });

/**
 * `records`: one per person (the caller has merged repeats). `importIdOf`: the ledger entry of a
 * record's file, if any. Returns the counts, in all and by file.
 */
export async function loadPeople(
  trx: Knex.Transaction,
  records: readonly PersonGenderRecord[],
  importIdOf: (record: PersonGenderRecord) => number | null,
  now: string,
): Promise<{ counts: PeopleLoadCounts; byFile: Map<string, PeopleLoadCounts> }> {
  const counts = zeroCounts();
  const byFile = new Map<string, PeopleLoadCounts>();
  const count = (r: PersonGenderRecord, field: keyof PeopleLoadCounts): void => {
    counts[field]++;
    let own = byFile.get(r.file);
    if (!own) byFile.set(r.file, (own = zeroCounts()));
    own[field]++;
  };
  const stored = await peopleGendersByKey(
    trx,
    records.map((r) => r.key),
  );
  const created: PersonGenderRecord[] = [];
  for (const r of records) {
    const before = stored.get(r.key);
    if (!before) {
      created.push(r);
      count(r, 'peopleNew');
    } else if (sameGenderRecord(before, r)) {
      count(r, 'peopleUnchanged');
    } else {
      await replacePersonGender(trx, before.id, before, r, importIdOf(r), now);
      count(r, 'peopleUpdated');
      if (before.gender !== r.gender) count(r, 'gendersChanged');
    }
  }
  await insertPeopleWithGender(trx, created);
  return { counts, byFile };
}
