/** The stats row, with the same field names in the CLI, the API and every export. */
export const STATS_FIELDS = [
  'production',
  'title',
  'kind',
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
  'gap_pp',
] as const;

export interface StatsRow {
  production: string;
  title: string;
  kind: 'tv' | 'film';
  season: number;
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
  gap_pp: number | null;
}

/** Fewer known-gender people than this and a share is flagged as a small sample. */
export const SMALL_SAMPLE = 10;
