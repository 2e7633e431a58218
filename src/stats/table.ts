/** Stats rows as an aligned plain-text table for people at a terminal. */
import { oneDecimal } from '../domain/decimals.js';
import { labelledPlatforms } from './baseline-match.js';
import type { StatsRow } from './fields.js';

const pct = (x: number | null): string => (x === null ? '–' : `${oneDecimal(x * 100)}%`);
/** A gap in points, signed unless it rounds to zero: "+2.5 pp", "-0.3 pp", "0.0 pp". */
function signedPp(gap: number): string {
  const text = oneDecimal(gap);
  return `${gap > 0 && text !== '0.0' ? '+' : ''}${text} pp`;
}
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export function formatStatsTable(rows: StatsRow[]): string {
  if (rows.length === 0) return 'no statistics: no credits match';
  const header = ['production', 'season', 'year', 'role', 'unit', 'women', 'men', 'nb', 'unknown', 'share women', '95% CI', 'coverage', 'baseline', 'gap', 'note'];
  const body = rows.map((r) => [
    r.production,
    r.season === null ? 'film' : String(r.season),
    r.season_year === null ? '–' : String(r.season_year),
    r.role,
    r.unit,
    num(r.women),
    num(r.men),
    num(r.non_binary),
    num(r.unknown),
    pct(r.share_women),
    r.ci95_low === null ? '–' : `${pct(r.ci95_low)}–${pct(r.ci95_high)}`,
    pct(r.coverage),
    r.baseline_share === null ? '–' : `${pct(r.baseline_share)}${baselineMarks(r)}`,
    r.gap_pp === null ? '–' : signedPp(r.gap_pp),
    r.small_sample ? 'small sample' : '',
  ]);
  const numeric = new Set([1, 2, 5, 6, 7, 8, 9, 11, 12, 13]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const labels = [...new Set(rows.filter((r) => r.baseline_label).map(baselineFootnote))];
  return [line(header), ...body.map(line), '', 'Baselines:', ...labels.map((l) => `  ${l}`), '', 'Shares are of people of known gender; unknown is counted and shown, never dropped.', ...evidenceNote(rows)].join('\n');
}

/** A baseline that is not the season's own: * from the nearest period, † measuring another platform. */
function baselineMarks(r: StatsRow): string {
  return `${r.baseline_exact_period === false ? '*' : ''}${r.baseline_exact_platform === false ? '†' : ''}`;
}

/** One matched baseline, cited, saying how it differs from the season: its period, the platforms it measures. */
function baselineFootnote(r: StatsRow): string {
  const period = r.baseline_exact_period === false ? ' (*nearest period)' : '';
  const platform =
    r.baseline_exact_platform === false
      ? ` (†measures ${labelledPlatforms(r.baseline_label ?? '') ?? 'some platforms'} only: not the production's platform, or that is not recorded)`
      : '';
  return `${r.baseline_label}${period}${platform}: ${r.baseline_source}`;
}

/** Under --min-evidence, say what it did: the counts above differ from the recorded genders'. */
function evidenceNote(rows: StatsRow[]): string[] {
  const level = rows[0]?.min_evidence;
  return level ? [`Minimum evidence ${level}: genders resting on weaker evidence (or on none recorded) are counted as unknown.`] : [];
}
