/**
 * Films and wide-sheet imports in the dashboard (real Chromium): a film has
 * no seasons, so its view, links and downloads name the release year and no
 * season; an episode table's TBA episode counts against coverage; a baseline
 * measuring another platform than the production's says so.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { importFiles } from '../../src/import/service.js';
import { launchChromium } from './chromium.js';
import { tempFile } from '../helpers/db.js';
import { buildWeb, openPage, ready, serve, type Served } from './harness.js';

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
  // Boxed In 2020-21 published streaming and broadcast figures only
  const platforms = tempFile(
    'platforms.csv',
    ['series,season,episode,air_date,role,person,gender,platform', 'Cable Show,1,1,2021-01-10,director,Uma U,woman,HBO', 'Quiet Show,1,1,2021-01-10,director,Vic V,man,'].join('\n'),
  );
  const summary = await importFiles(app.db, [{ path: platforms }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
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

  it('presents a film as a film in the overview, its links, its downloads and its source lines: no season 0 anywhere', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=person`);
    const row = page.locator('tr[data-production="the-long-quiet"]');
    expect(await row.locator('td[data-label="Latest season"]').innerText()).toBe('Film (2017)');
    expect(await row.locator('th a').getAttribute('href')).toBe('?production=the-long-quiet&unit=person&role=all');

    // an old link naming the internal season opens the film and is rewritten without it
    await page.goto(`${app.base}/?production=the-long-quiet&season=0&unit=person&role=all`);
    await ready(page);
    expect(new URL(page.url()).search).toBe('?production=the-long-quiet&unit=person&role=all');
    const main = await page.locator('main').innerText();
    expect(main).toContain('Film · 2017 · 5 credits');
    expect(main).not.toMatch(/season 0|\bs0\b|episodes/i);

    const csv = page.locator('#season-chart [data-action="csv"]');
    expect(await csv.getAttribute('download')).toBe('crewcount-the-long-quiet-person.csv');
    expect(Object.fromEntries(new URL((await csv.getAttribute('href'))!, app.base).searchParams)).toEqual({ production: 'the-long-quiet', unit: 'person' });
    const credits = await page.locator('#credits a').getAttribute('href');
    expect(Object.fromEntries(new URL(credits!, app.base).searchParams)).toEqual({ production: 'the-long-quiet' });
    await page.click('#season-chart button[aria-controls="season-chart-embed"]');
    expect(await page.inputValue('#season-chart-snippet')).toMatch(/\/embed\?production=the-long-quiet&amp;unit=person&amp;role=all&amp;chart=bars"/);
    expect(await page.locator('#trend-chart .source').innerText()).toContain('Baseline (the film): The Celluloid Ceiling 2017');

    await page.goto(`${app.base}/embed?production=the-long-quiet&unit=person&role=all&chart=trend`);
    await ready(page);
    expect(await page.locator('.source').innerText()).not.toMatch(/season 0/i);
    expect(await page.locator('.embed-link a').getAttribute('href')).toBe('./?production=the-long-quiet&unit=person&role=all');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says when the baseline measures another platform: a cable show beside Boxed In 2020-21’s streaming figure', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=cable-show&unit=person&role=director`);
    const caveat = 'measures streaming only: this season is on HBO, a cable network';
    expect(await page.locator('.warnings').innerText()).toContain(`The directors baseline ${caveat}.`);
    expect(await page.locator('#season-chart .source').innerText()).toContain(`Boxed In 2020-21: directors, TV (streaming), % of people (${caveat}); `);
    expect(await page.locator('#season-chart tr[data-role="director"] td.text').last().innerText()).toBe(`small sample: 1 director of known gender; baseline ${caveat}`);
    // the DGA's episode figure covers every platform: no caveat
    await page.goto(`${app.base}/?production=cable-show&unit=episode&role=director`);
    await ready(page);
    expect(await page.locator('#season-chart tr[data-role="director"] td.text').last().innerText()).not.toContain('measures');

    await page.goto(`${app.base}/?production=quiet-show&unit=person&role=director`);
    await ready(page);
    expect(await page.locator('.warnings').innerText()).toContain('The directors baseline measures streaming only: platform not recorded.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the coverage a wide sheet records: directors on 3 of 4 episodes', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=harbour-lights&season=2&unit=person`);
    expect(await page.locator('main').innerText()).toMatch(/directors are credited on 75(\.0)?% of the season’s recorded episodes/);
    expect(await page.locator('tr[data-episode]').count()).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });
});
