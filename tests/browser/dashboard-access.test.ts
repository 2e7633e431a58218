/**
 * The dashboard for readers who zoom, tab, use a high-contrast theme or tap
 * (real Chromium): the control bar in a short window (a landscape phone, 200%
 * zoom) and focus clear of it, focus after a menu's choice and after
 * Back/Forward, charts under forced colours with a dark theme, every season
 * labelled on a phone, captions of wide tables, one history entry per run of
 * arrow keys, targets of 24 px, page titles of errors, buttons named by their
 * chart, links that open a new tab, and the focus ring on the selected Count.
 * Screenshots in tests/artifacts.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { artifact, buildWeb, focusedId, openPage, ready, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const JJ = 'marvels-jessica-jones';
const search = (page: Page) => new URL(page.url()).searchParams;
const historyLength = (page: Page): Promise<number> => page.$eval('body', (body) => body.ownerDocument.defaultView.history.length);

type Rect = { top: number; bottom: number; left: number; right: number; height: number; width: number };

/** The control bar: where it ends on screen, and whether it stays there as the page scrolls. */
function bar(page: Page): Promise<{ bottom: number; sticky: boolean; viewport: number }> {
  return page.$eval('#controls', (el) => ({
    bottom: el.getBoundingClientRect().bottom,
    sticky: el.ownerDocument.defaultView.getComputedStyle(el).position === 'sticky',
    viewport: el.ownerDocument.defaultView.innerHeight,
  }));
}

/**
 * Shift+Tab from the footer's last link back to the controls; each element
 * that takes focus on the way, with its box and the bar's bottom then.
 */
async function tabBackwards(page: Page): Promise<Array<{ what: string; rect: Rect; barBottom: number; sticky: boolean; viewport: number }>> {
  await page.focus('footer a:last-of-type');
  const seen = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Shift+Tab');
    const r = await page.$eval('body', (body) => {
      const doc = body.ownerDocument;
      const el = doc.activeElement;
      const controls = doc.getElementById('controls');
      const b = el.getBoundingClientRect();
      return {
        what: `${el.tagName.toLowerCase()}#${el.id} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}`,
        inControls: controls.contains(el),
        rect: { top: b.top, bottom: b.bottom, left: b.left, right: b.right, height: b.height, width: b.width },
        barBottom: controls.getBoundingClientRect().bottom,
        sticky: doc.defaultView.getComputedStyle(controls).position === 'sticky',
        viewport: doc.defaultView.innerHeight,
      };
    });
    if (r.inControls) return seen;
    seen.push(r);
  }
  throw new Error('Shift+Tab never reached the controls');
}

/** Nothing that takes focus is hidden under a bar that stays at the top: what fits below it is seen whole, what is taller in good part. */
function expectClearOfBar(steps: Awaited<ReturnType<typeof tabBackwards>>): void {
  expect(steps.length).toBeGreaterThan(10);
  for (const s of steps) {
    if (!s.sticky || s.rect.height === 0) continue;
    const room = s.viewport - s.barBottom;
    if (s.rect.height <= room) {
      expect(s.rect.top, `${s.what} under the control bar`).toBeGreaterThanOrEqual(s.barBottom - 1);
      expect(s.rect.bottom, `${s.what} below the window`).toBeLessThanOrEqual(s.viewport + 1);
    } else {
      expect(Math.min(s.rect.bottom, s.viewport) - Math.max(s.rect.top, s.barBottom), `${s.what} mostly hidden`).toBeGreaterThan(room / 2);
    }
  }
}

/** Relative luminance (WCAG) of an `rgb(…)` colour, and the contrast of two. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string): number => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

/** A PNG's pixels, decoded by the browser: the share of light ones (luminance over 0.8) and of dark ones (under 0.25). */
function lightAndDark(page: Page, png: Buffer): Promise<{ light: number; dark: number; width: number; height: number }> {
  return page.$eval(
    'body',
    async (body, b64) => {
      const doc = body.ownerDocument;
      const img = new doc.defaultView.Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = doc.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let light = 0;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) {
        const l = (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255;
        if (l > 0.8) light++;
        else if (l < 0.25) dark++;
      }
      const n = data.length / 4;
      return { light: light / n, dark: dark / n, width: canvas.width, height: canvas.height };
    },
    png.toString('base64'),
  );
}

