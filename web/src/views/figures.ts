/** The two charts of a production, as figure specs: titles, findings in words, sources, tables, downloads. */
import { statsCsvUrl, type ImportFile, type Production, type StatsRow } from '../api';
import { drawBars } from '../charts/bars';
import { drawTrend } from '../charts/trend';
import type { FigureSpec } from '../figure';
import { baseName, crewNoun, gapWords, isolate, listNames, pct, platformCaveat, roleLabel, roleNoun, seasonLabel, seasonName, shortBaseline, unitPhrase, unitShort } from '../format';
import { evidencePhrase } from '../provenance';
import { linkedSeason, toSearch, type ViewState } from '../state';
import { seasonTable, trendTable } from '../tables';

export interface ProductionData {
  state: ViewState & { season: number };
  production: Production;
  rows: StatsRow[]; // every season and role of the production, in the chosen unit
  imports: ImportFile[];
}

/** The view as its links name it: a film's without a season (see linkedSeason). */
export const linkState = (d: ProductionData): ViewState => ({ ...d.state, season: linkedSeason(d.production.kind, d.state.season) });

/** The season an API query about the shown season names: none for a film, whose query is the whole production. */
export const querySeason = (d: ProductionData): number | undefined => linkState(d).season ?? undefined;

/** The source line of a production's chart: `imports` are the files its credits came from (GET /api/imports?production=…). */
export function dataSource(imports: ImportFile[]): string {
  const files = [...new Set(imports.filter((i) => i.outcome === 'committed').map((i) => isolate(baseName(i.file))))];
  return files.length > 0 ? `Source: CrewCount database, credits imported from ${listNames(files)}.` : 'Source: CrewCount database.';
}

/** "Boxed In (Center …); population; read in …" → "Center …; population; read in …" when the label already names the report. */
function withoutReport(label: string, source: string): string {
  const i = source.indexOf(' (');
  return i > 0 && label.startsWith(source.slice(0, i)) ? source.slice(i + 2).replace(')', '') : source;
}

/** How a matched baseline differs from the season it sits beside: another period, another platform. */
function baselineCaveats(r: StatsRow): string {
  const caveats = [r.baseline_exact_period ? null : 'nearest period', platformCaveat(r)].filter(Boolean);
  return caveats.length > 0 ? ` (${caveats.join('; ')})` : '';
}

/**
 * One line per distinct baseline: which roles it sits beside, report, period,
 * population, unit, where it was read, and how it differs from the season.
 */
export function baselineSources(rows: StatsRow[], by: (r: StatsRow) => string): string[] {
  const groups = new Map<string, { row: StatsRow; keys: string[] }>();
  for (const r of rows) {
    if (!r.baseline_label) continue;
    // The caveats are part of the key: one season's nearest-period match must not take another's exact one's line.
    const key = `${r.baseline_label}|${r.baseline_source}|${baselineCaveats(r)}`;
    const g = groups.get(key) ?? { row: r, keys: [] };
    if (!g.keys.includes(by(r))) g.keys.push(by(r));
    groups.set(key, g);
  }
  if (groups.size === 0) return ['Baseline: none matches (no air date recorded, or no published figure for this role).'];
  return [...groups.values()].map(
    ({ row, keys }) =>
      `Baseline (${listNames(keys, 'more')}): ${isolate(row.baseline_label!)}${baselineCaveats(row)}; ${isolate(withoutReport(row.baseline_label!, row.baseline_source ?? ''))}`,
  );
}

function against(r: StatsRow): string {
  if (r.baseline_share === null || r.gap_pp === null) return 'no baseline';
  // The report's name after the figure: "the The Celluloid Ceiling 2017 baseline" is what naming it first made of a report called "The …".
  return `${gapWords(r.gap_pp)} the baseline of ${pct(r.baseline_share)} (${isolate(shortBaseline(r.baseline_label))})`;
}

/** "(95% interval 12.0% to 40.0%, small sample)": what a reader of the chart sees as a whisker and a marker. */
const intervalWords = (r: StatsRow): string => `(95% interval ${pct(r.ci95_low)} to ${pct(r.ci95_high)}${r.small_sample ? ', small sample' : ''})`;

