/**
 * A person's gender together with the evidence it rests on, as one small
 * integer: what the stats tallies count by, so that a minimum evidence level
 * can be applied after counting without counting again.
 *
 * Classes are numbered weakest evidence first (no recorded source: 0–3), so
 * that counts of people without any recorded provenance, all of a database
 * before its first people sheet, fit in the four entries gender counts
 * always took.
 */
import { GENDERS, type Gender } from './genders.js';
import { evidenceRank, GENDER_SOURCES, type GenderSource } from './gender-sources.js';

/** Gender × source: GENDERS.length × GENDER_SOURCES.length classes. */
export const CLASS_COUNT = GENDERS.length * GENDER_SOURCES.length;

/**
 * Counts by class (see classOf). Entries past the end are 0: an array holds
 * the four classes without a recorded source, and grows only as far as its
 * highest class with a count.
 */
export type ClassCounts = number[];

// A literal of four: V8 gives it room for exactly four numbers (an empty array that is pushed to
// gets room for seventeen), and the stats keep tens of thousands of these alive at once.
export const zeroClassCounts = (): ClassCounts => [0, 0, 0, 0];

export function classOf(gender: Gender, source: GenderSource): number {
  return evidenceRank(source) * GENDERS.length + GENDERS.indexOf(gender);
}

/** Index in GENDERS and in GENDER_SOURCES of each class, for loops that run once per stats row. */
export const CLASS_GENDER_INDEX: readonly number[] = Array.from({ length: CLASS_COUNT }, (_, c) => c % GENDERS.length);
export const CLASS_SOURCE_INDEX: readonly number[] = Array.from({ length: CLASS_COUNT }, (_, c) => GENDER_SOURCES.length - 1 - Math.floor(c / GENDERS.length));

export const genderOfClass = (c: number): Gender => GENDERS[CLASS_GENDER_INDEX[c]!]!;
export const sourceOfClass = (c: number): GenderSource => GENDER_SOURCES[CLASS_SOURCE_INDEX[c]!]!;

/** The count of class `c` (0 past the end of the array). */
export const countOf = (counts: Readonly<ClassCounts>, c: number): number => counts[c] ?? 0;

/** Add `n` to class `c`, lengthening the array with zeros as needed. */
export function addToClass(counts: ClassCounts, c: number, n: number): void {
  while (counts.length <= c) counts.push(0);
  counts[c]! += n;
}

export function addClassCounts(into: ClassCounts, add: Readonly<ClassCounts>): ClassCounts {
  while (into.length < add.length) into.push(0);
  for (let c = 0; c < add.length; c++) into[c]! += add[c] ?? 0;
  return into;
}

/**
 * SQL for the class of `people` row alias `p`: the same numbering as classOf,
 * for in-database grouping. A value outside the vocabularies (the CHECKs
 * forbid it) would count as unknown with no recorded source.
 */
export function classSql(alias = 'p'): string {
  const gender = `CASE ${alias}.gender ${GENDERS.map((g, i) => `WHEN '${g}' THEN ${i}`).join(' ')} ELSE ${GENDERS.indexOf('unknown')} END`;
  const rank = `CASE ${alias}.gender_source ${GENDER_SOURCES.map((s) => `WHEN '${s}' THEN ${evidenceRank(s)}`).join(' ')} ELSE 0 END`;
  return `(${rank}) * ${GENDERS.length} + (${gender})`;
}
