/** One production: the season chart, the trend chart, warnings, and the credits behind the numbers. */
import { api, apiUrl, type Production, type StatsRow } from '../api';
import { h } from '../dom';
import { amount, isolate, knownAmount, pct, platformCaveat, plural, roleNoun, seasonLabel, unitShort } from '../format';
import { figure } from '../figure';
import { creditsTable, scrollable } from '../tables';
import { controls } from './controls';
import { linkState, querySeason, seasonFigure, trendFigure } from './figures';
import { loadProduction, missingText, UnknownProduction, type LoadedProduction } from './load';
import type { View } from './view';
import type { ViewState } from '../state';

function warnings(rows: StatsRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const who = roleNoun(r.role);
    if (r.role !== 'all' && r.share_women !== null && r.small_sample) out.push(`Small sample: the share rests on ${knownAmount(r)}; read the interval, not just the share.`);
    if (r.role !== 'all' && r.coverage !== null && r.coverage < 1) out.push(`Coverage: ${who} are credited on ${pct(r.coverage)} of the season’s recorded episodes.`);
    if (r.role === 'all' && r.unknown > 0) out.push(`Unknown gender: ${amount(r.unknown)} of ${amount(r.total)} are counted but left out of the shares.`);
    if (r.baseline_exact_period === false) out.push(`The ${who} baseline is from the nearest published period, not the season’s own.`);
    const caveat = platformCaveat(r);
    if (caveat) out.push(`The ${who} baseline ${caveat}.`);
  }
  return out;
}

/** "TV · Netflix · 2 seasons · Season 1 (2015): 12 episodes, 30 credits"; a film has neither seasons nor episodes: "Film · 2017 · 7 credits". Nouns follow their numbers. */
function meta(production: Production, seasonName: string, year: number | null, listing: Production['seasons'][number] | undefined): string {
  // The season's platform: a show that moved (FOX, then Netflix) names the one this season was on.
  const platform = listing ? listing.platform : production.platform;
  const parts =
    production.kind === 'film'
      ? ['Film', platform && isolate(platform), year === null ? null : String(year), listing ? plural(listing.credits, 'credit') : null]
      : ['TV', platform && isolate(platform), plural(production.seasons.length, 'season'), listing ? `${seasonName}: ${plural(listing.episodes, 'episode')}, ${plural(listing.credits, 'credit')}` : null];
  return parts.filter(Boolean).join(' · ');
}

function headline(d: LoadedProduction, rows: StatsRow[]): string {
  const all = rows.find((r) => r.role === 'all');
  if (!all || all.share_women === null) return `No one of known gender is credited in this ${d.production.kind === 'film' ? 'film' : 'season'}.`;
  return `Women were ${pct(all.share_women)} of the crew of known gender in ${seasonLabel(d.state.season, all.season_year, d.production.kind).toLowerCase()}, counted ${unitShort(d.state.unit, d.production.kind)}${
    all.baseline_share !== null ? `; the baseline is ${pct(all.baseline_share)}` : ''
  }.`;
}

/** A link naming no production we hold: the error, with the production menu to choose one instead of a dead end. */
function unknownProductionView(state: ViewState, err: UnknownProduction): View {
  return {
    title: 'No such production (CrewCount)',
    controls: controls({ ...state, season: null }, { productions: err.productions }),
    nodes: [
      h('h1', {}, 'No such production'),
      h('div', { class: 'error', attrs: { role: 'alert' } }, h('p', {}, err.message), h('p', {}, h('a', { attrs: { href: './', 'data-nav': '' } }, 'Back to all productions'))),
    ],
    announce: err.message,
  };
}

export async function productionView(state: ViewState): Promise<View> {
  let d: LoadedProduction;
  try {
    d = await loadProduction(state);
  } catch (err) {
    if (err instanceof UnknownProduction) return unknownProductionView(state, err);
    throw err;
  }
  const credits = await api.credits(d.production.slug, querySeason(d));
  const seasonRows = d.rows.filter((r) => r.season === d.state.season);
  const creditRoles = d.roles.filter((r) => r !== 'all' && (d.state.role === 'all' || r === d.state.role));
  const bars = figure(seasonFigure(d), 'page');
  const trend = figure(trendFigure(d), 'page');
  const season = d.seasons.find((s) => s.season === d.state.season);
  const listing = d.production.seasons.find((s) => s.season === d.state.season);
  const shownCredits = credits.filter((c) => creditRoles.includes(c.role));
  const seasonName = seasonLabel(d.state.season, season?.year ?? null, d.production.kind);
  return {
    title: `${isolate(d.production.title)}, ${seasonName.toLowerCase()}: women behind the camera (CrewCount)`,
    controls: controls(linkState(d), { productions: d.productions, seasons: d.seasons, roles: d.roles }),
    resolved: linkState(d),
    nodes: [
      h('section', { class: 'production-head', attrs: { 'aria-labelledby': 'production-title' } },
        h('h1', { attrs: { id: 'production-title' } }, d.production.title),
        // The link named a season or role this production lacks: say what is shown instead, rather than let it pass for what was asked.
        d.missing.length > 0 ? h('p', { class: 'notice', attrs: { id: 'missing-notice' } }, d.missing.map(missingText).join(' ')) : null,
        h('p', { class: 'meta' }, meta(d.production, seasonName, season?.year ?? null, listing)),
        h('p', { class: 'lede', attrs: { id: 'headline' } }, headline(d, seasonRows)),
        ...(() => {
          const list = warnings(seasonRows);
          return list.length === 0 ? [] : [h('ul', { class: 'warnings', attrs: { 'aria-label': 'Read with care' } }, ...list.map((w) => h('li', {}, h('span', { class: 'warn-mark', attrs: { 'aria-hidden': 'true' } }, '⚠ '), w)))];
        })(),
      ),
      bars.element,
      trend.element,
      h('section', { class: 'credits', attrs: { 'aria-labelledby': 'credits-title', id: 'credits' } },
        h('h2', { attrs: { id: 'credits-title' } }, `The credits behind the numbers: ${seasonName.toLowerCase()}`),
        h('p', {},
          `${d.production.kind === 'film' ? 'The film' : 'Each episode'} with the people credited${d.state.role === 'all' ? '' : ` as ${roleNoun(d.state.role)}`} and their recorded gender (${plural(shownCredits.length, 'credit')}). `,
          h('a', { attrs: { href: apiUrl('credits.csv', { production: d.production.slug, season: querySeason(d), role: d.state.role === 'all' ? undefined : d.state.role }) } }, 'Download these credits (CSV)'),
        ),
        shownCredits.length === 0
          ? h('p', {}, `No credits recorded for this ${d.production.kind === 'film' ? 'film' : 'season'}.`)
          : scrollable('Credits table', creditsTable(`Credits, ${isolate(d.production.title)}, ${seasonName.toLowerCase()}`, shownCredits, creditRoles)),
      ),
    ],
    after: () => {
      bars.draw();
      trend.draw();
    },
    announce: `${d.missing.map(missingText).join(' ')}${d.missing.length > 0 ? ' ' : ''}${isolate(d.production.title)}, ${seasonName.toLowerCase()}, counted ${unitShort(d.state.unit, d.production.kind)}; role: ${roleNoun(d.state.role)}.`,
  };
}
