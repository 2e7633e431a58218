/** Everything a production's view needs, fetched together, with the state resolved (latest season, known role). */
import { api, ApiError, type Production, type StatsRow } from '../api';
import { crewNoun, isolate, ROLE_ORDER, seasonName, sortRoles } from '../format';
import { isEmbed, type ViewState } from '../state';
import type { ProductionData } from './figures';

export interface LoadedProduction extends ProductionData {
  productions: Awaited<ReturnType<typeof api.productions>>;
  seasons: Array<{ season: number; year: number | null }>;
  roles: string[];
  /** What the link names and this production lacks: shown with what is shown instead. */
  missing: Missing[];
}

export interface Missing {
  lack: string; // "Season 9 of Queen Sugar does not exist"
  instead: string; // "showing season 2"
}

/** A link naming a production this CrewCount does not hold; carries the list, so the page can offer it. */
export class UnknownProduction extends ApiError {
  constructor(
    message: string,
    readonly productions: Production[],
    title?: string,
  ) {
    super(message, title);
  }
}

const bySeasonThenRole = (rows: StatsRow[]): StatsRow[] => sortRoles(rows).sort((a, b) => a.season - b.season);

export async function loadProduction(state: ViewState): Promise<LoadedProduction> {
  const productions = await api.productions();
  const wanted = (state.production ?? '').toLowerCase();
  const production = productions.find((p) => p.slug === state.production) ?? productions.find((p) => p.title.toLowerCase() === wanted);
  if (!production) {
    // An embed has no list to choose from: its page is someone else's, whose link is out of date.
    const next = isEmbed() ? 'The link to this chart names a production this CrewCount does not hold.' : 'Choose one from the list.';
    throw new UnknownProduction(`There is no production “${state.production}”. ${next}`, productions, `there is no production “${isolate(state.production ?? '')}”`);
  }
  const [stats, imports] = await Promise.all([
    api.stats({ production: production.slug, unit: state.unit, minEvidence: state.evidence ?? undefined }),
    api.imports(production.slug).catch(() => []), // the files behind its credits, for the source line; the charts do without
  ]);
  const rows = bySeasonThenRole(stats);
  const seasons = production.seasons.map((s) => ({
    season: s.season,
    year: rows.find((r) => r.season === s.season)?.season_year ?? (s.first_air_date ? Number(s.first_air_date.slice(0, 4)) : null),
  }));
  const latest = rows.length > 0 ? Math.max(...rows.map((r) => r.season)) : (seasons.at(-1)?.season ?? 1);
  const season = state.season !== null && seasons.some((s) => s.season === state.season) ? state.season : latest;
  const roles = ROLE_ORDER.filter((r) => rows.some((row) => row.role === r));
  if (!roles.includes('all')) roles.push('all');
  const role = roles.includes(state.role) ? state.role : 'all';
  const missing = [
    state.season !== null && season !== state.season ? missingSeason(production, state.season, season) : null,
    role !== state.role ? { lack: `No ${crewNoun(state.role)} are credited in ${isolate(production.title)}`, instead: 'showing all roles' } : null,
  ].filter((m): m is Missing => m !== null);
  return { state: { ...state, production: production.slug, season, role }, production, rows, imports, productions, seasons, roles, missing };
}

/** A link's season the production does not have; a film has none at all. */
function missingSeason(production: Production, asked: number, shown: number): Missing {
  if (production.kind === 'film') return { lack: `${isolate(production.title)} is a film and has no season ${asked}`, instead: 'showing the film' };
  return { lack: `Season ${asked} of ${isolate(production.title)} does not exist`, instead: `showing ${seasonName(shown, 'tv')}` };
}

/** "Season 9 of Queen Sugar does not exist; showing season 2.": for the page, above what it shows instead. */
export const missingText = (m: Missing): string => `${m.lack}; ${m.instead}.`;

/**
 * An embed shows nothing in place of what its link names: an article's text
 * quotes the numbers of that season and role, and other numbers beside it
 * would contradict it.
 */
export function refuseMissing(d: LoadedProduction): void {
  if (d.missing.length === 0) return;
  const lacks = d.missing.map((m) => `${m.lack}.`).join(' ');
  throw new ApiError(`${lacks} The link to this chart names what CrewCount does not hold, so no other chart is shown in its place.`, d.missing.map((m) => m.lack).join('; '));
}
