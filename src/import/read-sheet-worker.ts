/**
 * The import's front half (read → decode → parse → normalise, i.e.
 * readCreditBatches) on a second core. For large files it runs in a worker
 * thread while the main thread loads the previous batches into the database.
 *
 * Batches cross the thread boundary packed: one Int32Array per batch (the
 * numbers of each record, and ids for its texts) plus the strings the main
 * thread has not been sent yet. Copying a typed array is nearly free,
 * whereas a structured clone of a million records would cost the main
 * thread more than the parsing it saves; and as sheets repeat their titles,
 * dates and people row after row, each text crosses far fewer times than
 * once per row.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { detached } from '../domain/text.js';
import { pacedPoster, workerMessages } from '../lib/worker-messages.js';
import type { Gender } from '../domain/genders.js';
import type { Kind } from '../domain/kinds.js';
import type { Role } from '../domain/roles.js';
import { newFileFacts, readCreditBatches, type LoadableBatch, type SheetOptions } from './credit-batches.js';
import type { PersonTokens } from './load.js';
import type { CreditRecord, FileFacts, ImportIssue } from './types.js';

/** Batches in flight before the worker waits for the main thread: bounds memory when loading is slower. */
const MAX_IN_FLIGHT = 8;
/** Values per packed record: line, season, episode, the twelve texts, the person token and the release year (see CreditPacker.pack). */
const RECORD_FIELDS = 17;
/** The shared string table starts afresh when it holds this many: bounds memory on both sides. */
const STRING_TABLE_LIMIT = 1 << 18;

interface WorkerInput {
  path: string;
  options: Omit<SheetOptions, 'onBytes'>;
}

/**
 * A text field's id is 0 for null, n > 0 for entry n of the string table
 * both threads keep (which `shared` extends), -n for `local[n - 1]`.
 */
interface PackedBatch {
  /** RECORD_FIELDS numbers per record. */
  fields: Int32Array;
  /** Strings new to the table, taking the next ids in order. */
  shared: string[];
  /** Empty the table (ids restart at 1, person tokens at 0) before adding `shared`. */
  resetShared: boolean;
  /** Strings used in this batch only. */
  local: string[];
  issues: ImportIssue[];
  columns?: LoadableBatch['columns'];
}

type WorkerMessage =
  | { type: 'batch'; batch: PackedBatch; bytes: number; rowsRead: number }
  | { type: 'done'; facts: FileFacts }
  | { type: 'crash'; message: string; facts: FileFacts };

/**
 * Worker side: records → packed batches. Most texts repeat the row above (a
 * sheet lists an episode's credits together): they are sent again, with the
 * batch, only when they change. People, dates and the few roles and genders
 * recur all over the sheet: they are looked up in the shared table, so each
 * crosses once. Looking a string up costs several times more than comparing
 * it with the row above, hence the two ways.
 */
class CreditPacker {
  private nextShared = 1;
  private shared: string[] = [];
  private local: string[] = [];
  /** Shared ids of role, gender, kind, platform and date strings. */
  private vocabulary = new Map<string, number>();
  /** Token of each person's name (see PersonTokens), by name; the name's shared id, by token. */
  private people = new Map<string, number>();
  private nameIds: number[] = [];
  /** Per field, the last string and its id. */
  private lastString: Array<string | null> = new Array<string | null>(RECORD_FIELDS).fill(null);
  private lastId = new Int32Array(RECORD_FIELDS);

  pack(batch: LoadableBatch): PackedBatch {
    const resetShared = this.nextShared >= STRING_TABLE_LIMIT;
    if (resetShared) {
      this.nextShared = 1;
      this.vocabulary.clear();
      this.people.clear();
      this.nameIds = [];
    }
    // Local ids from the last batch mean nothing in this one.
    this.lastString.fill(null);
    this.shared = [];
    this.local = [];
    const fields = new Int32Array(batch.records.length * RECORD_FIELDS);
    let o = 0;
    for (const r of batch.records) {
      fields[o] = r.line;
      fields[o + 1] = r.season;
      fields[o + 2] = r.episode;
      fields[o + 3] = this.repeated(3, r.series);
      fields[o + 4] = this.repeated(4, r.slug);
      fields[o + 5] = this.vocabularyId(5, r.kind);
      fields[o + 6] = r.platform === null ? 0 : this.vocabularyId(6, r.platform);
      fields[o + 7] = this.repeated(7, r.episodeTitle);
      fields[o + 8] = r.airDate === null ? 0 : this.vocabularyId(8, r.airDate);
      fields[o + 9] = r.role === null ? 0 : this.vocabularyId(9, r.role);
      const token = this.personToken(r.person, r.personKey);
      const nameId = this.nameIds[token]!;
      fields[o + 10] = nameId;
      fields[o + 11] = nameId + 1;
      fields[o + 12] = this.vocabularyId(12, r.gender);
      fields[o + 13] = this.repeated(13, r.creditNote);
      fields[o + 14] = this.repeated(14, r.source);
      fields[o + 15] = token;
      fields[o + 16] = r.releaseYear ?? 0; // 0: none (no film is from year 0)
      o += RECORD_FIELDS;
    }
    return { fields, shared: this.shared, resetShared, local: this.local, issues: batch.issues, ...(batch.columns ? { columns: batch.columns } : {}) };
  }

