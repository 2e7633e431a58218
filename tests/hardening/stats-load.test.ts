/**
 * Whole-database stats under load: at most a few run at once, a few more
 * wait, the rest get 503 with Retry-After at once (src/http/stats-limit.ts);
 * identical requests arriving together share one computation
 * (src/stats/cache.ts). `npm run soak -- load` measures the same on the
 * 1M-credit database with 100 connections.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/errors.js';
import { wholeDatabaseStatsLimit } from '../../src/http/stats-limit.js';
import { statsCache } from '../../src/stats/cache.js';
import { databasePerTest, seeded } from '../helpers/db.js';

/** A server whose stats handler answers only when the test says so, behind the limiter. */
async function heldServer(): Promise<{
  url: string;
  /** Resolves once `n` requests have reached the limiter. */
  arrived(n: number): Promise<void>;
  /** Requests inside the handler, in order of entry (their `id` parameter). */
  entered: string[];
  release(): void;
  close(): Promise<void>;
}> {
  let arrivals = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const entered: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = express();
  app.use((_req, _res, next) => {
    arrivals++;
    for (const w of waiters.filter((w) => arrivals >= w.n)) w.resolve();
    next();
  });
  app.use('/api/stats', wholeDatabaseStatsLimit({ active: 2, queued: 3, retryAfterSeconds: 7 }));
  app.get('/api/stats', async (req, res) => {
    entered.push(String(req.query.id));
    await released;
    res.json({ id: req.query.id });
  });
  app.use(errorHandler); // the app's one error middleware sends the limiter's 503, as in createApp
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived: (n) => (arrivals >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    entered,
    release,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the whole-database stats limit', () => {
  it('serves 2 at once, queues 3, answers the 6th at once with 503 + Retry-After, and lets per-production requests through', async () => {
    const s = await heldServer();
    try {
      const held = [1, 2, 3, 4, 5].map((id) => fetch(`${s.url}/api/stats?id=${id}`));
      await s.arrived(5);
      const refused = await fetch(`${s.url}/api/stats?id=6&unit=credit`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(await refused.json()).toEqual({
        error: { code: 'busy', message: expect.stringMatching(/retry in 7 s, or filter by production/), details: { retryAfterSeconds: 7 } },
      });
      expect(s.entered).toEqual(['1', '2']);
      // a production's stats are not bounded: it reaches the handler while five whole-database requests wait
      const filtered = fetch(`${s.url}/api/stats?id=p&production=some-show`);
      await s.arrived(7);
      s.release();
      const answers = await Promise.all([...held, filtered]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(s.entered.slice(0, 3).sort()).toEqual(['1', '2', 'p']);
      expect(s.entered.slice(3)).toEqual(['3', '4', '5']); // the queue in order of arrival
    } finally {
      s.release();
      await s.close();
    }
  });
});

describe('the stats cache under concurrent identical requests', () => {
  let db: Knex;
  databasePerTest(seeded(), (d) => (db = d));

  it('computes once for requests that arrive together, and again after the database changes', async () => {
    const stats = statsCache(db, { maxRows: 0 }); // keep nothing: only sharing can save the work
    let computations = 0;
    db.on('query', (q: { sql?: string }) => {
      if (/from [`"]seasons[`"] as [`"]s[`"]/i.test(q.sql ?? '')) computations++;
    });
    const together = await Promise.all(Array.from({ length: 8 }, () => stats({})));
    expect(computations).toBe(1);
    expect(together.every((rows) => rows === together[0])).toBe(true);
    expect(together[0]!.length).toBeGreaterThan(0);
    // nothing kept (maxRows 0): a later request computes again
    await stats({});
    expect(computations).toBe(2);
    // different queries are not shared
    await Promise.all([stats({}), stats({ unit: 'credit' })]);
    expect(computations).toBe(4);
    // after a write, a new request never gets a computation started before it
    const pending = stats({});
    await db('people').insert({ name: 'Later Person', identity_key: 'later person', gender: 'woman' });
    const after = await stats({});
    await pending;
    expect(computations).toBe(6);
    expect(after).toHaveLength(together[0]!.length);
  });
});
