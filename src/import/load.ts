/**
 * The import's back half: normalised records → rows, inside the caller's
 * transaction. Keeps integer keys in memory so each batch costs a handful
 * of queries plus one bulk insert, and checks what can only be checked
 * across rows: one gender per person, one title and air date per episode,
 * one kind per production.
 *
 * This runs once per credit, on the thread that also drives SQLite, so the
 * per-row work is kept to lookups: in maps keyed by numbers rather than by
 * strings built for the purpose, skipped when a row names the same
 * production or episode as the row before (as sheets mostly do), and by
 * array index for people when the reader numbers them (PersonTokens).
 */
import type { Knex } from 'knex';
import * as store from '../db/credit-store.js';
import { bulkInserts } from '../db/dialect.js';
import { isKnownGender, type Gender } from '../domain/genders.js';
import { detached, looseKey } from '../domain/text.js';
import type { Kind } from '../domain/kinds.js';
import { withoutRepeats } from './issues.js';
import { joinParts } from './names.js';
import type { Field } from './headers.js';
import { MAX_REMOVED_LISTED, type CreditRecord, type ImportIssue, type RemovedCredit } from './types.js';

/** Where a value was first given in this import, to name both places in a conflict. */
interface Origin {
  file: string;
  line: number;
}

interface ProductionState {
  id: number;
  /** As stored, or as this import first gave it. */
  title: string;
  kind: Kind;
  kindOrigin: Origin | null;
  platform: string | null;
  releaseYear: number | null;
  yearOrigin: Origin | null;
}

interface SeasonState {
  /** 0 until inserted. */
  id: number;
  /** Stored before this import began. */
  stored: boolean;
  /** The season's own platform; null: its production's. */
  platform: string | null;
  platformOrigin: Origin | null;
  dirty: boolean;
}

interface EpisodeState {
  id: number;
  title: string | null;
  airDate: string | null;
  titleOrigin: Origin | null;
  airOrigin: Origin | null;
  /** Stored before this import began: its credits may already exist. */
  stored: boolean;
  dirty: boolean;
  /**
   * For an episode this import adds: the batch whose rows may add credits
   * to it without asking the database (the batch that added it, until the
   * first run of rows for it ends); 0 once they may not.
   */
  openInBatch: number;
}

interface PersonState {
  id: number;
  key: string;
  name: string;
  gender: Gender;
  genderOrigin: Origin | null;
  stored: boolean;
  /** Its gender is on the record of a people sheet (see StoredPerson.recorded): a credit sheet may not set it. */
  recorded: boolean;
  dirty: boolean;
}

interface CreditState {
  /** As stored: before this import, or as this import first inserted it. */
  note: string | null;
  source: string | null;
  seen: boolean;
  /** What this import's rows give, their distinct notes and sources joined (joinParts); settled in finish(). */
  importNote: string | null;
  importSource: string | null;
  /** Added by this import (counted as new), rather than stored before it. */
  isNew: boolean;
  /** The file (see startFile) whose row first gave it. */
  file: number;
  /** Its key, for finish() to write it back. */
  episodeId: number;
  roleId: number;
  personId: number;
}

export interface LoadCounts {
  creditsNew: number;
  creditsUnchanged: number;
  creditsUpdated: number;
  creditsRemoved: number;
  duplicateRows: number;
  productionsAdded: number;
  seasonsAdded: number;
  seasonsUpdated: number;
  episodesAdded: number;
  episodesUpdated: number;
  peopleAdded: number;
  peopleUpdated: number;
}

/**
 * Optional help from the reader (see read-sheet-worker): per record, a token
 * for the spelling of its person's name. Equal tokens in one scope mean the
 * same name, hence the same person, so the loader finds the person by array
 * index rather than by a string lookup. Tokens count up from 0 in order of
 * first appearance; a new scope object starts them afresh.
 */
export interface PersonTokens {
  scope: object;
  tokens: Int32Array;
}

/** Title variants kept for the summary: a sheet with more has a bigger problem than these lines show. */
const MAX_TITLE_VARIANTS = 100;

const where = (o: Origin, file: string): string => (o.file === file ? `line ${o.line}` : `${o.file} line ${o.line}`);
const episodeLabel = (r: CreditRecord): string => `${r.series} S${r.season}E${r.episode}`;

/**
 * A record's text, for keeping beyond its batch: read on this thread, it
 * may be a view of a whole chunk of the file (see detached).
 */
function kept<T extends string | null>(text: T): T {
  return (text === null ? null : detached(text)) as T;
}

