/**
 * The messages a worker thread posts, in order, as an async iterable. Used by
 * the import's parser and the export's reader, which both stream batches from
 * a worker. A crash or exit of the worker ends the iteration with an error
 * (after any messages it posted first); when the consumer stops, for any
 * reason, the worker is terminated. pacedPoster is the worker's side.
 */
import type { MessagePort, TransferListItem, Worker } from 'node:worker_threads';

export async function* workerMessages<M>(worker: Worker, what: string): AsyncGenerator<M> {
  const queue: M[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (m: M) => {
    queue.push(m);
    notify?.();
  });
  worker.on('error', (err) => {
    failure = err;
    notify?.();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`${what} failed: the worker thread stopped (exit code ${code})`);
    notify?.();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (notify = resolve));
      // Messages sent before the worker stopped still count.
      if (queue.length === 0) throw failure!;
      yield queue.shift()!;
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * Worker side: post messages to the parent with at most `limit` of them not
 * yet acknowledged (the parent posts one message back for each it takes),
 * so a producer faster than its consumer waits instead of filling memory.
 */
export function pacedPoster(port: MessagePort, limit: number): (message: unknown, transfer?: readonly TransferListItem[]) => Promise<void> {
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    inFlight--;
    wake?.();
    wake = null;
  });
  return async (message, transfer = []) => {
    inFlight++;
    port.postMessage(message, transfer);
    while (inFlight >= limit) await new Promise<void>((resolve) => (wake = resolve));
  };
}
