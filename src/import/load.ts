/**
 * The import's back half: normalised records → rows, inside the caller's
 * transaction. Keeps integer keys in memory so each batch costs a handful
 * of queries plus one bulk insert, and checks what can only be checked
 * across rows: one gender per person, one title and air date per episode,
 * one kind per production.
 */
import type { Knex } from 'knex';
import * as store from '../db/credit-store.js';
import { isKnownGender, type Gender } from '../domain/genders.js';
import type { Kind } from '../domain/kinds.js';
import type { CreditRecord, ImportIssue } from './types.js';

/** Where a value was first given in this import, to name both places in a conflict. */
interface Origin {
  file: string;
  line: number;
}

interface ProductionState {
  id: number;
  kind: Kind;
  kindOrigin: Origin | null;
  platform: string | null;
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
}

interface PersonState {
  id: number;
  key: string;
  name: string;
  gender: Gender;
  genderOrigin: Origin | null;
  stored: boolean;
  dirty: boolean;
}

interface CreditState {
  note: string | null;
  source: string | null;
  seen: boolean;
}

export interface LoadCounts {
  creditsNew: number;
  creditsUnchanged: number;
  creditsUpdated: number;
  duplicateRows: number;
  productionsAdded: number;
  seasonsAdded: number;
  episodesAdded: number;
  episodesUpdated: number;
  peopleAdded: number;
  peopleUpdated: number;
}

const where = (o: Origin, file: string): string => (o.file === file ? `line ${o.line}` : `${o.file} line ${o.line}`);

export class CreditLoader {
  readonly counts: LoadCounts = {
    creditsNew: 0,
    creditsUnchanged: 0,
    creditsUpdated: 0,
    duplicateRows: 0,
    productionsAdded: 0,
    seasonsAdded: 0,
    episodesAdded: 0,
    episodesUpdated: 0,
    peopleAdded: 0,
    peopleUpdated: 0,
  };
  private roles = new Map<string, number>();
  private productions = new Map<string, ProductionState>();
  private seasons = new Map<string, number>();
  /** Seasons whose stored episodes are in `episodes` (all seasons created by this import are). */
  private seasonsLoaded = new Set<number>();
  private episodes = new Map<string, EpisodeState>();
  private people = new Map<string, PersonState>();
  /** Stored credits of stored episodes, loaded when an episode is first touched. */
  private credits = new Map<string, CreditState>();
  private episodesLoaded = new Set<number>();
  private updatedEpisodes = new Set<number>();
  private updatedPeople = new Set<number>();
  /** The file the current batch comes from, for issue locations. */
  private file = '';

  private constructor(private readonly trx: Knex.Transaction) {}

  static async create(trx: Knex.Transaction): Promise<CreditLoader> {
    const loader = new CreditLoader(trx);
    loader.roles = await store.roleIds(trx);
    for (const [slug, p] of await store.productionsBySlug(trx)) {
      loader.productions.set(slug, { id: p.id, kind: p.kind, kindOrigin: null, platform: p.platform });
    }
    loader.seasons = await store.seasonsByKey(trx);
    return loader;
  }

  /** Load one batch; returns the conflicts found (the caller rolls back if there are any). */
  async load(records: readonly CreditRecord[], file: string, importId: number | null): Promise<ImportIssue[]> {
    const issues: ImportIssue[] = [];
    this.file = file;
    if (records.length === 0) return issues;
    const productionIds = await this.resolveProductions(records, issues);
    const seasonIds = await this.resolveSeasons(records, productionIds);
    const episodes = await this.resolveEpisodes(records, seasonIds, issues);
    const people = await this.resolvePeople(records, issues);
    await this.loadCredits(records, episodes, people, importId);
    return issues;
  }

  private async resolveProductions(records: readonly CreditRecord[], issues: ImportIssue[]): Promise<number[]> {
    const ids: number[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      let p = this.productions.get(r.slug);
      if (!p) {
        const id = await store.insertProduction(this.trx, { title: r.series, slug: r.slug, kind: r.kind, platform: r.platform });
        p = { id, kind: r.kind, kindOrigin: { file: this.file, line: r.line }, platform: r.platform };
        this.productions.set(r.slug, p);
        this.counts.productionsAdded++;
      } else if (p.kind !== r.kind) {
        issues.push({
          file: this.file,
          line: r.line,
          column: 0,
          value: r.kind,
          message: `"${r.series}" is given as ${r.kind} here but as ${p.kind} ${p.kindOrigin ? `at ${where(p.kindOrigin, this.file)}` : 'in the database'}`,
        });
      }
      if (r.platform && !p.platform) {
        p.platform = r.platform;
        await store.setProductionPlatform(this.trx, p.id, r.platform);
      }
      ids[i] = p.id;
    }
    return ids;
  }