/** Values keyed by a parent id and a key within it: a season by production and number, an episode by season and number. */
class KeyedByParent<K, V> {
  private readonly parents = new Map<number, Map<K, V>>();

  get(parent: number, key: K): V | undefined {
    return this.parents.get(parent)?.get(key);
  }

  set(parent: number, key: K, value: V): void {
    let children = this.parents.get(parent);
    if (!children) this.parents.set(parent, (children = new Map()));
    children.set(key, value);
  }

  /** The values under one parent. */
  childrenOf(parent: number): Iterable<V> {
    return this.parents.get(parent)?.values() ?? [];
  }
}

/**
 * What one file of an import that replaces (see CreditLoader.finish) speaks
 * for: the stored episodes it lists, and the roles it gives credits for.
 */
interface FileCoverage {
  file: string;
  episodes: Set<number>;
  roles: Set<number>;
}

/**
 * The credit keys of one run of rows, each with a number (where its row
 * went): a short list while short (most episodes have a handful of credits), else a map.
 */
class CreditKeys {
  private keys: Array<number | string> = [];
  private values: number[] = [];
  private map: Map<number | string, number> | null = null;

  /** Add a key with its value; the value it already had, if any (and then it is kept), else -1. */
  add(key: number | string, value: number): number {
    if (this.map) {
      const had = this.map.get(key);
      if (had !== undefined) return had;
      this.map.set(key, value);
      return -1;
    }
    const at = this.keys.indexOf(key);
    if (at !== -1) return this.values[at]!;
    this.keys.push(key);
    this.values.push(value);
    if (this.keys.length > 32) this.map = new Map(this.keys.map((k, i) => [k, this.values[i]!]));
    return -1;
  }

  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
    this.map = null;
  }
}

/** A credit's key within its episode: one number while the ids allow it (always, in practice). */
function creditKey(roleId: number, personId: number): number | string {
  return roleId < 1024 && personId < 2 ** 43 ? personId * 1024 + roleId : `${roleId}:${personId}`;
}

export class CreditLoader {
  readonly counts: LoadCounts = {
    creditsNew: 0,
    creditsUnchanged: 0,
    creditsUpdated: 0,
    creditsRemoved: 0,
    duplicateRows: 0,
    productionsAdded: 0,
    seasonsAdded: 0,
    seasonsUpdated: 0,
    episodesAdded: 0,
    episodesUpdated: 0,
    peopleAdded: 0,
    peopleUpdated: 0,
  };
  private roles = new Map<string, number>();
  private productions = new Map<string, ProductionState>();
  /** Seasons by production id and season number. */
  private seasons = new KeyedByParent<number, SeasonState>();
  /** Seasons whose stored episodes are in `episodes` (all seasons created by this import are). */
  private seasonsLoaded = new Set<number>();
  /** Episodes by season id and episode number. */
  private episodes = new KeyedByParent<number, EpisodeState>();
  private people = new Map<string, PersonState>();
  /** People by PersonTokens token, in `tokenScope`. */
  private byToken: PersonState[] = [];
  private tokenScope: object | null = null;
  /** Whether any person was stored before this import: if not, there is no need to look for them. */
  private peopleStored = true;
  /** Stored credits of stored episodes, by episode id and creditKey; loaded when an episode is first touched. */
  private credits = new KeyedByParent<number | string, CreditState>();
  /** The credits of stored episodes this import gives (their states hold their keys): their notes are settled in finish(). */
  private touched: CreditState[] = [];
  /** Per file (startFile), the stored credits it gave that finish() found updated or unchanged, and those it removed. */
  readonly fileCounts: Array<{ updated: number; unchanged: number; removed: number }> = [];
  /** Per file, what it covers; kept only when the import replaces. */
  private readonly coverage: FileCoverage[] = [];
  /** Titles this import gives that differ from their production's beyond case and spacing: [given, the production's]. */
  readonly titleVariants: Array<[string, string]> = [];
  private titleVariantKeys = new Set<string>();
  /** The credits finish() removed, described (at most MAX_REMOVED_LISTED). */
  readonly removed: RemovedCredit[] = [];
  private episodesLoaded = new Set<number>();
  private updatedSeasons = new Set<number>();
  private updatedEpisodes = new Set<number>();
  private updatedPeople = new Set<number>();
  /** The current batch's number, counting from 1. */
  private batch = 0;
  /** The file the current batch comes from, and where its fields are, for issue locations. */
  private file = '';
  private columns: Partial<Record<Field, number>> = {};

