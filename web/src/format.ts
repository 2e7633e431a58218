/** How numbers, roles and units read on the page, in the tables and in the exported images. */
import { oneDecimal } from '../../src/domain/decimals.js';
import { platformKind, type PlatformKind } from '../../src/domain/platforms.js';
import { isRole, ROLES, roleNoun as serverRoleNoun } from '../../src/domain/roles.js';
import { labelledPlatforms } from '../../src/stats/baseline-match.js';
import type { StatsRow, Unit } from './api';

/** The server's role vocabulary, in its order; `all` last. */
export const ROLE_ORDER: string[] = [...ROLES, 'all'];

export const roleNoun = (role: string): string => (role === 'all' ? 'all credited roles' : isRole(role) ? serverRoleNoun(role) : role.replace(/_/g, ' '));
export const roleLabel = (role: string): string => capitalise(role === 'all' ? 'all roles' : roleNoun(role));
export const roleSingular = (role: string): string => (role === 'all' ? 'all roles' : role.replace(/_/g, ' '));

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const UNITS: ReadonlyArray<{ unit: Unit; label: string }> = [
  { unit: 'credit', label: 'Credits' },
  { unit: 'person', label: 'People' },
  { unit: 'episode', label: 'Episodes' },
];

const UNIT_PHRASE: Record<Unit, string> = {
  credit: 'each credit (a person in a role on an episode) counts once',
  person: 'each person counts once per role and season',
  episode: 'each episode counts once, split among co-credited people (the DGA’s method)',
};

export const UNIT_SHORT: Record<Unit, string> = { credit: 'per credit', person: 'per person', episode: 'per episode' };

// A film has no seasons or episodes: the episode unit counts the film once, split among its co-credited people.
const FILM_UNIT_PHRASE: Record<Unit, string> = {
  credit: 'each credit (a person in a role on the film) counts once',
  person: 'each person counts once per role',
  episode: 'the film counts once per role, split among co-credited people (the DGA’s method, for a film)',
};
const FILM_UNIT_SHORT: Record<Unit, string> = { credit: 'per credit', person: 'per person', episode: 'per film' };

/** How a unit counts, in a subtitle; a film's words name no season or episode. */
export const unitPhrase = (unit: Unit, kind: 'tv' | 'film'): string => (kind === 'film' ? FILM_UNIT_PHRASE : UNIT_PHRASE)[unit];
/** "per episode" after "counted"; a film's episode unit is "per film". */
export const unitShort = (unit: Unit, kind: 'tv' | 'film'): string => (kind === 'film' ? FILM_UNIT_SHORT : UNIT_SHORT)[unit];

/** A count in running text: whole numbers as they are, an episode unit's fraction to at most 2 places ("3.5", "3.33"). */
export const amount = (x: number): string => x.toLocaleString('en', { maximumFractionDigits: 2 });

/** "1 episode", "2 episodes", "1.5 episodes": the noun follows the number. */
export const plural = (n: number, word: string, many = `${word}s`): string => `${amount(n)} ${n === 1 ? word : many}`;

/**
 * What a row's `known` counts, in its unit's terms: people in the person
 * unit ("3 directors of known gender"), credits in the credit unit, and in
 * the episode unit episodes, each split among its co-credited people
 * ("3.5 episodes with a director of known gender"; a film's "1 film with a
 * director of known gender"). Role `all` sums the
 * roles, so a person or an episode counts once per role.
 */
export function knownAmount(r: Pick<StatsRow, 'known' | 'role' | 'unit' | 'kind'>): string {
  const n = r.known;
  const all = r.role === 'all';
  const one = roleSingular(r.role);
  if (r.unit === 'person') return all ? `${plural(n, 'person', 'people')} of known gender, counted once per role` : `${plural(n, one, roleNoun(r.role))} of known gender`;
  if (r.unit === 'credit') return `${plural(n, all ? 'credit' : `${one} credit`)} of people of known gender`;
  const episode = r.kind === 'film' ? 'film' : 'episode'; // a film has no episodes: the unit counts the film once
  return all ? `${plural(n, episode)} with someone of known gender, counted once per role` : `${plural(n, episode)} with ${/^[aeiou]/.test(one) ? 'an' : 'a'} ${one} of known gender`;
}

/** What `known` counts, in the bar chart's small-sample legend ("fewer than 10 … of known gender"). */
export const UNIT_SMALL_SAMPLE: Record<Unit, string> = { credit: 'credits', person: 'people', episode: 'episodes with someone' };

/** Who a share of women is a share of: "directors", "the crew in all credited roles". */
export const crewNoun = (role: string): string => (role === 'all' ? 'the crew in all credited roles' : roleNoun(role));

/** 0.363636 → "36.4%"; null → "–". */
export const pct = (x: number | null): string => (x === null ? '–' : `${oneDecimal(x * 100)}%`);

/** Whole counts as they are; the episode unit's fractions to 2 places. */
export const count = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** A gap in points: "+2.5 pp", "−0.3 pp", and "±0.0 pp" for one that rounds to zero. */
export function signedPp(x: number | null): string {
  if (x === null) return '–';
  const size = oneDecimal(Math.abs(x));
  return `${size === '0.0' ? '±' : x > 0 ? '+' : '−'}${size} pp`;
}

