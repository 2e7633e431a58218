/**
 * formatStatsTable's figures: percentages and gaps to one decimal place,
 * an exact half rounded away from zero however the binary float falls.
 */
import { describe, expect, it } from 'vitest';
import type { StatsRow } from '../../src/stats/fields.js';
import { formatStatsTable } from '../../src/stats/table.js';

function row(fields: Partial<StatsRow>): StatsRow {
  return {
    production: 'show',
    title: 'Show',
    kind: 'tv',
    platform: null,
    season: 1,
    season_year: 2016,
    role: 'director',
    unit: 'person',
    women: 1,
    men: 1,
    non_binary: 0,
    unknown: 0,
    total: 2,
    known: 2,
    share_women: 0.5,
    ci95_low: 0.1,
    ci95_high: 0.9,
    small_sample: true,
    coverage: 1,
    baseline_share: null,
    baseline_label: null,
    baseline_source: null,
    baseline_exact_period: null,
    baseline_exact_platform: null,
    gap_pp: null,
    min_evidence: null,
    evidence_self_identified: 0,
    evidence_public_statement: 0,
    evidence_press_pronouns: 0,
    evidence_name_inferred: 0,
    evidence_unrecorded: 2,
    ...fields,
  };
}

/** The table's cells for one row, split on the two-space column gap. */
const cells = (r: StatsRow): string[] => formatStatsTable([r]).split('\n')[1]!.trim().split(/ {2,}/);

describe('formatStatsTable', () => {
  it('rounds a share that is an exact decimal half away from zero, whichever way its float falls', () => {
    // 23/80 is 0.2875, stored as 0.28749999…; 1/16 is 0.0625 exactly: both are halves in percent
    expect(cells(row({ share_women: 23 / 80 }))).toContain('28.8%');
    expect(cells(row({ share_women: 41 / 80 }))).toContain('51.3%');
    expect(cells(row({ share_women: 1 / 16 }))).toContain('6.3%');
    expect(cells(row({ share_women: 0.0125 }))).toContain('1.3%');
    expect(cells(row({ share_women: 0.28749 }))).toContain('28.7%');
    expect(cells(row({ ci95_low: 23 / 80, ci95_high: 41 / 80 }))).toContain('28.8%–51.3%');
  });

  it('rounds a gap’s half away from zero on either side of the baseline', () => {
    const gap = (gap_pp: number) => cells(row({ baseline_share: 0.3, baseline_label: 'B', baseline_source: 'S', gap_pp })).at(-2);
    expect(gap(0.15)).toBe('+0.2 pp'); // 0.15 is stored as 0.1499999…
    expect(gap(-0.15)).toBe('-0.2 pp');
    expect(gap(1.45)).toBe('+1.5 pp');
    expect(gap(-1.45)).toBe('-1.5 pp');
    expect(gap(0.25)).toBe('+0.3 pp');
    expect(gap(-0.25)).toBe('-0.3 pp');
    expect(gap(-3.04)).toBe('-3.0 pp');
    expect(gap(0)).toBe('0.0 pp');
    // a gap that rounds to zero has no sign either way
    expect(gap(0.04)).toBe('0.0 pp');
    expect(gap(-0.04)).toBe('0.0 pp');
  });
});
