/**
 * Where a recorded gender comes from, strongest evidence first. The order is
 * the ranking `--min-evidence` cuts at: a gender resting on weaker evidence
 * than asked for is counted as unknown.
 */
import { memoise, spellingKey } from './text.js';

export const GENDER_SOURCES = ['self-identified', 'public-statement', 'press-pronouns', 'name-inferred', 'unknown'] as const;
export type GenderSource = (typeof GENDER_SOURCES)[number];
/** A minimum evidence level that excludes something: every level but the weakest. */
export type EvidenceLevel = Exclude<GenderSource, 'unknown'>;

/** What each level means, for help texts, the README and the dashboard. */
export const GENDER_SOURCE_LABELS: Readonly<Record<GenderSource, string>> = {
  'self-identified': 'self-identified',
  'public-statement': 'public statement',
  'press-pronouns': 'press pronouns',
  'name-inferred': 'name inferred',
  unknown: 'unrecorded',
};

/** Spellings accepted in people sheets and in the min-evidence option (matched on spellingKey: case, spaces and hyphens ignored, other punctuation not). */
export const GENDER_SOURCE_SYNONYMS: Readonly<Record<GenderSource, readonly string[]>> = {
  'self-identified': ['self-identified', 'self identified', 'self', 'self-id', 'self-reported', 'self reported'],
  'public-statement': ['public-statement', 'public statement', 'statement', 'own words'],
  'press-pronouns': ['press-pronouns', 'press pronouns', 'press', 'pronouns'],
  'name-inferred': ['name-inferred', 'name inferred', 'inferred', 'inferred from name'],
  // '' is the blank cell: no recorded provenance.
  unknown: ['', 'unknown', '?', 'n/a', 'none', 'unrecorded'],
};

const bySpelling = new Map<string, GenderSource>();
for (const source of GENDER_SOURCES) {
  for (const spelling of GENDER_SOURCE_SYNONYMS[source]) bySpelling.set(spellingKey(spelling), source);
}

/** Canonical gender source for a cell, or undefined when the spelling is not known. */
export const parseGenderSource: (cell: string) => GenderSource | undefined = memoise((cell) => bySpelling.get(spellingKey(cell)));

export function isGenderSource(value: string): value is GenderSource {
  return (GENDER_SOURCES as readonly string[]).includes(value);
}

/** Higher is stronger: self-identified 4 … unknown 0. */
export function evidenceRank(source: GenderSource): number {
  return GENDER_SOURCES.length - 1 - GENDER_SOURCES.indexOf(source);
}

/** Whether a gender resting on `source` counts when at least `minimum` is required. */
export function meetsEvidence(source: GenderSource, minimum: GenderSource): boolean {
  return evidenceRank(source) >= evidenceRank(minimum);
}
