/**
 * What the dashboard withstands (real Chromium): right-to-left override
 * characters in names, titles and file names, links naming a season or role
 * that does not exist, a missing Clipboard API, arrow keys in select menus,
 * printing, and long unbroken words; and what the trend chart says of a small
 * sample and of a baseline from the nearest period.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { tempFile } from '../helpers/db.js';
import { launchChromium } from './chromium.js';
import { buildWeb, openPage, ready, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

const RLO = '\u202E'; // RIGHT-TO-LEFT OVERRIDE: what follows is drawn backwards
const TITLE = `Mirror ${RLO}Show`;
const PERSON = `Mallory ${RLO}nam`;
const FILE = `evil-${RLO}gpj.csv`;
const LONG_WORD = 'Supercalifragilisticexpialidocious'.repeat(4);

const SHEET = [
  'series,season,episode,air_date,role,person,gender,platform',
  'Mirror Show,1,1,2019-10-01,director,Mallory,woman,Netflix',
  'Mirror Show,1,1,2019-10-01,writer,Walt W,man,Netflix',
  // one baseline report beside both seasons: season 1's own period, season 2's nearest (there is none of 2031, a year the importer still takes)
  'Drift Show,1,1,2020-10-01,director,Ada A,woman,Netflix',
  'Drift Show,2,1,2031-01-10,director,Ben B,man,Netflix',
  'Wide Show,1,1,2019-10-01,director,Cy C,woman,Netflix',
].join('\n');

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  const summary = await importFiles(app.db, [{ path: tempFile('mirror.csv', SHEET) }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
  // Straight into the database: the importer may strip such characters from new names, but stored data and file names stay.
  await app.db('productions').where({ slug: 'mirror-show' }).update({ title: TITLE });
  await app.db('productions').where({ slug: 'wide-show' }).update({ title: LONG_WORD });
  await app.db('people').where({ name: 'Mallory' }).update({ name: PERSON });
  await app.db('imports').where('file_name', 'like', '%mirror.csv').update({ file_name: FILE });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type Box = { ch: string; left: number; right: number };

/** Each character of an element's text with its box on screen: where bidi draws it, beside the order it is stored in. */
function charBoxes(page: Page, selector: string): Promise<Box[]> {
  return page.$eval(selector, (el) => {
    const doc = el.ownerDocument;
    const walker = doc.createTreeWalker(el, 4); // NodeFilter.SHOW_TEXT
    const out: Box[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = doc.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        out.push({ ch: node.data[i], left: r.left, right: r.right });
      }
    }
    return out;
  });
}

/** The first `next` after `data` in the element's text is drawn to the right of every visible character of `data`. */
async function expectDrawnAfter(page: Page, selector: string, data: string, next: string): Promise<void> {
  const boxes = await charBoxes(page, selector);
  const text = boxes.map((b) => b.ch).join('');
  const start = text.indexOf(data);
  expect(start, `${selector} holds ${JSON.stringify(data)}`).toBeGreaterThanOrEqual(0);
  const after = text.indexOf(next, start + data.length);
  const drawn = boxes.slice(start, start + data.length).filter((b) => b.right > b.left);
  expect(drawn.length).toBeGreaterThan(0);
  expect(boxes[after]!.left, `${JSON.stringify(next)} after ${JSON.stringify(data)} in ${selector}`).toBeGreaterThanOrEqual(Math.max(...drawn.map((b) => b.right)) - 0.5);
}

/** Record the text drawn on canvases outside the document (the PNG being composed), and whether each line fits the image. */
async function recordPngText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Ctx = { canvas: { isConnected: boolean; width: number }; measureText: (t: string) => { width: number } };
    type FillText = (this: Ctx, text: string, x: number, y: number) => void;
    const w = globalThis as unknown as { CanvasRenderingContext2D: { prototype: { fillText: FillText } }; pngText: Array<{ text: string; fits: boolean }> };
    const fillText = w.CanvasRenderingContext2D.prototype.fillText;
    w.pngText = [];
    w.CanvasRenderingContext2D.prototype.fillText = function (this: Ctx, text: string, x: number, y: number) {
      if (!this.canvas.isConnected) w.pngText.push({ text, fits: x + this.measureText(text).width <= this.canvas.width + 0.5 });
      fillText.call(this, text, x, y);
    };
  });
}

async function pngText(page: Page, figureId: string): Promise<Array<{ text: string; fits: boolean }>> {
  await Promise.all([page.waitForEvent('download'), page.click(`#${figureId} [data-action="png"]`)]);
  return page.$eval('body', (body) => body.ownerDocument.defaultView.pngText);
}

const search = (page: Page) => new URL(page.url()).searchParams;
const historyLength = (page: Page): Promise<number> => page.$eval('body', (body) => body.ownerDocument.defaultView.history.length);