  /** Id of a text that usually equals the one above it. */
  private repeated(field: number, s: string | null): number {
    if (s === null) return 0;
    if (s === this.lastString[field]) return this.lastId[field]!;
    this.local.push(s);
    const id = -this.local.length;
    this.lastString[field] = s;
    this.lastId[field] = id;
    return id;
  }

  /** Id of a text from a small vocabulary that recurs anywhere in the sheet. */
  private vocabularyId(field: number, s: string): number {
    if (s === this.lastString[field]) return this.lastId[field]!;
    let id = this.vocabulary.get(s);
    if (id === undefined) {
      id = this.share(s);
      this.vocabulary.set(detached(s), id);
    }
    this.lastString[field] = s;
    this.lastId[field] = id;
    return id;
  }

  /**
   * Token of a person's name. The name's shared id is nameIds[token] and
   * the identity key's the next: the key is a function of the name, so one
   * lookup (by name) serves both.
   */
  private personToken(name: string, key: string): number {
    let token = this.people.get(name);
    if (token === undefined) {
      token = this.nameIds.length;
      this.nameIds.push(this.share(name));
      this.share(key);
      this.people.set(detached(name), token);
    }
    return token;
  }

  private share(s: string): number {
    this.shared.push(s);
    return this.nextShared++;
  }
}

/** Main-thread side: packed batches → records whose strings are shared, not copied per row. */
class CreditUnpacker {
  private shared: Array<string | null> = [null];
  /** The PersonTokens scope of the current string table. */
  private scope = {};

  unpack(packed: PackedBatch): LoadableBatch {
    if (packed.resetShared) {
      this.shared = [null];
      this.scope = {};
    }
    for (const s of packed.shared) this.shared.push(s);
    const t = this.shared;
    const l = packed.local;
    const f = packed.fields;
    const records: CreditRecord[] = new Array<CreditRecord>(f.length / RECORD_FIELDS);
    const tokens = new Int32Array(records.length);
    for (let i = 0, o = 0; o < f.length; i++, o += RECORD_FIELDS) {
      tokens[i] = f[o + 15]!;
      records[i] = {
        line: f[o]!,
        series: text(t, l, f[o + 3]!)!,
        slug: text(t, l, f[o + 4]!)!,
        kind: text(t, l, f[o + 5]!) as Kind,
        platform: text(t, l, f[o + 6]!),
        season: f[o + 1]!,
        episode: f[o + 2]!,
        releaseYear: f[o + 16]! === 0 ? null : f[o + 16]!,
        episodeTitle: text(t, l, f[o + 7]!),
        airDate: text(t, l, f[o + 8]!),
        role: text(t, l, f[o + 9]!) as Role | null,
        person: text(t, l, f[o + 10]!)!,
        personKey: text(t, l, f[o + 11]!)!,
        gender: text(t, l, f[o + 12]!) as Gender,
        creditNote: text(t, l, f[o + 13]!),
        source: text(t, l, f[o + 14]!),
      };
    }
    const people: PersonTokens = { scope: this.scope, tokens };
    return { records, issues: packed.issues, people, ...(packed.columns ? { columns: packed.columns } : {}) };
  }
}

/** The text a packed id stands for (see PackedBatch). */
function text(shared: ReadonlyArray<string | null>, local: readonly string[], id: number): string | null {
  return id >= 0 ? shared[id]! : local[-id - 1]!;
}

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const post = pacedPoster(port, MAX_IN_FLIGHT);
  const facts = newFileFacts(input.path, input.options.displayName);
  const packer = new CreditPacker();
  let bytes = 0;
  try {
    const options = { ...input.options, inWorker: false, onBytes: (n: number) => (bytes = n) };
    for await (const batch of readCreditBatches(input.path, options, facts)) {
      const msg: WorkerMessage = { type: 'batch', batch: packer.pack(batch), bytes, rowsRead: facts.rowsRead };
      await post(msg, [msg.batch.fields.buffer as ArrayBuffer]);
    }
    port.postMessage({ type: 'done', facts } satisfies WorkerMessage);
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    port.postMessage({ type: 'crash', message, facts } satisfies WorkerMessage);
  }
  port.close();
}

/**
 * Same contract as readCreditBatches, with the work done in a worker
 * thread; `facts` is kept up to date as batches arrive.
 */
export async function* readCreditBatchesInWorker(
  path: string,
  options: SheetOptions,
  facts: FileFacts,
): AsyncGenerator<LoadableBatch> {
  const { onBytes, ...plain } = options;
  const self = fileURLToPath(import.meta.url);
  // Under the test runner this file is TypeScript: let the worker load it the same way.
  const worker = new Worker(self, {
    workerData: { path, options: plain } satisfies WorkerInput,
    execArgv: self.endsWith('.ts') ? ['--import', 'tsx'] : [],
  });
  const unpacker = new CreditUnpacker();
  for await (const m of workerMessages<WorkerMessage>(worker, `reading ${path}`)) {
    if (m.type === 'batch') {
      worker.postMessage('ack');
      onBytes?.(m.bytes);
      facts.rowsRead = m.rowsRead;
      yield unpacker.unpack(m.batch);
    } else {
      Object.assign(facts, m.facts, { file: facts.file });
      if (m.type === 'crash') throw new Error(`reading ${path} failed: ${m.message}`);
      return;
    }
  }
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.path) {
  void runWorker(workerData as WorkerInput);
}