  private constructor(
    private readonly trx: Knex.Transaction,
    private readonly replace: boolean,
  ) {}

  /** `replace`: each file replaces the stored credits it covers (see finish). */
  static async create(trx: Knex.Transaction, options: { replace?: boolean } = {}): Promise<CreditLoader> {
    const loader = new CreditLoader(trx, options.replace ?? false);
    loader.roles = await store.roleIds(trx);
    for (const [slug, p] of await store.productionsBySlug(trx)) {
      loader.productions.set(slug, { id: p.id, title: p.title, kind: p.kind, kindOrigin: null, platform: p.platform, releaseYear: p.releaseYear, yearOrigin: null });
    }
    for (const s of await store.allSeasons(trx)) {
      loader.seasons.set(s.productionId, s.number, { id: s.id, stored: true, platform: s.platform, platformOrigin: null, dirty: false });
    }
    loader.peopleStored = await store.anyPeople(trx);
    return loader;
  }

  /** A field's column in the current sheet, 1-based; 0 when the sheet has none (the value came from an option or a default). */
  private column(field: Field): number {
    const i = this.columns[field];
    return i === undefined ? 0 : i + 1;
  }

  /** Call before the batches of each file (`file`: its name in messages): counts are kept per file (fileCounts). */
  startFile(file: string): void {
    this.fileCounts.push({ updated: 0, unchanged: 0, removed: 0 });
    if (this.replace) this.coverage.push({ file, episodes: new Set(), roles: new Set() });
  }

  /**
   * After the last batch: the credits of stored episodes take the notes and
   * sources of all their rows in this import, which may have come in several
   * batches or files, and are counted updated or unchanged once each. (A
   * credit's rows are settled here, not row by row, so that importing a sheet
   * again finds its joined notes unchanged.)
   */
  async finish(): Promise<void> {
    for (const state of this.touched) {
      // A blank note or source never erases a stored one; a different one replaces it.
      const note = state.isNew ? state.importNote : (state.importNote ?? state.note);
      const source = state.isNew ? state.importSource : (state.importSource ?? state.source);
      const changed = note !== state.note || source !== state.source;
      if (changed) await store.updateCredit(this.trx, { episode_id: state.episodeId, role_id: state.roleId, person_id: state.personId }, note, source);
      if (state.isNew) continue; // counted new
      const counts = this.fileCounts[state.file]!;
      if (changed) {
        counts.updated++;
        this.counts.creditsUpdated++;
      } else {
        counts.unchanged++;
        this.counts.creditsUnchanged++;
      }
    }
    this.touched = [];
    if (this.replace) await this.removeLeftOut();
  }

  /**
   * An import that replaces: a file speaks for every role it gives credits
   * for, in every episode it lists. A credit stored before this import, of
   * such an episode and role, that no row of the import gives is removed,
   * and counted against the first file that speaks for it. (A file that
   * lists only directors leaves the writers alone; episodes it does not
   * list are left alone; so are people, episodes and seasons, which keep
   * their rows when their last credit goes.)
   */
  private async removeLeftOut(): Promise<void> {
    const gone: Array<{ state: CreditState; file: number }> = [];
    const counted = new Set<CreditState>();
    this.coverage.forEach((c, file) => {
      for (const episodeId of c.episodes) {
        for (const state of this.credits.childrenOf(episodeId)) {
          if (state.seen || state.isNew || !c.roles.has(state.roleId) || counted.has(state)) continue;
          counted.add(state);
          gone.push({ state, file });
          this.fileCounts[file]!.removed++;
        }
      }
    });
    if (gone.length === 0) return;
    // In the order of their keys, so that both databases list them alike.
    gone.sort((a, b) => a.state.episodeId - b.state.episodeId || a.state.roleId - b.state.roleId || a.state.personId - b.state.personId);
    const keys = gone.map(({ state }) => ({ episode_id: state.episodeId, role_id: state.roleId, person_id: state.personId }));
    const listed = keys.slice(0, MAX_REMOVED_LISTED);
    const described = new KeyedByParent<number | string, store.CreditDescription>();
    for (const d of await store.describeCredits(this.trx, listed)) described.set(d.episode_id, creditKey(d.role_id, d.person_id), d);
    listed.forEach((k, i) => {
      const { production, kind, season, episode, role, person } = described.get(k.episode_id, creditKey(k.role_id, k.person_id))!;
      this.removed.push({ production, kind, season, episode, role, person, file: this.coverage[gone[i]!.file]!.file });
    });
    await store.deleteCredits(this.trx, keys);
    this.counts.creditsRemoved = gone.length;
  }

