/**
 * Every production's latest season: share of women per role and overall,
 * beside its baseline, sortable; seasons where women directed fewer than 15%
 * of episodes (the DGA's line) are marked in words, not colour alone. Films
 * have no episodes: they are never held to that TV line.
 */
import { api, type StatsRow } from '../api';
import { h } from '../dom';
import { baselineNotes, pct, ROLE_ORDER, roleLabel, roleNoun, seasonLabel, shortBaseline, signedPp, UNIT_SHORT } from '../format';
import { linkedSeason, navigate, replaceQuietly, toSearch, type ViewState } from '../state';
import { scrollable } from '../tables';
import { controls } from './controls';
import { evidencePhrase, provenanceText } from '../provenance';
import { filterSummary, matchesTitle, titleFilter } from './overview-filter';
import type { View } from './view';

/** The DGA's line: women directed 15% of episodes in its 2011-12 episodic television report. */
export const DGA_LINE = 0.15;

interface Line {
  slug: string;
  title: string;
  kind: 'tv' | 'film';
  season: number;
  year: number | null;
  byRole: Map<string, StatsRow>;
  dga: StatsRow | undefined; // directors, episode unit; none for a film, which has no episodes
}

type Column = { key: string; label: string; value: (l: Line) => number | string | null; cell: (l: Line) => HTMLTableCellElement };

function shareCell(l: Line, role: string): HTMLTableCellElement {
  const r = l.byRole.get(role);
  if (!r) return h('td', { class: 'num muted' }, '–');
  const side = r.gap_pp === null ? '' : r.gap_pp < 0 ? '▼ below' : r.gap_pp > 0 ? '▲ above' : 'level with';
  return h(
    'td',
    { class: 'num', attrs: { 'data-field': 'share_women', 'data-role': role, 'data-value': JSON.stringify(r.share_women) } },
    h('div', { class: 'value' },
      h('span', { class: 'share' }, pct(r.share_women)),
      r.small_sample ? h('span', { class: 'flag' }, ' small sample') : null,
      h('span', { class: 'baseline-note' }, r.baseline_share === null ? 'no baseline' : `${side} baseline ${pct(r.baseline_share)}`),
      ...baselineNotes(r).map((c) => h('span', { class: 'baseline-note baseline-caveat' }, c)),
      h('span', { class: 'baseline-note provenance-note' }, provenanceText(r)),
    ),
  );
}

/** "2 (2018)" under "Latest season"; a film has no seasons: "Film (2019)". */
const latestSeason = (l: Line): string => (l.kind === 'film' ? seasonLabel(l.season, l.year, 'film') : `${l.season}${l.year ? ` (${l.year})` : ''}`);

function dgaCell(l: Line): HTMLTableCellElement {
  if (l.kind === 'film') return filmDgaCell(l);
  const share = l.dga?.share_women ?? null;
  if (share === null) return h('td', { class: 'muted' }, 'no directors of known gender');
  const below = share < DGA_LINE;
  return h('td', { class: below ? 'below-line' : undefined, attrs: { 'data-below-dga': String(below) } }, below ? `▼ Below the 15% line: ${pct(share)}` : `${pct(share)}`);
}

/** The DGA's line counts TV episodes and a film has none: say so, and name the film's own directors baseline instead. */
function filmDgaCell(l: Line): HTMLTableCellElement {
  const own = l.byRole.get('director');
  const baseline =
    own?.baseline_share == null
      ? 'no directors baseline matched'
      : `its ${roleNoun('director')} baseline: ${shortBaseline(own.baseline_label)}, ${pct(own.baseline_share)}${baselineNotes(own).map((c) => `; ${c}`).join('')}`;
  return h('td', { class: 'muted', attrs: { 'data-film': '' } }, `Not compared: a film has no episodes, and the 15% line is for TV episodes; ${baseline}`);
}

function columns(roles: string[]): Column[] {
  return [
    { key: 'title', label: 'Production', value: (l) => l.title.toLowerCase(), cell: (l) => h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: toSearch({ ...current, production: l.slug, season: linkedSeason(l.kind, l.season) }), 'data-nav': '' } }, l.title)) },
    { key: 'season', label: 'Latest season', value: (l) => l.year ?? l.season, cell: (l) => h('td', { class: 'nowrap' }, latestSeason(l)) },
    ...roles.map((role): Column => ({ key: role, label: `${roleLabel(role)}, % women`, value: (l) => l.byRole.get(role)?.share_women ?? null, cell: (l) => shareCell(l, role) })),
    { key: 'gap', label: 'Gap, all roles', value: (l) => l.byRole.get('all')?.gap_pp ?? null, cell: (l) => h('td', { class: 'num' }, signedPp(l.byRole.get('all')?.gap_pp ?? null)) },
    { key: 'dga', label: 'Directors, % of episodes (DGA 15% line)', value: (l) => l.dga?.share_women ?? null, cell: dgaCell },
  ];
}

/**
 * The state the overview's links, sort buttons and controls build on. The
 * filter updates its `q` in place as one types, so a sort or a unit chosen
 * next keeps the filter.
 */
