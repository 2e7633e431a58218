/**
 * Long unbroken words in table cells: a one-word production title of 299
 * characters (titles may run to 300) and an episode title of 5,000 wrap in
 * their cells, so the numbers beside them stay in view without scrolling.
 * Before, the overview's Production column was 2,606 px wide at 1280 px and
 * the credits table's air dates sat at x ≈ 67,300 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { tempFile } from '../helpers/db.js';
import { launchChromium } from './chromium.js';
import { artifact, buildWeb, openPage, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

const LONG_TITLE = `${'Longtitle'.repeat(33)}XY`; // 299 characters, no space
const LONG_EPISODE = 'Episodetitle'.repeat(417).slice(0, 5000);
const LONG_SLUG = LONG_TITLE.toLowerCase();

const SHEET = [
  'series,season,episode,episode_title,air_date,role,person,gender',
  `${LONG_TITLE},1,1,Pilot,2020-01-01,director,Ann Lee,woman`,
  `${LONG_TITLE},1,1,Pilot,2020-01-01,writer,Bo Kim,man`,
  `Long Episode Show,1,1,${LONG_EPISODE},2020-01-01,director,Cy Dee,woman`,
  `Long Episode Show,1,1,${LONG_EPISODE},2020-01-01,writer,Di Eve,man`,
  'Long Episode Show,1,2,The Second One,2020-01-08,director,Cy Dee,woman',
].join('\n');

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  const summary = await importFiles(app.db, [{ path: tempFile('long-words.csv', `${SHEET}\n`), name: 'long-words.csv' }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type Box = { left: number; right: number; width: number };
const box = (page: Page, selector: string): Promise<Box> =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width };
  });
const viewportWidth = (page: Page): Promise<number> => page.$eval('html', (html) => html.clientWidth);
/** How many lines an element's text takes. */
const lines = (page: Page, selector: string): Promise<number> =>
  page.$eval(selector, (el) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects(), (r: { top: number }) => Math.round(r.top))).size;
  });

describe('long unbroken words in the tables', () => {
  it('keeps the overview’s number columns in view beside a 299-character one-word title', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=person`, 1280);
    const row = `#overview-table tr[data-production="${LONG_SLUG}"]`;
    expect(await page.textContent(`${row} th`)).toBe(LONG_TITLE);
    const width = await viewportWidth(page);
    const share = await box(page, `${row} td.num`); // the first share of women
    expect(share.left, 'the first number column starts in view').toBeLessThan(width);
    expect(share.right).toBeLessThanOrEqual(width);
    expect((await box(page, `${row} td`)).left).toBeLessThan(width); // "Latest season"
    expect((await box(page, `${row} th`)).width).toBeLessThan(400);
    // No sideways scrolling at all: the table fits its box.
    expect(await page.$eval('#overview-table', (t) => t.parentElement.scrollWidth - t.parentElement.clientWidth)).toBeLessThanOrEqual(1);
    // An ordinary title keeps its words whole (two lines at most in its narrower column).
    expect(await lines(page, '#overview-table tr[data-production="marvels-jessica-jones"] th a')).toBeLessThanOrEqual(2);
    await page.screenshot({ path: artifact('long-title-overview-1280.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the air dates and people of the credits table in view beside a 5,000-character episode title', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=long-episode-show&season=1&unit=person&role=all`, 1280);
    expect(await page.textContent('#credits tr[data-episode="1"] td')).toBe(LONG_EPISODE);
    const width = await viewportWidth(page);
    const airDate = await box(page, '#credits tr[data-episode="1"] td.nowrap');
    expect(await page.textContent('#credits tr[data-episode="1"] td.nowrap')).toBe('2020-01-01');
    expect(airDate.left, 'the air date starts in view').toBeLessThan(width);
    expect(airDate.right).toBeLessThanOrEqual(width);
    const people = await box(page, '#credits tr[data-episode="1"] td[data-role="writer"]');
    expect(people.right).toBeLessThanOrEqual(width);
    expect(await page.$eval('#credits .table-wrap', (w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(1);
    // The ordinary title in the next row keeps its words whole, on one line.
    expect(await lines(page, '#credits tr[data-episode="2"] td')).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('wraps the title within a phone’s overview card', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=person`, 375);
    expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(375);
    const row = `#overview-table tr[data-production="${LONG_SLUG}"]`;
    expect((await box(page, `${row} th a`)).right).toBeLessThanOrEqual(375);
    expect((await box(page, `${row} td.num`)).right).toBeLessThanOrEqual(375);
    expect(await page.$eval('#overview-table', (t) => t.parentElement.scrollWidth - t.parentElement.clientWidth)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
