/**
 * A bound on whole-database stats requests. Without a production filter a
 * stats answer covers every season (238,080 rows, 190 MB of JSON on the
 * 1M-credit benchmark database): a hundred of them at once would hold
 * gigabytes and answer none within a client's timeout. So at most `active`
 * run at a time, `queued` more wait their turn, and beyond that the answer is
 * at once 503 with Retry-After, which a client can act on, instead of a
 * timeout. Requests for one production (what the dashboard asks) are cheap
 * and pass untouched.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ClientError } from './client-error.js';

export interface StatsLimitOptions {
  /** Whole-database requests served at once. */
  active?: number;
  /** Whole-database requests waiting for a turn; more are refused with 503. */
  queued?: number;
  /** Seconds a refused client is told to wait (Retry-After). */
  retryAfterSeconds?: number;
}

const isWholeDatabase = (req: Request): boolean => {
  const production = req.query.production;
  return production === undefined || production === '';
};

export function wholeDatabaseStatsLimit(options: StatsLimitOptions = {}): RequestHandler {
  const maxActive = options.active ?? 1;
  const maxQueued = options.queued ?? 1;
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  let active = 0;
  const waiting: Array<() => void> = [];

  const admit = (res: Response, next: NextFunction): void => {
    active++;
    // 'close' comes once the response is sent or the client has gone, whichever is first.
    res.once('close', () => {
      active--;
      waiting.shift()?.();
    });
    next();
  };

  return (req, res, next) => {
    if (!isWholeDatabase(req)) return next();
    if (active < maxActive) return admit(res, next);
    if (waiting.length < maxQueued) {
      const turn = (): void => admit(res, next);
      waiting.push(turn);
      // A client that gives up while waiting leaves the queue.
      res.once('close', () => {
        const i = waiting.indexOf(turn);
        if (i >= 0) waiting.splice(i, 1);
      });
      return;
    }
    res.set('Retry-After', retryAfter);
    next(
      new ClientError(
        503,
        'busy',
        `${maxActive + maxQueued} whole-database stats requests are already under way; retry in ${retryAfter} s, or filter by production`,
        { retryAfterSeconds: Number(retryAfter) },
      ),
    );
  };
}