function seasonFinding(d: ProductionData, rows: StatsRow[]): string {
  const first = rows[0];
  const where = `${isolate(d.production.title)}, ${seasonLabel(d.state.season, first?.season_year ?? null, d.production.kind).toLowerCase()}, counted ${unitShort(d.state.unit, d.production.kind)}`;
  if (rows.length === 0) return `${where}: no credits recorded.`;
  const known = rows.filter((r) => r.share_women !== null);
  // `all` sums the roles: with no one of known gender in it, there is no one in any role.
  if (known.length === 0) return `${where}: no one credited is of known gender, so there is no share of women to report.`;
  const parts = known.map(
    (r) => `${pct(r.share_women)} of ${crewNoun(r.role)} ${intervalWords(r)}, ${against(r)}`,
  );
  const none = rows.filter((r) => r.share_women === null).map((r) => roleNoun(r.role));
  return `${where}: women were ${parts.join('; ')}.${none.length > 0 ? ` Among ${listNames(none, 'more roles')}, no one is of known gender.` : ''}`;
}

function trendFinding(d: ProductionData, rows: StatsRow[]): string {
  const parts = rows.map(
    (r) =>
      `${seasonLabel(r.season, r.season_year, r.kind).toLowerCase()} ${r.share_women === null ? 'no one of known gender' : `${pct(r.share_women)} ${intervalWords(r)}`}${r.baseline_share !== null ? ` against a baseline of ${pct(r.baseline_share)}` : ''}`,
  );
  const over = d.production.kind === 'film' ? '' : ', season by season'; // a film has one point, not a series of seasons
  return `Share of women among ${crewNoun(d.state.role)} of ${isolate(d.production.title)}, counted ${unitShort(d.state.unit, d.production.kind)}${over}: ${parts.join('; ') || 'no credits recorded'}.`;
}

const stem = (d: ProductionData, ...what: string[]) => ['crewcount', d.production.slug, ...what, d.state.unit].join('-');

/** "s2" in a season's file names; a film has no season, so its names have none. */
const seasonPart = (d: ProductionData): string[] => {
  const season = linkState(d).season;
  return season === null ? [] : [`s${season}`];
};

export function seasonFigure(d: ProductionData): FigureSpec {
  const rows = d.rows.filter((r) => r.season === d.state.season);
  const year = rows[0]?.season_year ?? null;
  const title = `Women behind the camera: ${isolate(d.production.title)}, ${seasonLabel(d.state.season, year, d.production.kind).toLowerCase()}`;
  return {
    id: 'season-chart',
    name: `${seasonName(d.state.season, d.production.kind)} by role`,
    title,
    subtitle: `Share of women among crew of known gender, by role; ${unitPhrase(d.state.unit, d.production.kind)}. Whiskers: 95% intervals.${evidencePhrase(d.state.evidence)}`,
    sources: [dataSource(d.imports), ...baselineSources(rows, (r) => roleNoun(r.role))],
    finding: seasonFinding(d, rows),
    csvUrl: statsCsvUrl({ production: d.production.slug, season: querySeason(d), unit: d.state.unit, minEvidence: d.state.evidence ?? undefined }),
    csvName: `${stem(d, ...seasonPart(d))}.csv`,
    pngName: `${stem(d, ...seasonPart(d))}.png`,
    embedSearch: toSearch({ ...linkState(d), chart: 'bars' }, { embed: true }),
    table: seasonTable(`${title}: share of women and counts by role (${unitShort(d.state.unit, d.production.kind)})`, rows),
    draw: (canvas) => drawBars(canvas, rows),
  };
}

export function trendFigure(d: ProductionData): FigureSpec {
  const rows = d.rows.filter((r) => r.role === d.state.role);
  const film = d.production.kind === 'film';
  // A film has no seasons: its one point is the film beside its baseline.
  const title = `Share of women among ${crewNoun(d.state.role)}: ${isolate(d.production.title)}, ${film ? 'the film beside its baseline' : 'season by season'}`;
  return {
    id: 'trend-chart',
    name: `${roleLabel(d.state.role).toLowerCase()}, ${film ? 'the film beside its baseline' : 'season by season'}`,
    title,
    subtitle: `Share of women among ${d.state.role === 'all' ? 'the crew of known gender in all credited roles' : `${roleNoun(d.state.role)} of known gender`}; ${unitPhrase(d.state.unit, d.production.kind)}. Whiskers: 95% intervals.${evidencePhrase(d.state.evidence)}`,
    sources: [dataSource(d.imports), ...baselineSources(rows, (r) => seasonName(r.season, r.kind))],
    finding: trendFinding(d, rows),
    csvUrl: statsCsvUrl({ production: d.production.slug, role: d.state.role, unit: d.state.unit, minEvidence: d.state.evidence ?? undefined }),
    csvName: `${stem(d, d.state.role)}.csv`,
    pngName: `${stem(d, `${d.state.role}-trend`)}.png`,
    embedSearch: toSearch({ ...linkState(d), chart: 'trend' }, { embed: true }),
    table: trendTable(`${title} (${unitShort(d.state.unit, d.production.kind)})`, rows),
    draw: (canvas) => drawTrend(canvas, rows),
  };
}
