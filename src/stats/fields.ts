import type { EvidenceLevel } from '../domain/gender-sources.js';

/** The stats row, with the same field names in the CLI, the API and every export. */
export const STATS_FIELDS = [
  'production',
  'title',
  'kind',
  'platform',
  'season',
  'season_year',
  'role',
  'unit',
  'women',
  'men',
  'non_binary',
  'unknown',
  'total',
  'known',
  'share_women',
  'ci95_low',
  'ci95_high',
  'small_sample',
  'coverage',
  'baseline_share',
  'baseline_label',
  'baseline_source',
  'baseline_exact_period',
  'baseline_exact_platform',
  'gap_pp',
  'min_evidence',
  'evidence_self_identified',
  'evidence_public_statement',
  'evidence_press_pronouns',
  'evidence_name_inferred',
  'evidence_unrecorded',
] as const;

export interface StatsRow {
  production: string;
  title: string;
  kind: 'tv' | 'film';
  /** The season's network or service (its own, else the production's), as recorded; null when none is: the baseline is matched to it. */
  platform: string | null;
  /** null for a film, which has no seasons. */
  season: number | null;
  /** The year of the season's first air date; a film's release year. */
  season_year: number | null;
  role: string;
  unit: 'credit' | 'person' | 'episode';
  women: number;
  men: number;
  non_binary: number;
  unknown: number;
  total: number;
  known: number;
  share_women: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
  small_sample: boolean;
  coverage: number | null;
  baseline_share: number | null;
  baseline_label: string | null;
  baseline_source: string | null;
  baseline_exact_period: boolean | null;
  /** The baseline measures the production's platform (its kind, or its service where the baseline names services), or every platform when that is unknown; null: no baseline. */
  baseline_exact_platform: boolean | null;
  gap_pp: number | null;
  /** The minimum evidence applied (genders resting on weaker evidence counted as unknown); null: none. */
  min_evidence: EvidenceLevel | null;
  /** Known-gender amounts (in the row's unit) by the evidence behind the gender; they sum to `known`. */
  evidence_self_identified: number;
  evidence_public_statement: number;
  evidence_press_pronouns: number;
  evidence_name_inferred: number;
  /** Known genders with no recorded provenance (e.g. set by a credit sheet). */
  evidence_unrecorded: number;
}

/** Fewer known-gender people than this and a share is flagged as a small sample. */
export const SMALL_SAMPLE = 10;
