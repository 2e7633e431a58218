/**
 * What the dashboard says is true in every case (real Chromium): a small
 * sample is counted in the unit's own terms (people, credits, episodes);
 * findings read correctly for a report named "The …", for all roles and for
 * a season nobody's gender is known in; films are never held to the DGA's TV
 * line; baselines from another period or platform are marked on the
 * overview; nouns follow their numbers; the overview fits a desktop.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { launchChromium } from './chromium.js';
import { tempFile } from '../helpers/db.js';
import { buildWeb, openPage, ready, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

const SERIES = [
  'series,season,episode,air_date,role,person,gender,platform',
  // directors: a co-directed episode with one unknown gives 0.5 known, so 3.5 episodes, 4 people, 4 credits of known gender
  'Split Show,1,1,2019-10-01,director,Ann A,woman,Netflix',
  'Split Show,1,1,2019-10-01,director,Bea B,,Netflix',
  'Split Show,1,2,2019-10-08,director,Cal C,man,Netflix',
  'Split Show,1,3,2019-10-15,director,Dee D,woman,Netflix',
  'Split Show,1,4,2019-10-22,director,Eli E,man,Netflix',
  'Nobody Show,1,1,2019-10-01,director,Pat P,,Netflix',
  'Nobody Show,1,1,2019-10-01,writer,Sam S,,Netflix',
  'Solo Show,1,1,2019-10-01,director,Kim K,woman,Netflix',
  // no woman directed an episode: below the DGA's 15% line
  'Low Show,1,1,2019-10-01,director,Max M,man,Netflix',
  // no baseline of 2031 (a year the importer still takes: it refuses air dates over 10 years ahead): the nearest period's, flagged
  'Future Show,1,1,2031-01-10,director,Lou L,woman,Netflix',
  // Boxed In 2020-21 measured streaming and broadcast only
  'Cable Show,1,1,2021-01-10,director,Uma U,woman,HBO',
].join('\n');

const FILMS = [
  'series,kind,year,role,person,gender',
  'Bright Film,film,2017,director,Fay F,woman',
  'Bright Film,film,2017,writer,Gus G,man',
  'Dark Film,film,2018,director,Hal H,man',
].join('\n');

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  for (const [name, content] of [
    ['series.csv', SERIES],
    ['films.csv', FILMS],
  ] as const) {
    const summary = await importFiles(app.db, [{ path: tempFile(name, content) }]);
    if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
  }
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('what the dashboard says', () => {
  it('counts a small sample in the unit’s own terms: episodes, people or credits of known gender', async () => {
    const expected = {
      episode: '3.5 episodes with a director of known gender',
      person: '4 directors of known gender',
      credit: '4 director credits of people of known gender',
    };
    const { page, errors } = await openPage(browser, `${app.base}/?production=split-show&season=1&unit=episode&role=all`);
    for (const [unit, words] of Object.entries(expected)) {
      await page.goto(`${app.base}/?production=split-show&season=1&unit=${unit}&role=all`);
      await ready(page);
      expect(await page.locator('.warnings').innerText()).toContain(`Small sample: the share rests on ${words}; read the interval`);
      expect(await page.locator('#season-chart tr[data-role="director"] td.text').last().innerText()).toMatch(new RegExp(`^small sample: ${words}(;|$)`));
      // fractions as counts are written ("0.5 of 4"), not as cells ("0.50")
      expect(await page.locator('.warnings').innerText(), unit).not.toMatch(/\d\.\d0\b|only \d/);
    }
    expect(await page.locator('.warnings').innerText()).toContain('Unknown gender: 1 of 5 are counted but left out of the shares.');
    await page.goto(`${app.base}/?production=split-show&season=1&unit=episode&role=all`);
    await ready(page);
    expect(await page.locator('.warnings').innerText()).toContain('Unknown gender: 0.5 of 4 are counted but left out of the shares.');
    // one of a kind: singular
    await page.goto(`${app.base}/?production=solo-show&season=1&unit=episode&role=all`);
    await ready(page);
    expect(await page.locator('.warnings').innerText()).toContain('rests on 1 episode with a director of known gender;');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('findings read correctly for a report named “The …”, for all roles, and when nobody’s gender is known', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=bright-film&unit=person&role=all`);
    const finding = (await page.locator('#season-chart-canvas').getAttribute('aria-label'))!;
    expect(finding).not.toMatch(/the The|\bno all\b/);
    expect(finding).toContain('points above the baseline of 11.0% (The Celluloid Ceiling 2017)');
    expect(finding).toContain('of the crew in all credited roles');

    for (const url of ['/embed?production=nobody-show&season=1&unit=person&role=all&chart=bars', '/?production=nobody-show&season=1&unit=person&role=all']) {
      await page.goto(`${app.base}${url}`);
      await ready(page);
      const label = (await page.locator('#season-chart-canvas').getAttribute('aria-label'))!;
      expect(label).toBe('Nobody Show, season 1 (2019), counted per person: no one credited is of known gender, so there is no share of women to report.');
    }
    const trend = (await page.locator('#trend-chart-canvas').getAttribute('aria-label'))!;
    expect(trend).toContain('Share of women among the crew in all credited roles of Nobody Show');
    expect(trend).toContain('season 1 (2019) no one of known gender');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('never holds a film to the DGA’s TV line on the overview, and marks baselines from another period or platform', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=person`);
    for (const film of ['dark-film', 'bright-film']) {
      const row = page.locator(`tr[data-production="${film}"]`);
      const dga = row.locator('td[data-label^="Directors, % of episodes"]');
      expect(await dga.innerText()).not.toMatch(/15% line:|Below/);
      expect(await dga.innerText()).toContain('a film has no episodes');
      expect((await row.getAttribute('class')) ?? '').not.toContain('below-line');
    }
    expect(await page.locator('tr[data-production="dark-film"] td[data-label^="Directors, % of episodes"]').innerText()).toContain('The Celluloid Ceiling 2018');
    // a TV season below the line is still marked; one with nobody of known gender is not held to it
    expect(await page.locator('tr[data-production="low-show"] [data-below-dga]').getAttribute('data-below-dga')).toBe('true');
    expect(await page.locator('tr[data-production="nobody-show"] [data-below-dga]').count()).toBe(0);
    expect(await page.locator('tr[data-production="cable-show"] [data-below-dga]').getAttribute('data-below-dga')).toBe('false');
    expect(await page.locator('tr[data-production="future-show"] td[data-role="director"]').innerText()).toContain('baseline from the nearest period');
    expect(await page.locator('tr[data-production="cable-show"] td[data-role="director"]').innerText()).toContain(
      'baseline measures streaming only: this season is on HBO, a cable network',
    );
    // every row says so exactly when its baseline is from another period or measures another platform
    const rows = ((await (await fetch(`${app.base}/api/stats?unit=person&role=director`)).json()) as { rows: Array<Record<string, unknown>> }).rows;
    const latest = new Map<unknown, Record<string, unknown>>();
    for (const r of rows) if (!latest.has(r.production) || Number(r.season_year) > Number(latest.get(r.production)!.season_year)) latest.set(r.production, r);
    expect([...latest.values()].some((r) => r.baseline_exact_period === true && r.baseline_exact_platform === true)).toBe(true);
    for (const r of latest.values()) {
      const cell = await page.locator(`tr[data-production="${String(r.production)}"] td[data-role="director"]`).innerText();
      expect(cell.includes('baseline from the nearest period'), `${String(r.production)} period`).toBe(r.baseline_share !== null && r.baseline_exact_period === false);
      expect(cell.includes('baseline measures'), `${String(r.production)} platform`).toBe(r.baseline_share !== null && r.baseline_exact_platform === false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits the overview in a 1280 px desktop without sideways scrolling, and a 375 px phone', async () => {
    for (const width of [1280, 375]) {
      const { page, errors } = await openPage(browser, `${app.base}/?unit=person`, width);
      expect(await page.$eval('html', (html) => html.scrollWidth), `page at ${width}`).toBeLessThanOrEqual(width);
      const [table, region] = await page.$eval('#overview-table', (t) => [t.scrollWidth, t.parentElement!.clientWidth]);
      if (width === 1280) expect(table, 'table at 1280').toBeLessThanOrEqual(region!);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('puts nouns after their numbers in the singular when there is one, and speaks of a film as a film', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=solo-show&season=1&unit=person&role=all`);
    expect(await page.locator('.meta').innerText()).toBe('TV · Netflix · 1 season · Season 1 (2019): 1 episode, 1 credit');

    await page.goto(`${app.base}/?production=dark-film&unit=episode&role=director`);
    await ready(page);
    expect(await page.locator('.meta').innerText()).toBe('Film · 2018 · 1 credit');
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/season|episode/i);
    expect(await page.locator('#trend-chart .chart-title').innerText()).toBe('Share of women among directors: Dark Film, the film beside its baseline');
    expect(await page.locator('#headline').innerText()).toContain('counted per film');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
