/**
 * Films and wide-sheet imports in the dashboard (real Chromium): a film has
 * no seasons, so its view names the release year; an episode table's TBA
 * episode counts against coverage.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { importFiles } from '../../src/import/service.js';
import { launchChromium } from './chromium.js';
import { buildWeb, openPage, serve, type Served } from './harness.js';

const WIDE = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'wide');

let browser: Browser;
let app: Served;

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  for (const [file, options] of [
    ['films.csv', {}],
    ['episode-table.csv', { production: 'Harbour Lights', season: 2 }],
  ] as const) {
    const summary = await importFiles(app.db, [{ path: path.join(WIDE, file) }], options);
    if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
  }
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('films and wide sheets in the dashboard', () => {
  it('shows a film by its release year, never as a season, with its Celluloid Ceiling baseline and its credits', async () => {
    const { page, errors, dialogs } = await openPage(browser, `${app.base}/?production=the-long-quiet&unit=person`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Film (2017)');
    expect(text).not.toMatch(/Season 0/);
    expect(text).toContain('The Celluloid Ceiling');
    // the credits table: one row for the film
    expect(await page.locator('tr[data-episode="0"] th').innerText()).toBe('Film');
    expect(await page.locator('#ctl-season option:checked').innerText()).toBe('Film (2017)');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('shows the coverage a wide sheet records: directors on 3 of 4 episodes', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=harbour-lights&season=2&unit=person`);
    expect(await page.locator('main').innerText()).toMatch(/directors are credited on 75(\.0)?% of the season’s recorded episodes/);
    expect(await page.locator('tr[data-episode]').count()).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });
});