  private async resolveSeasons(records: readonly CreditRecord[], productionIds: number[]): Promise<number[]> {
    const missing = new Map<string, [number, number]>();
    records.forEach((r, i) => {
      const key = `${productionIds[i]}:${r.season}`;
      if (!this.seasons.has(key)) missing.set(key, [productionIds[i]!, r.season]);
    });
    if (missing.size > 0) {
      const ids = await store.insertSeasons(this.trx, [...missing.values()]);
      [...missing.keys()].forEach((key, i) => {
        this.seasons.set(key, ids[i]!);
        this.seasonsLoaded.add(ids[i]!);
      });
      this.counts.seasonsAdded += missing.size;
    }
    return records.map((r, i) => this.seasons.get(`${productionIds[i]}:${r.season}`)!);
  }

  private async resolveEpisodes(records: readonly CreditRecord[], seasonIds: number[], issues: ImportIssue[]): Promise<EpisodeState[]> {
    const unloaded = [...new Set(seasonIds)].filter((id) => !this.seasonsLoaded.has(id));
    if (unloaded.length > 0) {
      for (const [key, e] of await store.episodesOfSeasons(this.trx, unloaded)) {
        this.episodes.set(key, { ...e, titleOrigin: null, airOrigin: null, stored: true, dirty: false });
      }
      for (const id of unloaded) this.seasonsLoaded.add(id);
    }
    const created: Array<[string, EpisodeState, number, number]> = [];
    const states = records.map((r, i) => {
      const key = `${seasonIds[i]}:${r.episode}`;
      let e = this.episodes.get(key);
      if (!e) {
        e = { id: 0, title: null, airDate: null, titleOrigin: null, airOrigin: null, stored: false, dirty: false };
        this.episodes.set(key, e);
        created.push([key, e, seasonIds[i]!, r.episode]);
      }
      this.applyEpisodeFacts(e, r, issues);
      return e;
    });
    if (created.length > 0) {
      const ids = await store.insertEpisodes(
        this.trx,
        created.map(([, e, seasonId, number]) => [seasonId, number, e.title, e.airDate]),
      );
      created.forEach(([, e], i) => (e.id = ids[i]!));
      this.counts.episodesAdded += created.length;
    }
    for (const e of states) {
      if (e.dirty) {
        e.dirty = false;
        await store.updateEpisode(this.trx, e.id, e.title, e.airDate);
        this.updatedEpisodes.add(e.id);
        this.counts.episodesUpdated = this.updatedEpisodes.size;
      }
    }
    return states;
  }

  /** A sheet may fill in or correct a stored title or date; two rows of one import may not disagree. */
  private applyEpisodeFacts(e: EpisodeState, r: CreditRecord, issues: ImportIssue[]): void {
    const here: Origin = { file: this.file, line: r.line };
    const label = `${r.series} S${r.season}E${r.episode}`;
    if (r.episodeTitle !== null && r.episodeTitle !== e.title) {
      if (e.titleOrigin) {
        issues.push({
          file: here.file,
          line: r.line,
          column: 0,
          value: r.episodeTitle,
          message: `${label} is titled "${r.episodeTitle}" here but "${e.title}" at ${where(e.titleOrigin, here.file)}`,
        });
      } else {
        e.title = r.episodeTitle;
        e.titleOrigin = here;
        e.dirty = e.stored;
      }
    } else if (r.episodeTitle !== null && !e.titleOrigin) e.titleOrigin = here;
    if (r.airDate !== null && r.airDate !== e.airDate) {
      if (e.airOrigin) {
        issues.push({
          file: here.file,
          line: r.line,
          column: 0,
          value: r.airDate,
          message: `${label} aired ${r.airDate} here but ${e.airDate} at ${where(e.airOrigin, here.file)}`,
        });
      } else {
        e.airDate = r.airDate;
        e.airOrigin = here;
        e.dirty = e.stored || e.dirty;
      }
    } else if (r.airDate !== null && !e.airOrigin) e.airOrigin = here;
  }