  /** What the current file covers, for removeLeftOut. */
  private noteCoverage(records: readonly CreditRecord[], episodes: readonly EpisodeState[]): void {
    const c = this.coverage[this.coverage.length - 1]!;
    let last: EpisodeState | null = null;
    for (let i = 0; i < records.length; i++) {
      const e = episodes[i]!;
      if (e !== last && e.stored) c.episodes.add(e.id);
      last = e;
      const role = records[i]!.role;
      if (role !== null) c.roles.add(this.roles.get(role)!);
    }
  }

  /**
   * Load one batch; returns the conflicts found (the caller rolls back if
   * there are any). `columns`: where the sheet's fields are (its header map's
   * index), so a conflict names the cell that gives it.
   */
  async load(
    records: readonly CreditRecord[],
    file: string,
    importId: number | null,
    personTokens?: PersonTokens,
    columns: Partial<Record<Field, number>> = {},
  ): Promise<ImportIssue[]> {
    const issues: ImportIssue[] = [];
    this.file = file;
    this.columns = columns;
    if (records.length === 0) return issues;
    this.batch++;
    // A batch's inserts and updates as one unit of bulk work (it changes no stored key).
    await bulkInserts(this.trx, async () => {
      const productionIds = await this.resolveProductions(records, issues);
      const seasonIds = await this.resolveSeasons(records, productionIds, issues);
      const episodes = await this.resolveEpisodes(records, seasonIds, issues);
      const people = await this.resolvePeople(records, issues, this.tokens(personTokens));
      await this.loadCredits(records, episodes, people, importId);
      if (this.replace) this.noteCoverage(records, episodes);
    });
    return withoutRepeats(issues);
  }

