/**
 * The HTML data tables beside the charts: the same numbers, readable by
 * screen readers and copyable. Each number cell carries its raw value in
 * data-value (and its field in data-field) so tests can compare with the API.
 */
import type { Credit, StatsRow } from './api';
import { h, type Child } from './dom';
import { baselineNotes, count, knownAmount, pct, roleLabel, seasonLabel, signedPp } from './format';
import { provenanceCell } from './provenance';
import { FILM_EPISODE } from '../../src/domain/kinds.js';

type Cell = { field: keyof StatsRow; text: (r: StatsRow) => string };

const numberCell = (r: StatsRow, c: Cell) =>
  h('td', { class: 'num', attrs: { 'data-field': c.field, 'data-value': JSON.stringify(r[c.field]) } }, c.text(r));

function notes(r: StatsRow): string {
  const out: string[] = [];
  if (r.share_women === null) out.push('no one of known gender');
  else if (r.small_sample) out.push(`small sample: ${knownAmount(r)}`);
  if (r.baseline_share === null) out.push(`no baseline for this ${r.kind === 'film' ? 'film' : 'season'}`);
  out.push(...baselineNotes(r));
  if (r.coverage !== null && r.coverage < 1) out.push(`credited on ${pct(r.coverage)} of episodes`);
  return out.join('; ');
}

function table(caption: string, head: string[], body: HTMLTableRowElement[]): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
    h('tbody', {}, ...body),
  );
}

/** A table that may be wider than a phone scrolls on its own, reachable by keyboard. */
export function scrollable(label: string, content: HTMLElement): HTMLElement {
  return h('div', { class: 'table-wrap', attrs: { role: 'region', 'aria-label': label, tabindex: 0 } }, content);
}

const SEASON_CELLS: Cell[] = [
  { field: 'share_women', text: (r) => pct(r.share_women) },
  { field: 'ci95_low', text: (r) => pct(r.ci95_low) },
  { field: 'ci95_high', text: (r) => pct(r.ci95_high) },
  { field: 'women', text: (r) => count(r.women) },
  { field: 'men', text: (r) => count(r.men) },
  { field: 'non_binary', text: (r) => count(r.non_binary) },
  { field: 'unknown', text: (r) => count(r.unknown) },
  { field: 'known', text: (r) => count(r.known) },
  { field: 'coverage', text: (r) => pct(r.coverage) },
  { field: 'baseline_share', text: (r) => pct(r.baseline_share) },
  { field: 'gap_pp', text: (r) => signedPp(r.gap_pp) },
];
const SEASON_HEAD = ['Women %', '95% low', '95% high', 'Women', 'Men', 'Non-binary', 'Unknown', 'Known gender', 'Coverage', 'Baseline', 'Gap', 'Evidence behind known genders', 'Baseline report', 'Notes'];

/** One season, one row per role: what the bar chart shows, and the counts behind it. */
export function seasonTable(caption: string, rows: StatsRow[]): HTMLTableElement {
  return table(
    caption,
    ['Role', ...SEASON_HEAD],
    rows.map((r) =>
      h(
        'tr',
        { attrs: { 'data-role': r.role, class: r.small_sample ? 'small-sample' : undefined } },
        h('th', { attrs: { scope: 'row' } }, roleLabel(r.role)),
        ...SEASON_CELLS.map((c) => numberCell(r, c)),
        provenanceCell(r),
        h('td', { class: 'text' }, r.baseline_label ?? '–'),
        h('td', { class: 'text' }, notes(r)),
      ),
    ),
  );
}

/** One role across seasons: what the trend chart shows. */
export function trendTable(caption: string, rows: StatsRow[]): HTMLTableElement {
  return table(
    caption,
    [rows[0]?.kind === 'film' ? 'Film' : 'Season', ...SEASON_HEAD],
    rows.map((r) =>
      h(
        'tr',
        { attrs: { 'data-season': r.season } },
        h('th', { class: 'nowrap', attrs: { scope: 'row' } }, seasonLabel(r.season, r.season_year, r.kind)),
        ...SEASON_CELLS.map((c) => numberCell(r, c)),
        provenanceCell(r),
        h('td', { class: 'text' }, r.baseline_label ?? '–'),
        h('td', { class: 'text' }, notes(r)),
      ),
    ),
  );
}

interface EpisodeCredits {
  episode: number;
  title: string | null;
  airDate: string | null;
  byRole: Map<string, Credit[]>;
}

function groupByEpisode(credits: Credit[]): EpisodeCredits[] {
  const episodes = new Map<number, EpisodeCredits>();
  for (const c of credits) {
    const number = c.episode ?? FILM_EPISODE; // a film's credits have no episode: one row
    let e = episodes.get(number);
    if (!e) episodes.set(number, (e = { episode: number, title: c.episode_title, airDate: c.air_date, byRole: new Map() }));
    const list = e.byRole.get(c.role) ?? [];
    list.push(c);
    e.byRole.set(c.role, list);
  }
  return [...episodes.values()].sort((a, b) => a.episode - b.episode);
}

/** Each episode of the season with the people credited in each role and their recorded gender. Names are text. */
export function creditsTable(caption: string, credits: Credit[], roles: string[]): HTMLTableElement {
  const people = (list: Credit[] | undefined): Child =>
    list && list.length > 0
      ? h('ul', { class: 'people' }, ...list.map((c) => h('li', {}, h('span', { class: 'person' }, c.person), ' ', h('span', { class: `gender gender-${c.gender}` }, `(${c.gender})`))))
      : h('span', { class: 'none' }, 'none credited');
  return table(
    caption,
    ['Ep.', 'Title', 'Air date', ...roles.map((r) => roleLabel(r))],
    groupByEpisode(credits).map((e) =>
      h(
        'tr',
        { attrs: { 'data-episode': e.episode } },
        h('th', { attrs: { scope: 'row' } }, credits[0]?.season === null ? 'Film' : String(e.episode)),
        h('td', { class: 'text title' }, e.title ?? '–'),
        h('td', { class: 'nowrap' }, e.airDate ?? '–'),
        ...roles.map((role) => h('td', { attrs: { 'data-role': role } }, people(e.byRole.get(role)))),
      ),
    ),
  );
}

