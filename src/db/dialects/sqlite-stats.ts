/**
 * Stats tallies on SQLite in one ordered pass, in-process: where handing
 * rows to JavaScript is cheap and per-row joins and DISTINCT sorts are not.
 * Gives the same tallies as the grouped SQL in ../stats-queries.ts (used on
 * PostgreSQL); tests/integration/stats-tallies.test.ts checks both agree.
 * Only the dialect module calls this.
 */
import type { Knex } from 'knex';
import { addToClass, classOf, classSql, CLASS_COUNT, zeroClassCounts, type ClassCounts } from '../../domain/gender-classes.js';
import type { RoleTally, SeasonFilter, SeasonTally } from '../stats-queries.js';
import { prepared } from './sqlite-statements.js';

interface SqliteStatement {
  run(...params: unknown[]): unknown;
  pluck(toggle?: boolean): SqliteStatement;
  raw(toggle?: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Run synchronous work on the pool's better-sqlite3 connection (a transaction's own, when `db` is one). */
async function onSqliteConnection<T>(db: Knex, fn: (conn: SqliteConnection) => T): Promise<T> {
  const client = db.client as { acquireConnection(): Promise<unknown>; releaseConnection(conn: unknown): Promise<unknown> | unknown };
  const conn = (await client.acquireConnection()) as SqliteConnection;
  try {
    return fn(conn);
  } finally {
    await client.releaseConnection(conn);
  }
}

/** The class of a person with no recorded gender. */
const UNKNOWN_CLASS = classOf('unknown', 'unknown');

/**
 * The classes (gender × evidence, see gender-classes) the people in scope
 * have, numbered densely in order of first appearance, the unknown class
 * first: the stream's per-credit work is then sized by the few classes a
 * database holds (four, before any people sheet), not by all CLASS_COUNT.
 */
class DenseClasses {
  /** Class by dense number. */
  readonly classes: number[] = [UNKNOWN_CLASS];
  private readonly dense = new Int16Array(CLASS_COUNT).fill(-1);

  constructor() {
    this.dense[UNKNOWN_CLASS] = 0;
  }

