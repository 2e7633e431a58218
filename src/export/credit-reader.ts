/**
 * Reading the credits export: the rows of creditsExportQueries, decoded and
 * with each episode's credits put in export order.
 *
 * From a SQLite file this runs on a worker thread (unless the export is of
 * one production, see readCredits). better-sqlite3 is synchronous, so
 * stepping the queries, turning SQLite's values into JavaScript ones and
 * decoding them would otherwise take this thread about as long again as
 * formatting and writing the CSV; on two cores the two halves overlap. The
 * worker packs each chunk's credits into an Int32Array, which crosses to the
 * main thread without being copied (a structured clone of a million small
 * arrays would cost the main thread more than it saves). Anything else is
 * read on this thread: an in-memory database only through the app's own
 * connection, and PostgreSQL does its work in its own process anyway.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Knex } from 'knex';
import { pacedPoster, workerMessages } from '../lib/worker-messages.js';
import { sqliteFileOf, sqliteQueries, streamRows, streamSqliteFile, type RowChunk, type SqliteQuery } from '../db/dialect.js';
import { creditsExportQueries, type CreditFilter } from '../db/export-queries.js';

/** What reading the credits gives, in this order: the roles, the people, then the episodes, a chunk at a time. */
export type CreditChunk = { type: 'roles'; rows: unknown[][] } | { type: 'people'; rows: unknown[][] } | EpisodeChunk;

/**
 * Episodes in export order, with their credits (none, for an episode
 * without a credit the filter keeps) in export order too: by role id, then
 * by the person's identity key.
 */
export interface EpisodeChunk {
  type: 'episodes';
  /** Per episode: [series, season, episode, episode_title, air_date, kind, platform], as JSON text from SQLite, parsed from PostgreSQL. */
  episodes: unknown[];
  /**
   * Per episode: its number of credits, then for each credit its role id and
   * its person's rank (the position among the `people` rows, which come in
   * identity-key order).
   */
  credits: Int32Array;
  /** For each credit with a note or a source: its position among the chunk's credits, its note and its source. */
  notes: unknown[];
}

/** Credits as the episodes query sends them, then with the person id replaced by the rank. */
type CreditRow = [roleId: number, person: number, note: unknown, source: unknown];

/** SQLite sends JSON as text; the PostgreSQL driver has parsed it already. */
export const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

const byRoleThenRank = (a: CreditRow, b: CreditRow): number => a[0] - b[0] || a[1] - b[1];

/** Turns the rows of creditsExportQueries, chunk by chunk, into CreditChunks. */
class CreditDecoder {
  /** Rank by person id. An array rather than a Map: ids are small and dense, and the lookup runs once per credit. */
  private readonly rankOf: number[] = [];
  private people = 0;

  decode({ query, rows }: RowChunk): CreditChunk | undefined {
    if (query === 0) return { type: 'roles', rows };
    if (query === 1) {
      // People come in identity-key order: the count so far is the rank.
      for (const [id] of rows) this.rankOf[id as number] = this.people++;
      return { type: 'people', rows };
    }
    const episodes: unknown[] = [];
    const credits: number[] = [];
    const notes: unknown[] = [];
    let position = 0;
    for (const [episode, json] of rows) {
      // PostgreSQL's json_agg gives null where SQLite gives [].
      // An episode without credits (the filter's) stays: coverage counts it, so the export keeps it as a row of its own.
      const list = (fromJson(json) ?? []) as CreditRow[];
      for (const credit of list) {
        const rank = this.rankOf[credit[1]];
        // Cannot happen: the queries read one snapshot, and credits reference people.
        if (rank === undefined) throw new Error(`a credit names person ${credit[1]}, who is not in the people read`);
        credit[1] = rank;
      }
      list.sort(byRoleThenRank);
      episodes.push(episode);
      credits.push(list.length);
      for (const [roleId, rank, note, source] of list) {
        credits.push(roleId, rank);
        if (note != null || source != null) notes.push(position, note, source);
        position++;
      }
    }
    return episodes.length > 0 ? { type: 'episodes', episodes, credits: Int32Array.from(credits), notes } : undefined;
  }
}

/** This module's file: the worker thread runs it too. */
const SELF = fileURLToPath(import.meta.url);

/**
 * Exports reading on a worker thread now. One at a time: the point is a
 * second core, and a server answering many export requests at once should
 * not start a thread for each (the others read on this thread, as any
 * export did before).
 */
let workersRunning = 0;

/** The credits `filter` keeps, from one snapshot, as CreditChunks. */
export async function* readCredits(db: Knex, filter: CreditFilter): AsyncGenerator<CreditChunk> {
  const { roles, people, episodes } = creditsExportQueries(db, filter);
  const queries = [roles, people, episodes];
  const file = sqliteFileOf(db);
  // One production's credits are few: starting a thread would cost more than
  // it saves. And Node 20 cannot load TypeScript on a worker thread (module
  // hooks do not reach workers): from the sources (tests, tsx) this thread reads.
  if (file !== undefined && filter.productionId === undefined && !SELF.endsWith('.ts') && workersRunning === 0) {
    workersRunning++;
    try {
      yield* readInWorker(file, sqliteQueries(queries));
    } finally {
      workersRunning--;
    }
    return;
  }
  const decoder = new CreditDecoder();
  for await (const rows of streamRows(db, queries)) {
    const chunk = decoder.decode(rows);
    if (chunk) yield chunk;
  }
}

/** Chunks sent but not yet taken before the worker waits: bounds memory when the main thread is the slower side. */
const MAX_IN_FLIGHT = 8;

interface WorkerInput {
  creditsFile: string;
  queries: SqliteQuery[];
}

type WorkerMessage = { type: 'chunk'; chunk: CreditChunk } | { type: 'done' } | { type: 'crash'; message: string };

async function* readInWorker(file: string, queries: SqliteQuery[]): AsyncGenerator<CreditChunk> {
  const worker = new Worker(SELF, {
    workerData: { creditsFile: file, queries } satisfies WorkerInput,
    execArgv: [],
    // What the worker allocates is garbage once its chunk is posted: a small
    // young generation suffices, and keeps the process's peak memory ~10 MB lower.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  for await (const m of workerMessages<WorkerMessage>(worker, `reading ${file}`)) {
    if (m.type === 'done') return;
    if (m.type === 'crash') throw new Error(`reading ${file} failed: ${m.message}`);
    worker.postMessage('ack');
    yield m.chunk;
  }
}

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const post = pacedPoster(port, MAX_IN_FLIGHT);
  try {
    const decoder = new CreditDecoder();
    for await (const rows of streamSqliteFile(input.creditsFile, input.queries)) {
      const chunk = decoder.decode(rows);
      if (!chunk) continue;
      await post({ type: 'chunk', chunk } satisfies WorkerMessage, chunk.type === 'episodes' ? [chunk.credits.buffer as ArrayBuffer] : []);
    }
    port.postMessage({ type: 'done' } satisfies WorkerMessage);
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    port.postMessage({ type: 'crash', message } satisfies WorkerMessage);
  }
  port.close();
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.creditsFile) {
  void runWorker(workerData as WorkerInput);
}
