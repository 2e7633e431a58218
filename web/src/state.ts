/**
 * The whole view lives in the URL: ?production=&season=&unit=&role=&min_evidence=
 * (&chart= in embed mode, &sort=&dir=&q= on the overview). A copied link
 * reopens the same view; every change is a history entry (a run of arrow keys
 * on the Count radios one entry), so back/forward work.
 */
import type { Unit } from './api';
import { readEvidence, type EvidenceLevel } from './provenance';

export interface ViewState {
  production: string | null;
  season: number | null; // null: the latest season
  unit: Unit;
  role: string;
  sort: string;
  dir: 'asc' | 'desc';
  chart: 'bars' | 'trend';
  /** min_evidence: genders resting on weaker evidence count as unknown; null: every recorded gender counts. */
  evidence: EvidenceLevel | null;
  /** The overview's title filter ('' shows every production). */
  q: string;
}

export const DEFAULTS: ViewState = { production: null, season: null, unit: 'person', role: 'all', sort: 'title', dir: 'asc', chart: 'bars', evidence: null, q: '' };

/** Longer than any title anyone types: a pasted essay in ?q= is cut, not carried into every link. */
const MAX_FILTER = 200;

const UNITS: readonly string[] = ['credit', 'person', 'episode'];

export function readState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const season = q.get('season');
  const unit = q.get('unit') ?? '';
  const role = q.get('role') ?? '';
  return {
    production: q.get('production') || null,
    season: season && /^\d{1,6}$/.test(season) ? Number(season) : null,
    unit: UNITS.includes(unit) ? (unit as Unit) : DEFAULTS.unit,
    role: /^[a-z_]{1,40}$/.test(role) ? role : DEFAULTS.role,
    sort: q.get('sort') || DEFAULTS.sort,
    dir: q.get('dir') === 'desc' ? 'desc' : 'asc',
    chart: q.get('chart') === 'trend' ? 'trend' : 'bars',
    evidence: readEvidence(q.get('min_evidence')),
    q: (q.get('q') ?? '').slice(0, MAX_FILTER),
  };
}

/** The query string for a state: the production view's permalink names everything it shows. */
export function toSearch(s: ViewState, opts: { embed?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (s.production) {
    q.set('production', s.production);
    if (s.season !== null) q.set('season', String(s.season));
    q.set('unit', s.unit);
    q.set('role', s.role);
    if (opts.embed) q.set('chart', s.chart);
  } else {
    q.set('unit', s.unit);
    if (s.sort !== DEFAULTS.sort || s.dir !== DEFAULTS.dir) {
      q.set('sort', s.sort);
      q.set('dir', s.dir);
    }
    if (s.q.trim()) q.set('q', s.q);
  }
  if (s.evidence) q.set('min_evidence', s.evidence);
  return `?${q.toString()}`;
}

/**
 * The season a link or an API query names: a film has no season (its rows
 * and catalog entry carry the internal key FILM_SEASON, which is never shown),
 * so it names none; without one, a film's view opens on the film.
 */
export const linkedSeason = (kind: 'tv' | 'film', season: number): number | null => (kind === 'film' ? null : season);

export const isEmbed = (): boolean => /\/embed\/?$/.test(location.pathname);

/** The upload page is not a view of the figures, so it holds no other state: just ?page=upload. */
export const UPLOAD_SEARCH = '?page=upload';
export const isUploadPage = (search: string = location.search): boolean => new URLSearchParams(search).get('page') === 'upload';

/**
 * How a view came to be rendered: the page's first load, a choice on the page
 * (`from`: the id of the control that made it, where focus returns when the
 * element that had it is gone), or Back/Forward.
 */
export interface Navigation {
  cause: 'load' | 'navigate' | 'history';
  from?: string;
}

type Listener = (s: ViewState, how: Navigation) => void;
let listener: Listener = () => undefined;

export interface NavigateOptions {
  replace?: boolean;
  /** The id of the control that chose `next` (see Navigation). */
  from?: string;
  /**
   * A run of changes of one kind makes one history entry: the first pushes an
   * entry marked with this name, the next ones replace it while it is the
   * current entry (the Count radios, which change on every arrow key).
   */
  coalesce?: string;
}

const entryKind = (): string | undefined => (history.state as { coalesce?: string } | null)?.coalesce;

/** Push (or replace) a history entry for `next` and render it. */
export function navigate(next: ViewState, opts: NavigateOptions = {}): void {
  const url = `${location.pathname}${toSearch(next, { embed: isEmbed() })}`;
  const entry = opts.coalesce ? { coalesce: opts.coalesce } : null;
  if (opts.replace || (opts.coalesce && entryKind() === opts.coalesce)) history.replaceState(entry, '', url);
  else if (url !== `${location.pathname}${location.search}`) history.pushState(entry, '', url);
  listener(next, { cause: 'navigate', from: opts.from });
}

/**
 * Name `next` in the URL without rendering it or adding a history entry: for
 * a change the view has already shown (the overview's filter, key by key).
 * The page is then rendered for this URL, as a test waiting for it checks.
 */
export function replaceQuietly(next: ViewState): void {
  history.replaceState(null, '', `${location.pathname}${toSearch(next, { embed: isEmbed() })}`);
  document.documentElement.dataset.rendered = location.search;
}

/** Push a history entry for the upload page and render it. */
export function openUpload(): void {
  if (!isUploadPage()) history.pushState(null, '', `${location.pathname}${UPLOAD_SEARCH}`);
  listener(current(), { cause: 'navigate' });
}

export function current(): ViewState {
  return readState(location.search);
}

export function onStateChange(fn: Listener): void {
  listener = fn;
  window.addEventListener('popstate', () => fn(current(), { cause: 'history' }));
}