describe('the dashboard for zoom, keyboard, high contrast and touch', () => {
  it('lets go of the control bar in a short window (a landscape phone, 200% zoom), so a chart can be seen whole and nothing focused hides under it', async () => {
    for (const [name, width, height] of [['landscape-812x375', 812, 375], ['zoom200-1280x900', 640, 450]] as const) {
      const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=all`, width, { viewport: { width, height }, deviceScaleFactor: 2 });
      expect((await bar(page)).sticky, name).toBe(false);
      // The season chart, scrolled to the top of the window: all of its box in sight.
      await page.$eval('#season-chart .chart-box', (el) => el.scrollIntoView({ block: 'start' }));
      const box = await page.$eval('#season-chart .chart-box', (el) => el.getBoundingClientRect().toJSON() as Rect);
      const { bottom, sticky } = await bar(page);
      expect(box.top, name).toBeGreaterThanOrEqual(sticky ? bottom - 1 : -1);
      expect(box.bottom, name).toBeLessThanOrEqual(height + 1);
      await page.screenshot({ path: artifact(`access-${name}.png`) });
      expectClearOfBar(await tabBackwards(page));
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('keeps the control bar at the top of a large window, and whatever takes focus scrolls into view below it', async () => {
    for (const [width, height] of [[1280, 900], [700, 700]] as const) {
      const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=all`, width, { viewport: { width, height } });
      expect((await bar(page)).sticky).toBe(true);
      const steps = await tabBackwards(page);
      expect(steps.filter((s) => s.sticky).length).toBe(steps.length);
      expectClearOfBar(steps);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('keeps focus where the reader was going when leaving a menu loads its choice: the next field, not the page', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=2&unit=person&role=all`);
    // Season: ArrowUp, then Tab to the Count radios.
    await page.focus('#ctl-season');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    await page.waitForURL(/season=1/);
    await ready(page);
    expect(await focusedId(page)).toBe('ctl-unit-person');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('ctl-evidence'); // the next field, not the Production menu at the top
    // Minimum evidence: ArrowDown, then Shift+Tab back to the Count radios.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+Tab');
    await page.waitForURL(/min_evidence=/);
    await ready(page);
    expect(await focusedId(page)).toBe('ctl-unit-person');
    // Production: ArrowDown, then Tab to the new production's Season menu.
    await page.focus('#ctl-production');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.waitForURL((url) => url.searchParams.get('production') !== JJ);
    await ready(page);
    expect(await focusedId(page)).toBe('ctl-season');
    // Role: ArrowUp (all roles is the last), then a click on nothing that takes focus: focus returns to the menu.
    await page.focus('#ctl-role');
    const role = search(page).get('role');
    await page.keyboard.press('ArrowUp');
    await page.click('.tagline'); // in the header: nothing there takes focus (a click in main focuses main)
    await page.waitForURL((url) => url.searchParams.get('role') !== role);
    await ready(page);
    expect(await focusedId(page)).toBe('ctl-role');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('makes a run of arrow keys on the Count radios one history entry, and Back or Forward puts focus on the new content', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=all`);
    const entries = await historyLength(page);
    await page.focus('#ctl-unit-person');
    for (const unit of ['episode', 'credit', 'person', 'episode']) {
      await page.keyboard.press('ArrowRight');
      await page.waitForURL(new RegExp(`unit=${unit}`));
      await ready(page);
      expect(await focusedId(page)).toBe(`ctl-unit-${unit}`);
    }
    expect(await historyLength(page)).toBe(entries + 1);
    await page.goBack();
    await ready(page);
    expect(search(page).get('unit')).toBe('person');
    expect(await focusedId(page)).toBe('main');
    await page.goForward();
    await ready(page);
    expect(search(page).get('unit')).toBe('episode');
    expect(await focusedId(page)).toBe('main');
    // A click is a choice of its own: a new entry.
    await page.click('label[for="ctl-unit-credit"]');
    await page.waitForURL(/unit=credit/);
    await ready(page);
    expect(await historyLength(page)).toBe(entries + 2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws the charts on white under forced colours with a dark theme, axes, labels and baselines readable; the PNG still downloads', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=queen-sugar&season=1&unit=person&role=all`, 900, { forcedColors: 'active', colorScheme: 'dark' });
    expect(await page.$eval('body', (body) => body.ownerDocument.defaultView.matchMedia('(forced-colors: active)').matches)).toBe(true);
    // The page around the charts is forced dark, as the reader asked …
    expect(luminance(await page.$eval('html', (html) => html.ownerDocument.defaultView.getComputedStyle(html).backgroundColor))).toBeLessThan(0.2);
    for (const id of ['season-chart', 'trend-chart']) {
      await page.$eval(`#${id} .chart-box`, (el) => el.scrollIntoView({ block: 'center' }));
      const shot = await page.locator(`#${id} .chart-box`).screenshot({ path: artifact(`access-forced-colours-dark-${id}.png`) });
      // … and each chart is dark ink on light paper: mostly light, with its text and lines dark on it.
      const { light, dark } = await lightAndDark(page, shot);
      expect(light, `${id}: light paper`).toBeGreaterThan(0.6);
      expect(dark, `${id}: dark ink`).toBeGreaterThan(0.003);
    }
    await page.screenshot({ path: artifact('access-forced-colours-dark.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#season-chart [data-action="png"]')]);
    await download.saveAs(artifact('access-forced-colours-download.png'));
    const png = readFileSync(artifact('access-forced-colours-download.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const image = await lightAndDark(page, png);
    expect(image.width).toBeGreaterThan(await page.$eval('#season-chart-canvas', (c) => c.width));
    expect(image.light).toBeGreaterThan(0.6);
    expect(image.dark).toBeGreaterThan(0.01);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('labels every season of a short trend on a 320 px phone', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&role=director`, 320);
    const read = (key: 'labels' | 'xTicks') => page.$eval('#trend-chart-canvas', (c, k) => JSON.parse(c.dataset[k] ?? 'null') as unknown, key);
    expect(await read('labels')).toEqual(['Season 1 (2015)', 'Season 2 (2018)']);
    expect(await read('xTicks')).toEqual(await read('labels'));
    await page.locator('#trend-chart .chart-box').screenshot({ path: artifact('access-trend-320.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('wraps a wide table’s caption at its scroll box on a phone and keeps it in view as the table scrolls, still the table’s name', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&role=director`, 320);
    const boxes = () =>
      page.$$eval('.table-wrap', (wraps) =>
        wraps
          .filter((w) => w.querySelector('caption'))
          .map((w) => ({ wrap: w.getBoundingClientRect().toJSON() as Rect, caption: w.querySelector('caption').getBoundingClientRect().toJSON() as Rect, table: w.querySelector('table').scrollWidth as number })),
      );
    const before = await boxes();
    expect(before.length).toBe(3);
    expect(before.some((b) => b.table > b.wrap.width + 100)).toBe(true); // wide tables: the case in point
    for (const b of before) {
      expect(b.caption.left).toBeGreaterThanOrEqual(b.wrap.left - 1);
      expect(b.caption.right).toBeLessThanOrEqual(b.wrap.right + 1);
    }
    await page.$$eval('.table-wrap', (wraps) => wraps.forEach((w) => (w.scrollLeft = 400)));
    for (const b of await boxes()) {
      expect(b.caption.left).toBeGreaterThanOrEqual(b.wrap.left - 1);
      expect(b.caption.right).toBeLessThanOrEqual(b.wrap.right + 1);
    }
    expect(await page.getByRole('table', { name: /^Women behind the camera: Marvel's Jessica Jones, season 1 \(2015\): share of women/ }).count()).toBe(1);
    expect(await page.getByRole('table', { name: /^Credits, Marvel's Jessica Jones/ }).count()).toBe(1);
    await page.locator('#season-chart .table-wrap').screenshot({ path: artifact('access-caption-320.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('gives taps a target of at least 24 × 24 px on a phone: sort chips, the upload link, the embed’s details and link', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/`, 375);
    const sizes = (selector: string) => page.$$eval(selector, (els) => els.map((el) => ({ id: el.id || el.textContent.trim().slice(0, 30), w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height })));
    const expectBig = (list: Array<{ id: string; w: number; h: number }>) => {
      expect(list.length).toBeGreaterThan(0);
      for (const s of list) {
        expect(s.h, `${s.id} height`).toBeGreaterThanOrEqual(24);
        expect(s.w, `${s.id} width`).toBeGreaterThanOrEqual(24);
      }
    };
    expectBig(await sizes('#overview-table .sort'));
    expectBig(await sizes('#nav-upload'));
    await page.goto(`${app.base}/embed?production=${JJ}&season=1&unit=person&role=all&chart=bars`);
    await ready(page);
    expectBig(await sizes('.embed-data summary'));
    expectBig(await sizes('.embed-link a'));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('titles an error page with what went wrong', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/embed`);
    expect(await page.title()).toBe('Chart not shown: this embed needs a production (CrewCount)');
    await page.goto(`${app.base}/embed?production=queen-sugar&season=9&unit=person&role=all&chart=bars`);
    await ready(page);
    expect(await page.title()).toBe('Chart not shown: Season 9 of Queen Sugar does not exist (CrewCount)');
    await page.goto(`${app.base}/embed?production=no-such-show&chart=bars`);
    await ready(page);
    expect(await page.title()).toBe('Chart not shown: there is no production “no-such-show” (CrewCount)');
    // A server that fails: the production view's own error page.
    await page.route('**/api/stats?**', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { message: 'the database is unavailable' } }) }));
    await page.goto(`${app.base}/?production=${JJ}&season=1&unit=credit&role=all`);
    await ready(page);
    expect(await page.textContent('h1')).toBe('This view cannot be shown');
    expect(await page.title()).toBe('View not shown: the database is unavailable (CrewCount)');
    expect(errors.filter((e) => !/status of (404|500)/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('names each chart’s buttons after their chart, and says which links open a new tab', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=director`);
    for (const name of ['Download PNG', 'Download data (CSV)', 'Embed']) {
      expect(await page.getByRole(name === 'Download data (CSV)' ? 'link' : 'button', { name: `${name}: season 1 by role`, exact: true }).count(), name).toBe(1);
      expect(await page.getByRole(name === 'Download data (CSV)' ? 'link' : 'button', { name: `${name}: directors, season by season`, exact: true }).count(), name).toBe(1);
    }
    await page.click('#season-chart button[aria-controls="season-chart-embed"]');
    await page.click('#trend-chart button[aria-controls="trend-chart-embed"]');
    // Every button and link in the page has a name of its own.
    const names = await page.$$eval('main button, main a[href]', (els) => els.map((el) => (el.getAttribute('aria-label') ?? el.textContent).trim()));
    expect(names.length).toBeGreaterThan(8);
    expect(new Set(names).size).toBe(names.length);
    const newTab = async () => page.$$eval('a[target="_blank"]', (as) => as.map((a) => ({ text: a.textContent, name: a.getAttribute('aria-label') ?? a.textContent })));
    const previews = await newTab();
    expect(previews.length).toBe(2);
    for (const link of previews) {
      expect(link.text).toContain('(opens in a new tab)');
      expect(link.name).toMatch(/^Preview the embed \(opens in a new tab\): /);
    }
    await page.goto(`${app.base}/embed?production=${JJ}&season=1&unit=person&role=all&chart=bars`);
    await ready(page);
    expect(await newTab()).toEqual([{ text: 'Open in CrewCount (opens in a new tab)', name: 'Open in CrewCount (opens in a new tab)' }]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('rings the focused Count in a colour that stands out from the selected blue and from white', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=all`);
    await page.focus('#ctl-evidence');
    await page.keyboard.press('Shift+Tab'); // from the keyboard: the ring shows (:focus-visible)
    expect(await focusedId(page)).toBe('ctl-unit-person');
    const ring = await page.$eval('#ctl-unit-person', (input) => {
      const win = input.ownerDocument.defaultView;
      const span = win.getComputedStyle(input.nextElementSibling);
      return { visible: input.matches(':focus-visible'), style: span.outlineStyle, width: parseFloat(span.outlineWidth), color: span.outlineColor, fill: span.backgroundColor };
    });
    expect(ring.visible).toBe(true);
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(contrast(ring.color, ring.fill)).toBeGreaterThanOrEqual(3);
    expect(contrast(ring.color, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
    await page.locator('#controls .unit-choice').screenshot({ path: artifact('access-focus-count.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
