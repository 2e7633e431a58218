/**
 * The browser tests' world: the dashboard bundle built from web/src, a fresh
 * in-memory database with the sample credits and a hostile-names fixture,
 * createApp served on 127.0.0.1 (port 0), and chromium pages that record
 * console errors, page errors and dialogs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';
import { createApp, type AppDeps } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { openReady } from '../../src/setup.js';
import { runSeeds } from '../../seeds/index.js';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const FIXTURE = path.join(PROJECT_ROOT, 'tests', 'browser', 'fixtures', 'hostile-names.csv');
export const ARTIFACTS = path.join(PROJECT_ROOT, 'tests', 'artifacts');

/** Build web/dist as `npm run build:web` does, so the test never serves a stale bundle. */
export function buildWeb(): void {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'web', 'build.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
  process.stderr.write(result.stdout);
}

export interface Served {
  db: Knex;
  base: string;
  close: () => Promise<void>;
}

/** `deps`: what else createApp gets (the upload tests give a token and a size limit). */
export async function serve(deps: Omit<AppDeps, 'db'> = {}): Promise<Served> {
  const db = await openReady(':memory:');
  await runSeeds(db);
  const summary = await importFiles(db, [{ path: FIXTURE, name: 'tests/browser/fixtures/hostile-names.csv' }]);
  if (summary.issues.length > 0) throw new Error(`fixture did not import: ${JSON.stringify(summary.issues)}`);
  const server: Server = await new Promise((resolve) => {
    const s = createApp({ db, ...deps }).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    db,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

export interface Watched {
  page: Page;
  errors: string[]; // console errors and uncaught page errors
  dialogs: string[];
}

/** `context`: more for the browser context (a viewport's height, a device scale, forced colours), over the 900 px tall `width`. */
export async function openPage(browser: Browser, url: string, width = 1280, context: BrowserContextOptions = {}): Promise<Watched> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, ...context });
  const page = await ctx.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await ready(page);
  return { page, errors, dialogs };
}

/** Wait until the view named by the current URL is rendered. */
export async function ready(page: Page): Promise<void> {
  // A function, not a string: the page's CSP rightly refuses to eval strings. Typed by hand: tests compile without the DOM library.
  await page.waitForFunction(
    () => {
      const w = globalThis as unknown as { document: { documentElement: { dataset: Record<string, string | undefined> } }; location: { search: string } };
      const { dataset } = w.document.documentElement;
      return dataset.status === 'ready' && dataset.rendered === w.location.search;
    },
    null,
    { timeout: 20_000 },
  );
}

/** The id of the element with focus ('' for <body>). */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = (globalThis as unknown as { document: { activeElement: { id: string; tagName: string } | null } }).document.activeElement;
    return active && active.tagName !== 'BODY' ? active.id || active.tagName.toLowerCase() : '';
  });
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