  private async resolveProductions(records: readonly CreditRecord[], issues: ImportIssue[]): Promise<number[]> {
    await this.insertNewProductions(records);
    const ids: number[] = new Array<number>(records.length);
    // Every production of the batch is known now; rows mostly name the one of the row before.
    let slug = records[0]!.slug;
    let p = this.productions.get(slug)!;
    let series = '';
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.slug !== slug) {
        slug = r.slug;
        p = this.productions.get(slug)!;
      }
      if (r.series !== series) {
        series = r.series;
        if (series !== p.title) this.noteTitleVariant(series, p.title);
      }
      if (p.kind !== r.kind) {
        issues.push({
          file: this.file,
          line: r.line,
          column: this.column('kind'),
          value: r.kind,
          message: `"${r.series}" is given as ${r.kind} at line ${r.line} but as ${p.kind} ${p.kindOrigin ? `at ${where(p.kindOrigin, this.file)}` : 'in the database'}`,
        });
      }
      if (r.releaseYear !== null && r.releaseYear !== p.releaseYear) await this.applyReleaseYear(p, r, issues);
      if (r.platform && !p.platform) {
        p.platform = kept(r.platform);
        await store.setProductionPlatform(this.trx, p.id, r.platform);
      }
      ids[i] = p.id;
    }
    return ids;
  }

  /**
   * Titles are one production when their slugs are ("Run", "Run!" and "Rün"
   * are all run): worth a look when they differ beyond case and spacing, in
   * case they are two productions.
   */
  private noteTitleVariant(given: string, title: string): void {
    const plain = (t: string) => t.toLowerCase().replace(/\s+/g, ' ');
    if (plain(given) === plain(title) || this.titleVariants.length >= MAX_TITLE_VARIANTS) return;
    const key = `${given}\n${title}`;
    if (this.titleVariantKeys.has(key)) return;
    this.titleVariantKeys.add(key);
    this.titleVariants.push([kept(given), title]);
  }

  /**
   * The productions a batch names that are not stored yet, inserted in one
   * statement (a sheet of many short productions would otherwise cost a
   * round trip each), each as its first row gives it.
   */
  private async insertNewProductions(records: readonly CreditRecord[]): Promise<void> {
    const firstRows: CreditRecord[] = [];
    const named = new Set<string>();
    let slug: string | undefined;
    for (const r of records) {
      if (r.slug === slug) continue;
      slug = r.slug;
      if (!this.productions.has(slug) && !named.has(slug)) {
        named.add(slug);
        firstRows.push(r);
      }
    }
    if (firstRows.length === 0) return;
    const ids = await store.insertProductions(
      this.trx,
      firstRows.map((r) => ({ title: r.series, slug: r.slug, kind: r.kind, platform: r.platform, releaseYear: r.releaseYear })),
    );
    firstRows.forEach((r, k) => {
      const origin = { file: this.file, line: r.line };
      this.productions.set(kept(r.slug), {
        id: ids[k]!,
        title: kept(r.series),
        kind: r.kind,
        kindOrigin: origin,
        platform: kept(r.platform),
        releaseYear: r.releaseYear,
        yearOrigin: r.releaseYear === null ? null : origin,
      });
    });
    this.counts.productionsAdded += firstRows.length;
  }

  /** A film's release year: a sheet may fill in a stored one that is missing; two different years conflict. */
  private async applyReleaseYear(p: ProductionState, r: CreditRecord, issues: ImportIssue[]): Promise<void> {
    if (p.releaseYear === null) {
      p.releaseYear = r.releaseYear;
      p.yearOrigin = { file: this.file, line: r.line };
      await store.setProductionReleaseYear(this.trx, p.id, r.releaseYear!);
      return;
    }
    issues.push({
      file: this.file,
      line: r.line,
      column: this.column(this.columns.year !== undefined ? 'year' : 'air_date'),
      value: String(r.releaseYear),
      message: `"${r.series}" is given release year ${r.releaseYear} at line ${r.line} but ${p.releaseYear} ${p.yearOrigin ? `at ${where(p.yearOrigin, this.file)}` : 'in the database'}; if these are two films (a remake), tell them apart in the title, e.g. "${r.series} (${r.releaseYear})"`,
    });
  }

  private async resolveSeasons(records: readonly CreditRecord[], productionIds: number[], issues: ImportIssue[]): Promise<number[]> {
    const states = new Array<SeasonState>(records.length);
    /** New seasons, in order of first mention, with their production and number. */
    const created: Array<[SeasonState, number, number]> = [];
    let s: SeasonState | undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const productionId = productionIds[i]!;
      // Rows mostly name the season of the row before.
      if (!(s && productionId === productionIds[i - 1] && r.season === records[i - 1]!.season)) {
        s = this.seasons.get(productionId, r.season);
        if (!s) {
          s = { id: 0, stored: false, platform: null, platformOrigin: null, dirty: false };
          this.seasons.set(productionId, r.season, s);
          created.push([s, productionId, r.season]);
        }
      }
      if (r.platform !== null) this.applySeasonPlatform(s, r, issues);
      states[i] = s;
    }
    if (created.length > 0) {
      const newIds = await store.insertSeasons(
        this.trx,
        created.map(([season, productionId, number]) => [productionId, number, season.platform]),
      );
      created.forEach(([season], k) => {
        season.id = newIds[k]!;
        this.seasonsLoaded.add(season.id);
      });
      this.counts.seasonsAdded += created.length;
    }
    const ids = new Array<number>(records.length);
    for (let i = 0; i < records.length; i++) {
      const season = states[i]!;
      ids[i] = season.id;
      if (season.dirty) {
        season.dirty = false;
        await store.setSeasonPlatform(this.trx, season.id, season.platform!);
        // Only seasons stored before this import count as updated; the others are new.
        if (season.stored) this.updatedSeasons.add(season.id);
        this.counts.seasonsUpdated = this.updatedSeasons.size;
      }
    }
    return ids;
  }

  /**
   * A season's platform: a sheet may fill in or correct a stored one (a show
   * that moved is given each season's own); two rows of one import may not disagree.
   */
  private applySeasonPlatform(s: SeasonState, r: CreditRecord, issues: ImportIssue[]): void {
    // "netflix" and "Netflix" are one platform (as baselines match them): the first spelling stays.
    if (r.platform === s.platform || (s.platform !== null && looseKey(r.platform!) === looseKey(s.platform))) {
      s.platformOrigin ??= { file: this.file, line: r.line };
      return;
    }
    if (s.platformOrigin) {
      const season = r.kind === 'film' ? `"${r.series}"` : `${r.series} season ${r.season}`;
      issues.push({
        file: this.file,
        line: r.line,
        column: this.column('platform'),
        value: r.platform!,
        message: `${season} is given platform "${r.platform}" at line ${r.line} but "${s.platform}" at ${where(s.platformOrigin, this.file)}; a season has one platform (a show that moved gives each season its own)`,
      });
      return;
    }
    s.platform = kept(r.platform);
    s.platformOrigin = { file: this.file, line: r.line };
    // Write it back if the row exists already: stored before, or inserted by an earlier batch.
    s.dirty = s.id !== 0;
  }

  private async resolveEpisodes(records: readonly CreditRecord[], seasonIds: number[], issues: ImportIssue[]): Promise<EpisodeState[]> {
    const unloaded = [...new Set(seasonIds)].filter((id) => !this.seasonsLoaded.has(id));
    if (unloaded.length > 0) {
      for (const e of await store.episodesOfSeasons(this.trx, unloaded)) {
        this.episodes.set(e.seasonId, e.number, {
          id: e.id,
          title: e.title,
          airDate: e.airDate,
          titleOrigin: null,
          airOrigin: null,
          stored: true,
          dirty: false,
          openInBatch: 0,
        });
      }
      for (const id of unloaded) this.seasonsLoaded.add(id);
    }
    const created: Array<[EpisodeState, number, number]> = [];
    const states: EpisodeState[] = new Array<EpisodeState>(records.length);
    let e: EpisodeState | undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const seasonId = seasonIds[i]!;
      if (!(e && seasonId === seasonIds[i - 1] && r.episode === records[i - 1]!.episode)) {
        e = this.episodes.get(seasonId, r.episode);
        if (!e) {
          e = { id: 0, title: null, airDate: null, titleOrigin: null, airOrigin: null, stored: false, dirty: false, openInBatch: this.batch };
          this.episodes.set(seasonId, r.episode, e);
          created.push([e, seasonId, r.episode]);
        }
      }
      this.applyEpisodeFacts(e, r, issues);
      states[i] = e;
    }
    if (created.length > 0) {
      const ids = await store.insertEpisodes(
        this.trx,
        created.map(([episode, seasonId, number]) => [seasonId, number, episode.title, episode.airDate]),
      );
      created.forEach(([episode], k) => (episode.id = ids[k]!));
      this.counts.episodesAdded += created.length;
    }
    for (const state of states) {
      if (state.dirty) {
        state.dirty = false;
        await store.updateEpisode(this.trx, state.id, state.title, state.airDate);
        // Only episodes stored before this import count as updated; the others are new.
        if (state.stored) {
          this.updatedEpisodes.add(state.id);
          this.counts.episodesUpdated = this.updatedEpisodes.size;
        }
      }
    }
    return states;
  }

  /** A sheet may fill in or correct a stored title or date; two rows of one import may not disagree. */
  private applyEpisodeFacts(e: EpisodeState, r: CreditRecord, issues: ImportIssue[]): void {
    const file = this.file;
    // This row as an origin: made only when a title or date is first given (once per episode), shared by both.
    let here: Origin | null = null;
    if (r.episodeTitle !== null && r.episodeTitle !== e.title) {
      if (e.titleOrigin) {
        issues.push({
          file,
          line: r.line,
          column: this.column('episode_title'),
          value: r.episodeTitle,
          message: `${episodeLabel(r)} is titled "${r.episodeTitle}" at line ${r.line} but "${e.title}" at ${where(e.titleOrigin, file)}`,
        });
      } else {
        e.title = kept(r.episodeTitle);
        e.titleOrigin = (here ??= { file, line: r.line });
        // Write it back if the row exists already: stored before, or inserted by an earlier batch.
        e.dirty = e.id !== 0;
      }
    } else if (r.episodeTitle !== null && !e.titleOrigin) e.titleOrigin = (here ??= { file, line: r.line });
    if (r.airDate !== null && r.airDate !== e.airDate) {
      if (e.airOrigin) {
        issues.push({
          file,
          line: r.line,
          column: this.column('air_date'),
          value: r.airDate,
          message: `${episodeLabel(r)} aired ${r.airDate} at line ${r.line} but ${e.airDate} at ${where(e.airOrigin, file)}`,
        });
      } else {
        e.airDate = kept(r.airDate);
        e.airOrigin = (here ??= { file, line: r.line });
        e.dirty = e.id !== 0 || e.dirty;
      }
    } else if (r.airDate !== null && !e.airOrigin) e.airOrigin = (here ??= { file, line: r.line });
  }

  /** The tokens of a batch, if any, after forgetting those of an earlier scope. */
  private tokens(personTokens: PersonTokens | undefined): Int32Array | null {
    if (!personTokens) return null;
    if (personTokens.scope !== this.tokenScope) {
      this.tokenScope = personTokens.scope;
      this.byToken = [];
    }
    return personTokens.tokens;
  }

  private async resolvePeople(records: readonly CreditRecord[], issues: ImportIssue[], tokens: Int32Array | null): Promise<PersonState[]> {
    // Rows whose person is known keep it; the others are looked for in the database, then created.
    const states: Array<PersonState | undefined> = new Array<PersonState | undefined>(records.length);
    const unknownKeys = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      if (records[i]!.role === null) continue; // an episode without credits names nobody
      const p = (tokens && this.byToken[tokens[i]!]) || this.people.get(records[i]!.personKey);
      if (p) states[i] = p;
      else unknownKeys.add(records[i]!.personKey);
    }
    if (unknownKeys.size > 0 && this.peopleStored) {
      for (const [key, p] of await store.peopleByKey(this.trx, [...unknownKeys])) {
        this.people.set(key, { id: p.id, key, name: p.name, gender: p.gender, genderOrigin: null, stored: true, recorded: p.recorded, dirty: false });
      }
    }
    const created: PersonState[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.role === null) continue;
      let p = states[i] ?? this.people.get(r.personKey);
      if (!p) {
        p = { id: 0, key: kept(r.personKey), name: kept(r.person), gender: 'unknown', genderOrigin: null, stored: false, recorded: false, dirty: false };
        this.people.set(p.key, p);
        created.push(p);
      }
      if (tokens) this.byToken[tokens[i]!] = p;
      this.applyGender(p, r, issues);
      states[i] = p;
    }
    if (created.length > 0) {
      const ids = await store.insertPeople(this.trx, created.map((p) => [p.name, p.key, p.gender]));
      created.forEach((p, k) => (p.id = ids[k]!));
      this.counts.peopleAdded += created.length;
    }
    for (const p of states) {
      if (p?.dirty) {
        p.dirty = false;
        await store.setPersonGender(this.trx, p.id, p.gender);
        if (p.stored) {
          this.updatedPeople.add(p.id);
          this.counts.peopleUpdated = this.updatedPeople.size;
        }
      }
    }
    return states as PersonState[]; // undefined only where role is null, which loadCredits skips
  }

  /**
   * A person has one gender: a blank never overrides it, a second known value
   * conflicts. Nor may a credit sheet set the gender of someone a people sheet
   * left unknown on the record (a withdrawn gender would quietly come back with
   * the next re-import of the original sheet).
   */
  private applyGender(p: PersonState, r: CreditRecord, issues: ImportIssue[]): void {
    if (!isKnownGender(r.gender) || r.gender === p.gender) return;
    if (p.recorded && !isKnownGender(p.gender)) {
      issues.push({
        file: this.file,
        line: r.line,
        column: this.column('gender'),
        value: r.gender,
        message: `person "${r.person}" is given gender ${r.gender} at line ${r.line} but a people sheet records their gender as unknown (withdrawn or not known); a credit sheet cannot set it: give it in a people sheet, with its evidence`,
      });
      return;
    }
    if (isKnownGender(p.gender)) {
      const earlier = p.genderOrigin
        ? `${p.gender} at ${where(p.genderOrigin, this.file)}`
        : `${p.gender} in the database (correct a stored gender with a people sheet, not a credit sheet)`;
      issues.push({
        file: this.file,
        line: r.line,
        column: this.column('gender'),
        value: r.gender,
        message: `person "${r.person}" is given gender ${r.gender} at line ${r.line} but ${earlier}`,
      });
      return;
    }
    p.gender = r.gender;
    p.genderOrigin = { file: this.file, line: r.line };
    // Write it back if the row exists already: stored before, or inserted by an earlier batch.
    if (p.id !== 0) p.dirty = true;
  }

  private async loadCredits(
    records: readonly CreditRecord[],
    episodes: EpisodeState[],
    people: PersonState[],
    importId: number | null,
  ): Promise<void> {
    await this.loadStoredCredits(episodes);
    // Credits known to be new, and credits of episodes whose stored credits only the database knows (see below).
    const fresh: store.CreditRow[] = [];
    const again: store.CreditRow[] = [];
    // The run of rows for one episode this import adds, and the credits they gave so far.
    let run: EpisodeState | null = null;
    let runOpen = false;
    const runKeys = new CreditKeys();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.role === null) continue;
      const episode = episodes[i]!;
      const roleId = this.roles.get(r.role)!;
      const personId = people[i]!.id;
      const key = creditKey(roleId, personId);
      if (!episode.stored) {
        // An episode this batch added has no credits but those of its first
        // run of rows here, which runKeys holds: a credit not among them is
        // new. Rows for it after that run, or in a later batch, may repeat
        // one (rarely: sheets list an episode's rows together), so the
        // database tells. Keeping every credit added in memory instead would
        // cost ~90 MB per million.
        if (episode !== run) {
          if (run) run.openInBatch = 0;
          run = episode;
          runOpen = episode.openInBatch === this.batch;
          runKeys.clear();
        }
        if (!runOpen) {
          again.push([episode.id, roleId, personId, r.creditNote, r.source, importId]);
          continue;
        }
        const earlier = runKeys.add(key, fresh.length);
        if (earlier === -1) fresh.push([episode.id, roleId, personId, r.creditNote, r.source, importId]);
        else {
          // A repeated row: its note and source join the first row's, which is not stored yet.
          this.counts.duplicateRows++;
          const row = fresh[earlier]!;
          row[3] = joinParts(row[3], r.creditNote);
          row[4] = joinParts(row[4], r.source);
        }
        continue;
      }
      const existing = this.credits.get(episode.id, key);
      if (existing?.seen) {
        this.counts.duplicateRows++;
        existing.importNote = joinParts(existing.importNote, kept(r.creditNote));
        existing.importSource = joinParts(existing.importSource, kept(r.source));
        continue;
      }
      const fileIndex = this.fileCounts.length - 1;
      if (!existing) {
        const state: CreditState = {
          note: kept(r.creditNote),
          source: kept(r.source),
          seen: true,
          importNote: kept(r.creditNote),
          importSource: kept(r.source),
          isNew: true,
          file: fileIndex,
          episodeId: episode.id,
          roleId,
          personId,
        };
        this.credits.set(episode.id, key, state);
        this.touched.push(state);
        fresh.push([episode.id, roleId, personId, r.creditNote, r.source, importId]);
      } else {
        existing.seen = true;
        existing.importNote = kept(r.creditNote);
        existing.importSource = kept(r.source);
        existing.file = fileIndex;
        this.touched.push(existing);
      }
    }
    await store.insertNewCredits(this.trx, fresh);
    const inserted = await store.insertCreditsUnlessStored(this.trx, again);
    this.counts.creditsNew += fresh.length + inserted;
    // Rows that hit the unique key were repeated within this import.
    this.counts.duplicateRows += again.length - inserted;
    await this.joinRepeatedNotes(again);
  }

  /**
   * Rows of an episode this import added that came apart from its first run
   * (`again`) may repeat a credit stored earlier in the import with other
   * notes or sources: join theirs in, as a repeated row within the run does.
   * Only rows with a note or source need looking at, and sheets seldom split an episode's rows.
   */
  private async joinRepeatedNotes(again: readonly store.CreditRow[]): Promise<void> {
    const noted = again.filter((row) => row[3] !== null || row[4] !== null);
    if (noted.length === 0) return;
    const current = new KeyedByParent<number | string, { note: string | null; source: string | null }>();
    for (const c of await store.creditsOfEpisodes(this.trx, [...new Set(noted.map((row) => row[0]))])) {
      current.set(c.episodeId, creditKey(c.roleId, c.personId), { note: c.note, source: c.source });
    }
    for (const [episodeId, roleId, personId, note, source] of noted) {
      const stored = current.get(episodeId, creditKey(roleId, personId))!; // inserted, or hit by, the row just now
      const joinedNote = joinParts(stored.note, note);
      const joinedSource = joinParts(stored.source, source);
      if (joinedNote === stored.note && joinedSource === stored.source) continue;
      await store.updateCredit(this.trx, { episode_id: episodeId, role_id: roleId, person_id: personId }, joinedNote, joinedSource);
      stored.note = joinedNote;
      stored.source = joinedSource;
    }
  }

  /** Stored credits of the stored episodes this batch touches for the first time. */
  private async loadStoredCredits(episodes: readonly EpisodeState[]): Promise<void> {
    const toLoad = new Set<number>();
    for (const e of episodes) if (e.stored && !this.episodesLoaded.has(e.id)) toLoad.add(e.id);
    if (toLoad.size === 0) return;
    for (const c of await store.creditsOfEpisodes(this.trx, [...toLoad])) {
      this.credits.set(c.episodeId, creditKey(c.roleId, c.personId), {
        note: c.note,
        source: c.source,
        seen: false,
        importNote: null,
        importSource: null,
        isNew: false,
        file: 0,
        episodeId: c.episodeId,
        roleId: c.roleId,
        personId: c.personId,
      });
    }
    for (const id of toLoad) this.episodesLoaded.add(id);
  }
}
