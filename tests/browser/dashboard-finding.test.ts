/**
 * Finding one's way in the dashboard (real Chromium): every page's headings
 * go h1 → h2 → h3 without a skip, and look as before; the overview of many
 * productions narrows to those whose title matches a filter, from the
 * keyboard, saying how many are shown; a link naming no production keeps
 * the production chooser beside the error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { launchChromium } from './chromium.js';
import { tempFile } from '../helpers/db.js';
import { buildWeb, openPage, ready, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

const JJ = 'marvels-jessica-jones';
/** Show 01 … Show 60, and one title a reader types without its accent. */
const MANY = Array.from({ length: 60 }, (_, i) => `Show ${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  const lines = ['series,season,episode,air_date,role,person,gender', ...[...MANY, 'Café Müller'].map((title, i) => `${title},1,1,2019-10-01,director,Person ${i},woman`)];
  const summary = await importFiles(app.db, [{ path: tempFile('many.csv', lines.join('\n')) }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The level of every heading in the page, in document order. */
function headingLevels(page: Page): Promise<number[]> {
  return page.$$eval('h1, h2, h3, h4, h5, h6', (els) => els.map((el) => Number((el as unknown as { tagName: string }).tagName.slice(1))));
}

function expectOutline(levels: number[], where: string): void {
  expect(levels[0], `${where}: starts with h1 (${levels.join(' ')})`).toBe(1);
  expect(levels.filter((l) => l === 1), `${where}: one h1`).toHaveLength(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level, `${where}: no skip (${levels.join(' ')})`).toBeLessThanOrEqual(levels[i - 1]! + 1);
  });
}

/** What a chart title looks like: its computed font size, weight and top margin. */
function titleLook(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) =>
    els.map((el) => {
      const s = (globalThis as unknown as { getComputedStyle: (e: unknown) => Record<string, string> }).getComputedStyle(el);
      return `${s.fontSize} ${s.fontWeight} ${s.marginTop}`;
    }),
  );
}

const rowSlugs = (page: Page): Promise<string[]> =>
  page.$$eval('#overview-table tbody tr', (trs) => trs.map((tr) => (tr as unknown as { dataset: { production: string } }).dataset.production));

const status = (page: Page): Promise<string | null> => page.textContent('#status');

describe('finding one’s way', () => {
  it('gives every page an outline without skipped heading levels, chart titles looking as before', async () => {
    const pages = [
      '/?unit=person',
      `/?production=${JJ}&season=1&unit=person&role=all`,
      '/?page=upload',
      '/?production=no-such-show&unit=person',
      `/embed?production=${JJ}&season=1&unit=person&role=all&chart=bars`,
      `/embed?production=${JJ}&unit=person&role=all&chart=trend`,
      '/embed?production=no-such-show',
      '/embed',
    ];
    const { page, errors } = await openPage(browser, `${app.base}/`);
    for (const url of pages) {
      await page.goto(`${app.base}${url}`);
      await ready(page);
      expectOutline(await headingLevels(page), url);
    }
    // The overview's table has a heading of its own, under the page's.
    await page.goto(`${app.base}/?unit=person`);
    await ready(page);
    expect(await headingLevels(page)).toEqual([1, 2]);
    // The titles keep their size, weight and margin whatever their level: 1.15rem, bold, flush with the figure's top.
    await page.goto(`${app.base}/?production=${JJ}&season=1&unit=person&role=all`);
    await ready(page);
    expect(await titleLook(page, '.chart-title')).toEqual(['18.4px 700 0px', '18.4px 700 0px']);
    expect(await titleLook(page, '#credits-title')).toEqual(['20px 700 24px']);
    await page.goto(`${app.base}/embed?production=${JJ}&season=1&unit=person&role=all&chart=bars`);
    await ready(page);
    expect(await titleLook(page, '.chart-title')).toEqual(['18.4px 700 0px']);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it('narrows the overview by title as one types, from the keyboard, and says how many are shown', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=person`);
    const all = (await rowSlugs(page)).length;
    expect(all).toBeGreaterThan(60);
    // Reached with Tab, like every control.
    for (let i = 0; i < 30 && (await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)) !== 'overview-filter'; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await page.$eval(':focus', (el) => el.id)).toBe('overview-filter');
    expect(await page.getByLabel('Find a production').getAttribute('id')).toBe('overview-filter');
    const entries = await page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length);

    await page.keyboard.type('SHOW 1');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }).document.querySelectorAll('#overview-table tbody tr').length === 10);
    expect(await rowSlugs(page)).toEqual(MANY.slice(9, 19).map((t) => t.toLowerCase().replace(' ', '-')));
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById: (id: string) => { textContent: string } } }).document.getElementById('status').textContent.startsWith('10 of'));
    expect(await status(page)).toBe(`10 of ${all} productions shown: titles containing “SHOW 1”.`);
    // The URL names the filter, without a history entry per key.
    expect(new URL(page.url()).searchParams.get('q')).toBe('SHOW 1');
    expect(await page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length)).toBe(entries);

    // Sorting keeps the filter, and so does a copied link.
    await page.click('#sort-title');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
    expect(await rowSlugs(page)).toEqual(MANY.slice(9, 19).reverse().map((t) => t.toLowerCase().replace(' ', '-')));
    const reopened = await openPage(browser, page.url());
    expect(await reopened.page.inputValue('#overview-filter')).toBe('SHOW 1');
    expect(await rowSlugs(reopened.page)).toHaveLength(10);
    await reopened.page.context().close();

    // An accent need not be typed; no match says so; Escape shows every production again.
    await page.fill('#overview-filter', 'cafe');
    expect(await rowSlugs(page)).toEqual(['cafe-muller']);
    await page.fill('#overview-filter', 'zzz');
    expect(await rowSlugs(page)).toEqual([]);
    expect(await page.textContent('#overview-filter-count')).toBe(`No production’s title contains “zzz”.`);
    await page.focus('#overview-filter');
    await page.keyboard.press('Escape');
    expect(await rowSlugs(page)).toHaveLength(all);
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the production chooser beside the error when a link names no production', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=no-such-show&unit=person`);
    expect(await page.textContent('[role="alert"]')).toContain('There is no production “no-such-show”. Choose one from the list.');
    expect(await page.$$eval('#ctl-production option', (os) => os.length)).toBeGreaterThan(60);
    await page.selectOption('#ctl-production', JJ);
    await ready(page);
    expect(new URL(page.url()).searchParams.get('production')).toBe(JJ);
    expect(await page.textContent('#production-title')).toBe("Marvel's Jessica Jones");
    // "All productions" too: the menu starts on a prompt, so choosing the overview is a change
    await page.goto(`${app.base}/?production=no-such-show&unit=person`);
    await ready(page);
    await page.selectOption('#ctl-production', '');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('production')).toBeNull();
    expect(await page.locator('#overview-table').count()).toBe(1);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });
});