let current: ViewState;

function sortLines(lines: Line[], column: Column, dir: 'asc' | 'desc'): Line[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...lines].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // no figure: always last
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.title.localeCompare(b.title);
  });
}

function latestLines(rows: StatsRow[], dga: StatsRow[]): Line[] {
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.production, Math.max(latest.get(r.production) ?? 0, r.season));
  const lines = new Map<string, Line>();
  for (const r of rows) {
    if (r.season !== latest.get(r.production)) continue;
    let l = lines.get(r.production);
    if (!l) {
      const director = r.kind === 'film' ? undefined : dga.find((d) => d.production === r.production && d.season === r.season);
      lines.set(r.production, (l = { slug: r.production, title: r.title, kind: r.kind, season: r.season, year: r.season_year, byRole: new Map(), dga: director }));
    }
    l.byRole.set(r.role, r);
  }
  return [...lines.values()];
}

/**
 * The filter lives in the URL (?q=), replaced key by key rather than pushed:
 * a copied link or a reload shows the same rows, and Back leaves the overview
 * instead of undoing one letter at a time.
 */
function onFilter(q: string): void {
  current.q = q;
  replaceQuietly(current);
}

export async function overviewView(state: ViewState): Promise<View> {
  current = { ...state };
  const minEvidence = state.evidence ?? undefined;
  const [productions, rows, dga] = await Promise.all([
    api.productions(),
    api.stats({ unit: state.unit, minEvidence }),
    api.stats({ role: 'director', unit: 'episode', minEvidence }),
  ]);
  const lines = latestLines(rows, dga);
  const roles = ROLE_ORDER.filter((r) => rows.some((row) => row.role === r));
  const cols = columns(roles);
  const sortBy = cols.find((c) => c.key === state.sort) ?? cols[0]!;
  const header = h(
    'tr',
    { attrs: { role: 'row' } },
    ...cols.map((c) => {
      const active = c === sortBy;
      const dir = active && state.dir === 'asc' ? 'desc' : 'asc';
      return h(
        'th',
        { attrs: { scope: 'col', role: 'columnheader', 'aria-sort': active ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined } },
        h('button', { class: 'sort', attrs: { type: 'button', id: `sort-${c.key}` }, on: { click: () => navigate({ ...current, sort: c.key, dir }) } }, c.label, h('span', { class: 'sort-mark', attrs: { 'aria-hidden': 'true' } }, active ? (state.dir === 'asc' ? ' ↑' : ' ↓') : ' ↕')),
      );
    }),
  );
  // Explicit roles keep the table a table for screen readers when a phone's stylesheet stacks its rows as cards.
  const body = sortLines(lines, sortBy, state.dir).map((l) => ({
    title: l.title,
    row: h(
      'tr',
      { attrs: { role: 'row', 'data-production': l.slug }, class: (l.dga?.share_women ?? 1) < DGA_LINE ? 'below-line-row' : undefined },
      ...cols.map((c) => {
        const cell = c.cell(l);
        cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell');
        cell.dataset.label = c.label;
        return cell;
      }),
    ),
  }));
  const tbody = h('tbody', {});
  const table = h(
    'table',
    { class: 'data-table overview-table', attrs: { id: 'overview-table', role: 'table' } },
    h('caption', {}, `Latest season of each production: share of women among crew of known gender, counted ${UNIT_SHORT[state.unit]}, beside the matched baseline.${evidencePhrase(state.evidence)} Choose a column heading to sort.`),
    h('thead', {}, header),
    tbody,
  );
  const shown = body.filter((r) => matchesTitle(r.title, state.q)).length;
  return {
    title: 'CrewCount: women behind the camera',
    controls: controls(current, { productions }),
    nodes: [
      h('h1', {}, 'Women behind the camera, production by production'),
      h('p', { class: 'lede' },
        `${lines.length} production${lines.length === 1 ? '' : 's'}. Each row is the latest season with credits, counted ${UNIT_SHORT[state.unit]}. `,
        '“▼ Below the 15% line” marks a season in which women directed fewer than 15% of episodes, the share the DGA reported for 2011-12 (counted per episode, whatever the unit chosen above). Films have no episodes and are not held to this TV line: their rows show their own baseline (The Celluloid Ceiling). A baseline from the nearest period, or measuring another platform than the season’s, says so under its figure. Choose a production for its charts and the credits behind them.',
      ),
      h('section', { class: 'overview-list', attrs: { 'aria-labelledby': 'overview-list-title' } },
        h('h2', { attrs: { id: 'overview-list-title' } }, 'Productions'),
        ...(lines.length === 0
          ? [h('p', {}, 'No credits imported yet: run crewcount import FILE.')]
          : [titleFilter(state.q, tbody, body, onFilter), scrollable('Productions table', table)]),
      ),
    ],
    announce: `Overview of ${lines.length} productions, counted ${UNIT_SHORT[state.unit]}.${state.q.trim() ? ` ${filterSummary(shown, lines.length, state.q)}` : ''}`,
  };
}
