/**
 * readSheet on a second core. CSV parsing is the import's largest single
 * cost, so for large files it runs in a worker thread while the main thread
 * normalises and loads the previous batches. Records cross the thread
 * boundary packed into one string per batch (cells joined by U+001F,
 * records by U+001E), which costs a copy instead of a structured clone of
 * millions of small strings.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readSheet, SheetError, type RawRecord, type SheetFacts, type SheetReadOptions } from './read-sheet.js';

const CELL = '\u001f';
const RECORD = '\u001e';
/** Batches in flight before the worker waits for the main thread: bounds memory when loading is slower. */
const MAX_IN_FLIGHT = 4;

interface WorkerInput {
  path: string;
  options: Omit<SheetReadOptions, 'onBytes'>;
}
type WorkerMessage =
  | { type: 'batch'; packed: string | null; records: RawRecord[] | null; lines: Int32Array; bytes: number }
  | { type: 'done'; facts: SheetFacts }
  | { type: 'sheet-error'; message: string; line: number; column: number; value: string; facts: SheetFacts }
  | { type: 'crash'; message: string };

function pack(records: RawRecord[]): { packed: string; lines: Int32Array } {
  const lines = new Int32Array(records.length);
  const parts: string[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    lines[i] = records[i]!.line;
    parts[i] = records[i]!.cells.join(CELL);
  }
  return { packed: parts.join(RECORD), lines };
}

function unpack(packed: string, lines: Int32Array): RawRecord[] {
  const rows = packed === '' && lines.length === 1 ? [''] : packed.split(RECORD);
  return rows.map((row, i) => ({ line: lines[i]!, cells: row.split(CELL) }));
}

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    inFlight--;
    wake?.();
    wake = null;
  });
  const facts: SheetFacts = { sha256: '', encoding: '', delimiter: ',', bytes: 0, hasSeparatorChars: false };
  try {
    for await (const batch of readSheet(input.path, input.options, facts)) {
      // A separator inside a cell would make the packing ambiguous: such files go as objects.
      const msg: WorkerMessage = facts.hasSeparatorChars
        ? { type: 'batch', packed: null, records: batch, lines: new Int32Array(0), bytes: facts.bytes }
        : { type: 'batch', records: null, bytes: facts.bytes, ...pack(batch) };
      inFlight++;
      port.postMessage(msg, [msg.lines.buffer as ArrayBuffer]);
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    }
    port.postMessage({ type: 'done', facts } satisfies WorkerMessage);
  } catch (err) {
    if (err instanceof SheetError) {
      port.postMessage({ type: 'sheet-error', message: err.message, line: err.line, column: err.column, value: err.value, facts } satisfies WorkerMessage);
    } else {
      port.postMessage({ type: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerMessage);
    }
  }
  port.close();
}

/** Same contract as readSheet, with the reading and parsing done in a worker thread. */
export async function* readSheetInWorker(path: string, options: SheetReadOptions, facts: SheetFacts): AsyncGenerator<RawRecord[]> {
  const { onBytes, ...plain } = options;
  const self = fileURLToPath(import.meta.url);
  // Under the test runner this file is TypeScript: let the worker load it the same way.
  const worker = new Worker(self, {
    workerData: { path, options: plain } satisfies WorkerInput,
    execArgv: self.endsWith('.ts') ? ['--import', 'tsx'] : [],
  });
  const queue: WorkerMessage[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    notify?.();
  });
  worker.on('error', (err) => {
    failure = err;
    notify?.();
  });
  worker.on('exit', () => notify?.());
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (notify = resolve));
      if (failure) throw failure;
      const m = queue.shift()!;
      if (m.type === 'batch') {
        worker.postMessage('ack');
        onBytes?.(m.bytes);
        yield m.packed === null ? m.records! : unpack(m.packed, m.lines);
      } else if (m.type === 'done') {
        Object.assign(facts, m.facts);
        return;
      } else if (m.type === 'sheet-error') {
        Object.assign(facts, m.facts);
        throw new SheetError(m.message, m.line, m.column, m.value);
      } else {
        throw new Error(`reading ${path} failed: ${m.message}`);
      }
    }
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.path) {
  void runWorker(workerData as WorkerInput);
}