/** A gap in words: "2.5 points above", "0.3 points below", and "level with" for one that rounds to zero (as signedPp's ±0.0). */
export function gapWords(x: number): string {
  const size = oneDecimal(Math.abs(x));
  return size === '0.0' ? 'level with' : `${size} points ${x > 0 ? 'above' : 'below'}`;
}

export const interval = (r: Pick<StatsRow, 'ci95_low' | 'ci95_high'>): string =>
  r.ci95_low === null || r.ci95_high === null ? '–' : `${pct(r.ci95_low)}–${pct(r.ci95_high)}`;

/** "Season 2 (2018)"; a film has no seasons: "Film (2017)". */
export const seasonLabel = (season: number, year: number | null, kind: 'tv' | 'film' = 'tv'): string =>
  `${kind === 'film' ? 'Film' : `Season ${season}`}${year ? ` (${year})` : ''}`;

/** "season 2" in running text; a film has no seasons: "the film". */
export const seasonName = (season: number, kind: 'tv' | 'film'): string => (kind === 'film' ? 'the film' : `season ${season}`);

/** "Episodic Television Director Inclusion Report 2015-16: directors, …" → "DGA 2015-16". */
export function shortBaseline(label: string | null): string {
  if (!label) return 'no baseline';
  return (label.split(':')[0] ?? label).replace('Episodic Television Director Inclusion Report', 'DGA');
}

const PLATFORM_NOUN: Record<PlatformKind, string> = { broadcast: 'a broadcast network', cable: 'a cable network', streaming: 'a streaming service' };

/** Where a season (or film) is shown, as a baseline caveat says it: its own platform, else the production's (StatsRow.platform). */
function shownOn(r: Pick<StatsRow, 'platform' | 'kind'>): string {
  if (!r.platform) return 'platform not recorded';
  const kind = platformKind(r.platform);
  const it = `this ${r.kind === 'film' ? 'film' : 'season'} is on ${isolate(r.platform)}`;
  return kind ? `${it}, ${PLATFORM_NOUN[kind]}` : `${it}, not known as broadcast, cable or streaming`;
}

type BaselineFacts = Pick<StatsRow, 'baseline_share' | 'baseline_exact_period' | 'baseline_label' | 'baseline_exact_platform' | 'platform' | 'kind'>;

/**
 * How a row's baseline differs from its season, as notes under a figure:
 * "baseline from the nearest period", "baseline measures streaming only: …".
 */
export function baselineNotes(r: BaselineFacts): string[] {
  if (r.baseline_share === null) return [];
  const caveat = platformCaveat(r);
  return [r.baseline_exact_period === false ? 'baseline from the nearest period' : null, caveat ? `baseline ${caveat}` : null].filter((c): c is string => c !== null);
}

/**
 * "measures streaming only: this season is on HBO, a cable network" when
 * the row's baseline does not measure the season's platform (or, the
 * platform unknown, not every platform); null when it does.
 */
export function platformCaveat(r: Pick<StatsRow, 'baseline_label' | 'baseline_exact_platform' | 'platform' | 'kind'>): string | null {
  if (r.baseline_exact_platform !== false) return null;
  return `measures ${labelledPlatforms(r.baseline_label ?? '') ?? 'other platforms'} only: ${shownOn(r)}`;
}

// Letters that read right to left, and the invisible controls that reorder text (U+202A–U+202E, U+2066–U+2069, the marks).
const REORDERS = /[\p{Bidi_Control}\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * A string from the data (a name, a title, a file name), set apart from the
 * text around it: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE,
 * so a right-to-left name, or an override character in it, cannot reverse our
 * own words beside it, on the page or on a canvas (which has no <bdi>).
 * Strings with no right-to-left letter or control cannot reorder anything:
 * they stay as they are, without invisible characters in copied titles.
 */
export function isolate(text: string): string {
  if (!REORDERS.test(text)) return text;
  return `${FSI}${balancedIsolates(text)}${PDI}`;
}

/** The data's own isolates paired up: a stray U+2069 would end ours early, an unclosed U+2066–U+2068 would swallow the PDI that ends it. */
function balancedIsolates(text: string): string {
  let open = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '\u2066' || ch === '\u2067' || ch === FSI) open++;
    else if (ch === PDI) {
      if (open === 0) continue;
      open--;
    }
    out += ch;
  }
  return out + PDI.repeat(open);
}

/** A file name's last part: the ledger may hold a path. */
export const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** "a", "a and b", "a, b and 2 more files". */
export function listNames(names: string[], more = 'more files'): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} ${more}`;
}

export function sortRoles<T extends { role: string }>(rows: T[]): T[] {
  const rank = (r: string) => (ROLE_ORDER.includes(r) ? ROLE_ORDER.indexOf(r) : ROLE_ORDER.length - 1.5);
  return [...rows].sort((a, b) => rank(a.role) - rank(b.role));
}