  of(cls: number): number {
    const c = cls >= 0 && cls < CLASS_COUNT ? cls : UNKNOWN_CLASS;
    let d = this.dense[c]!;
    if (d === -1) this.dense[c] = d = this.classes.push(c) - 1;
    return d;
  }
}

export async function sqliteTallies(db: Knex, filter: SeasonFilter): Promise<Map<number, SeasonTally>> {
  const where: string[] = [];
  const params: number[] = [];
  if (filter.productionId !== undefined) {
    where.push('s.production_id = ?');
    params.push(filter.productionId);
  }
  if (filter.season !== undefined) {
    where.push('s.number = ?');
    params.push(filter.season);
  }
  const scope = where.length > 0 ? `WHERE e.season_id IN (SELECT s.id FROM seasons s WHERE ${where.join(' AND ')})` : '';
  // Episodes in season order, each episode's credits together in (role, person) order: the
  // (season_id, number) index, then the credits' primary key, with no sort.
  const from = `FROM episodes e CROSS JOIN credits c ON c.episode_id = e.id ${scope}`;
  const order = 'ORDER BY e.season_id, e.number, c.role_id, c.person_id';

  // The statements below must see one state of the database (an import in another process may
  // commit between two of them): a savepoint is a read transaction outside a transaction, and
  // harmless inside one.
  return onSqliteConnection(db, (conn) => {
    prepared(conn, 'SAVEPOINT crewcount_stats').run();
    try {
      const roleCodes: string[] = [];
      for (const [id, code] of prepared(conn, 'SELECT id, code FROM roles').raw(true).all() as Array<[number, string]>) roleCodes[id] = code;
      const read = filter.productionId !== undefined ? readProduction : readMany;
      return read(conn, roleCodes, { scope, params, from, order });
    } finally {
      prepared(conn, 'RELEASE crewcount_stats').run();
    }
  });
}

interface Scope {
  scope: string;
  params: number[];
  from: string;
  order: string;
}

const CLASS_CODE = classSql('p');
/** People ids are packed with their class as id * CLASS_SLOTS + class. */
const CLASS_SLOTS = 32;

/**
 * Many seasons (all of them, or season N of every production): typed arrays indexed by id,
 * the people's classes and the episodes' seasons read once, then one integer per credit.
 */
function readMany(conn: SqliteConnection, roleCodes: string[], { scope, params, from, order }: Scope): Map<number, SeasonTally> {
  const max = prepared(conn, 'SELECT (SELECT max(id) FROM people) AS p, (SELECT max(id) FROM episodes) AS e').get() as { p: number | null; e: number | null };
  if (max.e === null || max.p === null) return new Map();
  // Class of every person in scope (all people when the scope is everything: one scan, no join),
  // and the season of every episode in scope; one small integer per row.
  const dense = new DenseClasses();
  const classOfPerson = new Uint8Array(max.p + 1); // 0: the unknown class
  const packedPerson = `p.id * ${CLASS_SLOTS} + ${CLASS_CODE}`;
  const peopleSql =
    scope === '' ? `SELECT ${packedPerson} FROM people p` : `SELECT ${packedPerson} FROM people p WHERE p.id IN (SELECT c.person_id ${from})`;
  for (const v of prepared(conn, peopleSql).pluck(true).all(...params) as number[]) {
    classOfPerson[Math.floor(v / CLASS_SLOTS)] = dense.of(v % CLASS_SLOTS);
  }
  const seasonOf = new Int32Array(max.e + 1);
  const S = 2 ** 31;
  for (const v of prepared(conn, `SELECT e.id * ${S} + e.season_id FROM episodes e ${scope}`).pluck(true).all(...params) as number[]) {
    seasonOf[Math.floor(v / S)] = v % S;
  }

  // One integer per credit when episode × role × person ids fit in 2^53 (they always do in practice).
  const R = roleCodes.length;
  const P = max.p + 1;
  const stream = new CreditStream(roleCodes, classOfPerson, seasonOf, dense.classes);
  if ((max.e + 1) * R * P <= Number.MAX_SAFE_INTEGER) {
    const packed = prepared(conn, `SELECT (c.episode_id * ${R} + c.role_id) * ${P} + c.person_id ${from} ${order}`).pluck(true).all(...params) as number[];
    for (const v of packed) {
      const person = v % P;
      const rest = (v - person) / P;
      const role = rest % R;
      stream.add((rest - role) / R, role, person);
    }
  } else {
    for (const [episode, role, person] of prepared(conn, `SELECT c.episode_id, c.role_id, c.person_id ${from} ${order}`).raw(true).all(...params) as Array<
      [number, number, number]
    >) {
      stream.add(episode, role, person);
    }
  }
  return stream.finish();
}

/**
 * One production's seasons (what a page or an API call asks for): one small joined read,
 * people and episodes numbered locally so that nothing is sized by the whole database.
 */
function readProduction(conn: SqliteConnection, roleCodes: string[], { scope, params, order }: Scope): Map<number, SeasonTally> {
  const rows = prepared(
    conn,
    `SELECT e.season_id, c.episode_id, c.role_id, c.person_id, ${CLASS_CODE}
     FROM episodes e CROSS JOIN credits c ON c.episode_id = e.id CROSS JOIN people p ON p.id = c.person_id ${scope} ${order}`,
  )
    .raw(true)
    .all(...params) as Array<[number, number, number, number, number]>;
  const personIndex = new Map<number, number>();
  const episodeIndex = new Map<number, number>();
  const dense = new DenseClasses();
  const personClasses: number[] = []; // dense class by local person number
  const seasons: number[] = [];
  const local = new Int32Array(rows.length * 2);
  rows.forEach(([season, episode, , person, cls], i) => {
    let e = episodeIndex.get(episode);
    if (e === undefined) episodeIndex.set(episode, (e = seasons.push(season) - 1));
    let p = personIndex.get(person);
    if (p === undefined) personIndex.set(person, (p = personClasses.push(dense.of(cls)) - 1));
    local[2 * i] = e;
    local[2 * i + 1] = p;
  });
  const stream = new CreditStream(roleCodes, Uint8Array.from(personClasses), Int32Array.from(seasons), dense.classes);
  rows.forEach(([, , role], i) => stream.add(local[2 * i]!, role, local[2 * i + 1]!));
  return stream.finish();
}

/**
 * At least `k` zeros, as a literal of four when that is enough (the usual case: no people sheet
 * yet), which V8 allocates with room for exactly four; there is one per role and season.
 */
function zeros(k: number): number[] {
  const a = [0, 0, 0, 0];
  while (a.length < k) a.push(0);
  return a;
}

/** Per-season, per-role accumulators while the stream is inside one season. */
interface RoleAcc {
  /** credits[n * K + k]: credits of dense class k on episodes where n people share the role (K classes). */
  credits: number[];
  people: number[];
  episodes: number;
}

/**
 * Tallies from credits arriving season by season, each episode's credits
 * together, ordered by role: the same figures as the SQL aggregation above.
 */
export class CreditStream {
  private readonly out = new Map<number, SeasonTally>();
  /** Last season (id) in which each (person, role) was counted: the person unit's DISTINCT. */
  private readonly lastSeen: Int32Array;
  private season = 0;
  private episode = -1;
  private role = -1;
  private episodesCovered = 0;
  private roles: Array<RoleAcc | undefined> = [];
  private current: RoleAcc | undefined;
  private readonly group: number[];
  private groupSize = 0;