describe('the dashboard with hostile data and links', () => {
  it('keeps an override character in a title, a name or a file name from reversing the text around it, on the page and in the PNG', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=mirror-show&season=1&unit=person&role=all`);
    await recordPngText(page);
    await page.reload();
    await ready(page);
    await expectDrawnAfter(page, '#season-chart .chart-title', TITLE, ',');
    await expectDrawnAfter(page, '#credits td[data-role="director"] li', PERSON, '(');
    await expectDrawnAfter(page, '#season-chart .source', FILE, '.');
    await expectDrawnAfter(page, '#credits .data-table caption', TITLE, ',');
    // The canvas has no <bdi>: each data string is drawn between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
    const lines = (await pngText(page, 'season-chart')).map((l) => l.text).filter((t) => t.includes(RLO));
    expect(lines.length).toBeGreaterThanOrEqual(2); // the title and the source line
    for (const line of lines) expect(line, JSON.stringify(line)).toMatch(/\u2068[^\u2069]*\u202E[^\u2069]*\u2069/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('names every season’s baseline caveat in the trend chart’s source line, one season from the nearest period', async () => {
    const rows = ((await (await fetch(`${app.base}/api/stats?production=drift-show&role=director&unit=episode`)).json()) as { rows: Array<Record<string, unknown>> }).rows;
    expect(rows.map((r) => [r.season, r.baseline_exact_period])).toEqual([[1, true], [2, false]]);
    expect(rows[0]!.baseline_label).toBe(rows[1]!.baseline_label);
    const { page, errors } = await openPage(browser, `${app.base}/?production=drift-show&season=1&unit=episode&role=director`);
    const lines = (await page.locator('#trend-chart .source').innerText()).split('\n').filter((l) => l.startsWith('Baseline'));
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.startsWith('Baseline (season 2)'))).toContain('(nearest period)');
    expect(lines.find((l) => l.startsWith('Baseline (season 1)'))).not.toContain('nearest period');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('marks a small sample in the trend chart with its own marker and legend entry, and says so with the intervals in words', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=drift-show&season=1&unit=episode&role=director`);
    const canvas = page.locator('#trend-chart-canvas');
    const styles = JSON.parse((await canvas.getAttribute('data-point-styles'))!) as unknown[];
    expect(styles[0]).toEqual(['rectRot', 'rectRot']); // both seasons rest on one episode
    const legend = JSON.parse((await canvas.getAttribute('data-legend'))!) as Array<{ text: string }>;
    expect(legend.map((l) => l.text)).toContain('Open diamond: small sample, fewer than 10 episodes with someone of known gender');
    const finding = (await canvas.getAttribute('aria-label'))!;
    expect(finding).toMatch(/season 1 \(2020\) 100\.0% \(95% interval \d+\.\d% to 100\.0%, small sample\)/);
    expect(finding).toContain('small sample) against a baseline of');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits each chart’s legend in a 375 px phone, the small-sample entry shortened', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=drift-show&season=1&unit=episode&role=director`, 375);
    for (const id of ['season-chart-canvas', 'trend-chart-canvas']) {
      const width = await page.$eval(`#${id}`, (c) => c.clientWidth);
      const legend = JSON.parse((await page.getAttribute(`#${id}`, 'data-legend'))!) as Array<{ text: string; right: number }>;
      expect(legend.some((l) => /small sample/.test(l.text)), id).toBe(true);
      for (const entry of legend) expect(entry.right, `${id}: ${entry.text}`).toBeLessThanOrEqual(width);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says so when a link names a season or role the production lacks, and an embed shows an error instead of other numbers', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=queen-sugar&season=9&unit=person&role=all`);
    expect(await page.locator('#missing-notice').innerText()).toBe('Season 9 of Queen Sugar does not exist; showing season 2.');
    expect(search(page).get('season')).toBe('2'); // the address names what is shown
    await page.goto(`${app.base}/?production=queen-sugar&season=1&unit=person&role=producer`);
    await ready(page);
    expect(await page.locator('#missing-notice').innerText()).toBe('No producers are credited in Queen Sugar; showing all roles.');
    await page.goto(`${app.base}/?production=queen-sugar&season=1&unit=person&role=director`);
    await ready(page);
    expect(await page.locator('#missing-notice').count()).toBe(0);

    for (const [query, words] of [
      ['season=9&unit=person&role=all&chart=bars', 'Season 9 of Queen Sugar does not exist.'],
      ['season=1&unit=person&role=producer&chart=trend', 'No producers are credited in Queen Sugar.'],
    ]) {
      await page.goto(`${app.base}/embed?production=queen-sugar&${query}`);
      await ready(page);
      expect(await page.locator('[role="alert"]').innerText()).toContain(words);
      expect(await page.locator('canvas').count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('copies the link to the view without the Clipboard API (plain HTTP on a LAN address)', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=queen-sugar&season=2&unit=person&role=all`);
    await page.addInitScript(() => {
      const w = globalThis as unknown as { Navigator: { prototype: object }; document: { addEventListener: (t: string, f: () => void) => void; getSelection: () => { toString: () => string } }; copied?: string };
      Object.defineProperty(w.Navigator.prototype, 'clipboard', { get: () => undefined });
      w.document.addEventListener('copy', () => (w.copied = w.document.getSelection().toString()));
    });
    await page.reload();
    await ready(page);
    await page.click('#ctl-copy-link');
    await page.locator('.link-field .copied', { hasText: 'Link copied.' }).waitFor();
    expect(await page.$eval('body', (body) => body.ownerDocument.defaultView.copied)).toBe(page.url());
    expect(await page.$eval(':focus', (el) => el.id)).toBe('ctl-copy-link');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('moves through a select menu with arrow keys without loading a view per key; Enter, leaving it or a mouse pick chooses', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=marvels-jessica-jones&season=2&unit=person&role=all`);
    const entries = await historyLength(page);
    await page.focus('#ctl-season');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#ctl-season')).toBe('1');
    await page.waitForTimeout(300);
    expect(search(page).get('season')).toBe('2');
    expect(await historyLength(page)).toBe(entries);
    await page.keyboard.press('Enter');
    await page.waitForURL(/season=1/);
    await ready(page);
    expect(await historyLength(page)).toBe(entries + 1);

    await page.focus('#ctl-role');
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(300);
    expect(search(page).get('role')).toBe('all');
    await page.keyboard.press('Tab'); // leaving the menu chooses what it shows
    await page.waitForURL((url) => url.searchParams.get('role') !== 'all');
    await ready(page);

    await page.selectOption('#ctl-season', '2'); // as a mouse pick: at once
    await page.waitForURL(/season=2/);
    await ready(page);
    expect(await historyLength(page)).toBe(entries + 3);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('prints the figures and every column of their tables, without controls or buttons', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=marvels-jessica-jones&season=1&unit=person&role=all`, 700);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['#controls', '.figure-actions']) expect(await page.$eval(hidden, (el) => el.ownerDocument.defaultView.getComputedStyle(el).display), hidden).toBe('none');
    const wraps = await page.$$eval('.table-wrap', (els) => els.map((el) => [el.scrollWidth, el.clientWidth]));
    expect(wraps.length).toBeGreaterThanOrEqual(3);
    for (const [scroll, client] of wraps) expect(scroll).toBeLessThanOrEqual(client! + 1);
    expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(700);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('wraps a long unbroken word instead of widening the page or running off the PNG', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=wide-show&season=1&unit=person&role=all`, 375);
    await recordPngText(page);
    await page.reload();
    await ready(page);
    expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(375);
    const lines = await pngText(page, 'season-chart');
    expect(lines.some((l) => l.text.includes('Supercalifragilistic'))).toBe(true);
    for (const line of lines) expect(line.fits, line.text).toBe(true);
    await page.context().close();

    const wide = await openPage(browser, `${app.base}/?production=${'x'.repeat(200)}&unit=person`, 1280);
    expect(await wide.page.textContent('[role="alert"]')).toContain('There is no production');
    expect(await wide.page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(1280);
    expect([...errors, ...wide.errors].filter((e) => !e.includes('404'))).toEqual([]);
    await wide.page.context().close();
  });

  it('grows an embed’s iframe to the chart’s height on a phone, through the snippet’s listener', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=marvels-jessica-jones&season=1&unit=person&role=all`, 375);
    const snippet = await page.inputValue('#season-chart-snippet');
    expect(snippet).toContain('height="720"');
    // someone else's page with the snippet pasted in, served from another origin (another port)
    const article = `<!doctype html><meta name="viewport" content="width=device-width"><body>${snippet}<p>After the chart.</p></body>`;
    const news = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(article));
    await new Promise<void>((resolve) => news.listen(0, '127.0.0.1', resolve));
    await page.goto(`http://127.0.0.1:${(news.address() as AddressInfo).port}/article`);
    const embed = (await (await page.waitForSelector('iframe')).contentFrame())!;
    await ready(embed as unknown as Page); // a frame waits as a page does
    const content = await embed.$eval('body', (body) => body.scrollHeight);
    expect(content).toBeGreaterThan(720); // the chart and its notes outgrow the snippet's default on a phone
    await page.waitForFunction((h) => (globalThis as unknown as { document: { querySelector: (s: string) => { clientHeight: number } } }).document.querySelector('iframe').clientHeight === h, content);
    expect(errors).toEqual([]);
    await page.context().close();
    news.close();
  });
});