  private async resolvePeople(records: readonly CreditRecord[], issues: ImportIssue[]): Promise<PersonState[]> {
    const unknownKeys = [...new Set(records.map((r) => r.personKey))].filter((k) => !this.people.has(k));
    if (unknownKeys.length > 0) {
      for (const [key, p] of await store.peopleByKey(this.trx, unknownKeys)) {
        this.people.set(key, { id: p.id, key, name: p.name, gender: p.gender, genderOrigin: null, stored: true, dirty: false });
      }
    }
    const created: PersonState[] = [];
    const states = records.map((r) => {
      let p = this.people.get(r.personKey);
      if (!p) {
        p = { id: 0, key: r.personKey, name: r.person, gender: 'unknown', genderOrigin: null, stored: false, dirty: false };
        this.people.set(r.personKey, p);
        created.push(p);
      }
      this.applyGender(p, r, issues);
      return p;
    });
    if (created.length > 0) {
      const ids = await store.insertPeople(this.trx, created.map((p) => [p.name, p.key, p.gender]));
      created.forEach((p, i) => (p.id = ids[i]!));
      this.counts.peopleAdded += created.length;
    }
    for (const p of states) {
      if (p.dirty) {
        p.dirty = false;
        await store.setPersonGender(this.trx, p.id, p.gender);
        this.updatedPeople.add(p.id);
        this.counts.peopleUpdated = this.updatedPeople.size;
      }
    }
    return states;
  }

  /** A person has one gender: a blank never overrides it, a second known value conflicts. */
  private applyGender(p: PersonState, r: CreditRecord, issues: ImportIssue[]): void {
    if (!isKnownGender(r.gender) || r.gender === p.gender) return;
    if (isKnownGender(p.gender)) {
      const earlier = p.genderOrigin
        ? `${p.gender} at ${where(p.genderOrigin, this.file)}`
        : `${p.gender} in the database (correct a stored gender with a people sheet, not a credit sheet)`;
      issues.push({
        file: this.file,
        line: r.line,
        column: 0,
        value: r.gender,
        message: `person "${r.person}" is given gender ${r.gender} here but ${earlier}`,
      });
      return;
    }
    p.gender = r.gender;
    p.genderOrigin = { file: this.file, line: r.line };
    if (p.stored) p.dirty = true;
  }

  private async loadCredits(
    records: readonly CreditRecord[],
    episodes: EpisodeState[],
    people: PersonState[],
    importId: number | null,
  ): Promise<void> {
    const toLoad = [...new Set(episodes.filter((e) => e.stored && !this.episodesLoaded.has(e.id)).map((e) => e.id))];
    if (toLoad.length > 0) {
      for (const [key, c] of await store.creditsOfEpisodes(this.trx, toLoad)) this.credits.set(key, { ...c, seen: false });
      for (const id of toLoad) this.episodesLoaded.add(id);
    }
    const rows: store.CreditRow[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const episode = episodes[i]!;
      const roleId = this.roles.get(r.role)!;
      const personId = people[i]!.id;
      if (!episode.stored) {
        rows.push([episode.id, roleId, personId, r.creditNote, r.source, importId]);
        continue;
      }
      const key = `${episode.id}:${roleId}:${personId}`;
      const existing = this.credits.get(key);
      if (!existing) {
        this.credits.set(key, { note: r.creditNote, source: r.source, seen: true });
        rows.push([episode.id, roleId, personId, r.creditNote, r.source, importId]);
      } else if (existing.seen) {
        this.counts.duplicateRows++;
      } else {
        existing.seen = true;
        // A blank note or source never erases a stored one; a different one replaces it.
        const note = r.creditNote ?? existing.note;
        const source = r.source ?? existing.source;
        if (note !== existing.note || source !== existing.source) {
          await store.updateCredit(this.trx, { episode_id: episode.id, role_id: roleId, person_id: personId }, note, source);
          this.counts.creditsUpdated++;
        } else {
          this.counts.creditsUnchanged++;
        }
      }
    }
    const inserted = await store.insertCredits(this.trx, rows);
    this.counts.creditsNew += inserted;
    // Rows that hit the unique key were repeated within this import.
    this.counts.duplicateRows += rows.length - inserted;
  }
}