  private readonly roleSlots: number;
  /** Number of dense classes. */
  private readonly K: number;

  /**
   * @param roleCodes role code by role id
   * @param classOf dense class (index in `classes`) by person
   * @param seasonOf season id by episode
   * @param classes class (see gender-classes) by dense class
   */
  constructor(
    private readonly roleCodes: readonly string[],
    private readonly classOf: Uint8Array,
    private readonly seasonOf: Int32Array,
    private readonly classes: readonly number[],
  ) {
    this.roleSlots = Math.max(1, roleCodes.length);
    this.lastSeen = new Int32Array(classOf.length * this.roleSlots);
    this.K = classes.length;
    this.group = zeros(this.K);
  }

  add(episode: number, role: number, person: number): void {
    if (episode !== this.episode || role !== this.role) {
      this.flushGroup();
      if (episode !== this.episode) {
        const season = this.seasonOf[episode]!;
        if (season !== this.season) {
          this.flushSeason();
          this.season = season;
        }
        this.episode = episode;
        this.episodesCovered++;
      }
      this.role = role;
      this.current = this.roles[role] ??= { credits: [], people: zeros(this.K), episodes: 0 };
    }
    const cls = this.classOf[person]!;
    this.group[cls]!++;
    this.groupSize++;
    const key = person * this.roleSlots + role;
    if (this.lastSeen[key] !== this.season) {
      this.lastSeen[key] = this.season;
      this.current!.people[cls]!++;
    }
  }

  finish(): Map<number, SeasonTally> {
    this.flushGroup();
    this.flushSeason();
    return this.out;
  }

  private flushGroup(): void {
    if (this.groupSize === 0) return;
    const acc = this.current!;
    acc.episodes++;
    const K = this.K;
    const base = this.groupSize * K;
    for (let g = 0; g < K; g++) {
      const n = this.group[g]!;
      if (n > 0) acc.credits[base + g] = (acc.credits[base + g] ?? 0) + n;
      this.group[g] = 0;
    }
    this.groupSize = 0;
  }

  private flushSeason(): void {
    if (this.episodesCovered === 0) return;
    const roles = new Map<string, RoleTally>();
    const K = this.K;
    this.roles.forEach((acc, roleId) => {
      if (!acc) return;
      const credit = zeroClassCounts();
      const byShare = new Map<number, ClassCounts>();
      for (let i = K; i < acc.credits.length; i += K) {
        let share: ClassCounts | undefined;
        for (let g = 0; g < K; g++) {
          const n = acc.credits[i + g];
          if (n === undefined) continue;
          if (!share) byShare.set(i / K, (share = zeroClassCounts()));
          const cls = this.classes[g]!;
          addToClass(share, cls, n);
          addToClass(credit, cls, n);
        }
      }
      const person = zeroClassCounts();
      acc.people.forEach((n, g) => {
        if (n > 0) addToClass(person, this.classes[g]!, n);
      });
      roles.set(this.roleCodes[roleId] ?? String(roleId), {
        credit,
        person,
        byShare,
        episodes: acc.episodes,
      });
    });
    this.out.set(this.season, { roles, episodes: this.episodesCovered });
    this.roles = [];
    this.current = undefined;
    this.episodesCovered = 0;
  }
}

/**
 * SQLite's change token: data_version moves when another connection commits,
 * total_changes() when this one writes.
 */
export async function sqliteDataVersion(db: Knex): Promise<string> {
  return onSqliteConnection(db, (conn) => {
    const v = prepared(conn, 'PRAGMA data_version').pluck(true).get();
    const c = prepared(conn, 'SELECT total_changes()').pluck(true).get();
    return `${String(v)}:${String(c)}`;
  });
}
