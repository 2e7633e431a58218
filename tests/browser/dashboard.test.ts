/**
 * The dashboard in a real browser (Debian's chromium through playwright-core):
 * charts drawn, tables equal to /api/stats, baselines labelled, the URL as the
 * whole state, embeds, publishing, hostile names shown as text, screenshots.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { artifact, buildWeb, HOSTILE_NAME, openPage, ready, serve, type Served } from './harness.js';

interface Row {
  role: string;
  season: number;
  share_women: number | null;
  baseline_share: number | null;
  [field: string]: unknown;
}

let browser: Browser;
let app: Served;

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium(); // installs Debian's chromium first when it is missing
  app = await serve();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function apiRows(query: string): Promise<Row[]> {
  const res = await fetch(`${app.base}/api/stats?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { rows: Row[] }).rows;
}

const JJ = 'marvels-jessica-jones';
const NIGHT = 'night-shift-b-live-b-co';

/** Share of the canvas's pixels that are not transparent or white. */
function inkedShare(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) inked++;
    return inked / (data.length / 4);
  });
}

/** Each table row's numeric cells: { role or season: { field: raw value } }. */
function tableValues(page: Page, figureId: string, key: 'role' | 'season'): Promise<Record<string, Record<string, unknown>>> {
  return page.$$eval(
    `#${figureId} table tbody tr`,
    (trs, k) =>
      Object.fromEntries(
        trs.map((tr) => [
          tr.dataset[k],
          Object.fromEntries(Array.from(tr.querySelectorAll('td[data-field]'), (td: { dataset: Record<string, string> }) => [td.dataset.field, JSON.parse(td.dataset.value!)])),
        ]),
      ),
    key,
  );
}

async function expectTableEqualsApi(page: Page, figureId: string, rows: Row[], key: 'role' | 'season'): Promise<void> {
  const table = await tableValues(page, figureId, key);
  expect(Object.keys(table).sort()).toEqual(rows.map((r) => String(r[key])).sort());
  for (const r of rows) {
    const cells = table[String(r[key])]!;
    expect(Object.keys(cells).length).toBeGreaterThan(8);
    for (const [field, value] of Object.entries(cells)) expect(value, `${key} ${r[key]} ${field}`).toEqual(r[field]);
  }
  // What is printed is the same number, formatted.
  for (const r of rows) {
    const text = await page.$eval(`#${figureId} tr[data-${key}="${r[key]}"] td[data-field="share_women"]`, (td) => td.textContent);
    expect(text).toBe(r.share_women === null ? '–' : `${(r.share_women * 100).toFixed(1)}%`);
  }
}

describe('dashboard in chromium', () => {
  it('serves the pages, the bundle and the import ledger the source lines name', async () => {
    for (const page of ['/', '/embed']) {
      const res = await fetch(`${app.base}${page}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<script defer src="assets/app.js"></script>');
      expect(html).not.toMatch(/<script>|\son[a-z]+=|style=/i); // no inline script, handler or style
    }
    const js = await fetch(`${app.base}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${app.base}/assets/nope.js`)).status).toBe(404);
    const imports = (await (await fetch(`${app.base}/api/imports`)).json()) as { imports: Array<{ file: string; outcome: string }> };
    expect(imports.imports.map((i) => [i.file, i.outcome])).toEqual([
      ['credits.csv', 'committed'],
      ['people-sheet.csv', 'committed'],
      ['hostile-names.csv', 'committed'],
    ]);
  });

  it('overview: every production with its latest season beside its baseline, DGA line marked, sortable', async () => {
    const { page, errors, dialogs } = await openPage(browser, `${app.base}/`);
    const productions = (await (await fetch(`${app.base}/api/productions`)).json()) as { productions: Array<{ slug: string }> };
    const slugs = await page.$$eval('#overview-table tbody tr', (trs) => trs.map((tr) => tr.dataset.production));
    expect(slugs.sort()).toEqual(productions.productions.map((p) => p.slug).sort());

    const rows = await apiRows('unit=person');
    for (const slug of slugs) {
      const latest = Math.max(...rows.filter((r) => r.production === slug).map((r) => r.season));
      const all = rows.find((r) => r.production === slug && r.season === latest && r.role === 'all')!;
      const shown = await page.$eval(`tr[data-production="${slug}"] td[data-role="all"]`, (td) => JSON.parse(td.dataset.value));
      expect(shown).toEqual(all.share_women);
    }
    // Night Shift's latest season: 1 of 2 directed episodes by a woman? No: 0 women of 1.5 known → below 15%.
    expect(await page.$eval(`tr[data-production="${NIGHT}"] [data-below-dga]`, (td) => td.dataset.belowDga)).toBe('true');
    expect(await page.$eval(`tr[data-production="${NIGHT}"] [data-below-dga]`, (td) => td.textContent)).toContain('Below the 15% line');

    await page.click('#sort-all');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('all');
    await page.click('#sort-all');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
    const shares = await page.$$eval('#overview-table td[data-role="all"]', (tds) => tds.map((td) => JSON.parse(td.dataset.value) as number));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(await page.$eval('th[aria-sort]', (th) => th.getAttribute('aria-sort'))).toBe('descending');

    await page.click(`tr[data-production="${JJ}"] a`);
    await ready(page);
    expect(new URL(page.url()).searchParams.get('production')).toBe(JJ);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('production view: charts drawn, tables equal /api/stats, baselines labelled, findings in words', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=episode&role=director`);
    for (const id of ['#season-chart-canvas', '#trend-chart-canvas']) {
      expect(await inkedShare(page, id)).toBeGreaterThan(0.02);
      expect(await page.$eval(id, (c) => c.getAttribute('role'))).toBe('img');
    }
    const season = await apiRows(`production=${JJ}&season=1&unit=episode`);
    await expectTableEqualsApi(page, 'season-chart', season, 'role');
    const trend = await apiRows(`production=${JJ}&role=director&unit=episode`);
    await expectTableEqualsApi(page, 'trend-chart', trend, 'season');

    // Each bar's baseline is a labelled line in the chart's annotation config, at the baseline's height.
    const baselines = JSON.parse(await page.$eval('#season-chart-canvas', (c) => c.dataset.baselines)) as Array<{ id: string; value: number; label: string }>;
    const withBaseline = season.filter((r) => r.baseline_share !== null);
    expect(withBaseline.length).toBeGreaterThan(0);
    expect(baselines.map((b) => b.id).sort()).toEqual(withBaseline.map((r) => `baseline-${r.role}`).sort());
    for (const r of withBaseline) {
      const b = baselines.find((x) => x.id === `baseline-${r.role}`)!;
      expect(b.value).toBeCloseTo(r.baseline_share! * 100, 6);
      expect(b.label).toContain(`${Math.round(r.baseline_share! * 100)}%`);
    }
    const values = JSON.parse(await page.$eval('#season-chart-canvas', (c) => c.dataset.values)) as number[][];
    expect(values[0]).toEqual(season.map((r) => (r.share_women === null ? null : Math.round(r.share_women * 1000) / 10)));

    const label = await page.$eval('#season-chart-canvas', (c) => c.getAttribute('aria-label')!);
    expect(label).toContain('women were 36.4% of directors');
    expect(label).toContain('baseline of 17.0%');
    // Titles, subtitles and source lines name what is counted and where figures come from.
    expect(await page.textContent('#season-chart .subtitle')).toContain('each episode counts once');
    const source = (await page.textContent('#season-chart .source'))!;
    expect(source).toContain('CrewCount database, credits imported from credits.csv.');
    // the production's own files only: not the people sheet, nor the other production's sheet
    expect(source).not.toMatch(/people-sheet\.csv|hostile-names\.csv/);
    expect(source).toContain('Episodic Television Director Inclusion Report 2015-16');
    expect(source).toContain('DGA-covered scripted episodes');
    // Warnings and the credits behind the numbers.
    expect(await page.textContent('.warnings')).toContain('Small sample');
    const credits = (await (await fetch(`${app.base}/api/credits.json?production=${JJ}&season=1&role=director`)).json()) as Array<{ episode: number; person: string }>;
    const episodes = await page.$$eval('#credits tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.episode)));
    expect(episodes).toEqual([...new Set(credits.map((c) => c.episode))].sort((a, b) => a - b));
    const names = await page.$$eval('#credits .person', (els) => els.map((e) => e.textContent));
    expect(names).toEqual(credits.map((c) => c.person));
    expect(await page.$$eval('#credits thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['Ep.', 'Title', 'Air date', 'Directors']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('changing unit, season and role updates chart, table and URL; back and forward restore each view; a permalink reopens it', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=all`);
    const before = await page.$eval('#season-chart-canvas', (c) => c.dataset.values);

    await page.click('label[for="ctl-unit-episode"]');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('episode');
    expect(await page.$eval('#season-chart-canvas', (c) => c.dataset.values)).not.toBe(before);
    await expectTableEqualsApi(page, 'season-chart', await apiRows(`production=${JJ}&season=1&unit=episode`), 'role');

    await page.selectOption('#ctl-season', '2');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('season')).toBe('2');
    await expectTableEqualsApi(page, 'season-chart', await apiRows(`production=${JJ}&season=2&unit=episode`), 'role');
    expect(await page.textContent('#season-chart .chart-title')).toContain('season 2 (2018)');

    await page.selectOption('#ctl-role', 'writer');
    await ready(page);
    await expectTableEqualsApi(page, 'trend-chart', await apiRows(`production=${JJ}&role=writer&unit=episode`), 'season');
    const permalink = page.url();

    await page.goBack();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('role')).toBe('all');
    expect(await page.inputValue('#ctl-season')).toBe('2');
    await page.goBack();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('season')).toBe('1');
    await expectTableEqualsApi(page, 'season-chart', await apiRows(`production=${JJ}&season=1&unit=episode`), 'role');
    await page.goBack();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('person');
    expect(await page.isChecked('#ctl-unit-person')).toBe(true);
    await expectTableEqualsApi(page, 'season-chart', await apiRows(`production=${JJ}&season=1&unit=person`), 'role');
    await page.goForward();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('episode');
    expect(await page.isChecked('#ctl-unit-episode')).toBe(true);

    // The permalink, opened fresh, shows the same view.
    const reopened = await openPage(browser, permalink);
    expect(await reopened.page.inputValue('#ctl-season')).toBe('2');
    expect(await reopened.page.inputValue('#ctl-role')).toBe('writer');
    expect(await reopened.page.isChecked('#ctl-unit-episode')).toBe(true);
    await expectTableEqualsApi(reopened.page, 'trend-chart', await apiRows(`production=${JJ}&role=writer&unit=episode`), 'season');
    expect(await reopened.page.textContent('#trend-chart .chart-title')).toContain('writers');
    expect(reopened.errors).toEqual([]);
    await reopened.page.context().close();

    // A view without a season names the one it shows, so the copied link stays put.
    await page.goto(`${app.base}/?production=${JJ}`);
    await ready(page);
    expect(new URL(page.url()).searchParams.get('season')).toBe('2');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says so, in words, when a link names a production that does not exist', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=no-such-show&unit=person`);
    expect(await page.textContent('[role="alert"]')).toContain('There is no production “no-such-show”');
    await page.click('[role="alert"] a');
    await ready(page);
    expect(await page.$$eval('#overview-table tbody tr', (trs) => trs.length)).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works from the keyboard: controls are reachable and arrow keys change the unit', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=person&role=all`);
    await page.keyboard.press('Tab'); // skip link first
    expect(await page.$eval(':focus', (el) => el.textContent)).toBe('Skip to content');
    await page.focus('#ctl-unit-person');
    await page.keyboard.press('ArrowRight');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('episode');
    expect(await page.$eval(':focus', (el) => el.id)).toBe('ctl-unit-episode'); // focus survives the re-render
    // Wide tables scroll on their own and can be reached with Tab.
    expect(await page.$$eval('.table-wrap', (els) => els.every((el) => el.getAttribute('tabindex') === '0'))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('publishes: PNG with caption, CSV of exactly what the chart shows, a copyable iframe snippet', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=episode&role=all`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#season-chart [data-action="png"]')]);
    expect(download.suggestedFilename()).toBe(`crewcount-${JJ}-s1-episode.png`);
    await download.saveAs(artifact('download-season-chart.png'));
    const png = readFileSync(artifact('download-season-chart.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const canvasHeight = await page.$eval('#season-chart-canvas', (c) => c.height);
    expect(png.readUInt32BE(20)).toBeGreaterThan(canvasHeight); // title and source lines added around the chart

    const href = await page.$eval('#season-chart [data-action="csv"]', (a) => a.href);
    expect(new URL(href).pathname).toBe('/api/stats.csv');
    expect(Object.fromEntries(new URL(href).searchParams)).toEqual({ production: JJ, season: '1', unit: 'episode' });
    const csv = await (await fetch(href)).text();
    expect(csv.trim().split('\n').length - 1).toBe((await apiRows(`production=${JJ}&season=1&unit=episode`)).length);

    await page.click('#season-chart button[aria-controls="season-chart-embed"]');
    const snippet = await page.inputValue('#season-chart-snippet');
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?production=marvels-jessica-jones&amp;season=1&amp;unit=episode&amp;role=all&amp;chart=bars" title="[^"]+"/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('embed mode renders one chart without chrome and may be framed', async () => {
    const res = await fetch(`${app.base}/embed?production=${JJ}&season=1&unit=episode&role=all&chart=bars`);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const { page, errors } = await openPage(browser, `${app.base}/embed?production=${JJ}&season=1&unit=episode&role=all&chart=bars`, 640);
    expect(await page.$('.site-header')).toBeNull();
    expect(await page.$('#ctl-production')).toBeNull();
    expect(await page.$$eval('canvas', (cs) => cs.length)).toBe(1);
    expect(await inkedShare(page, '#season-chart-canvas')).toBeGreaterThan(0.02);
    expect(await page.textContent('.source')).toContain('CrewCount database, credits imported from');
    await page.screenshot({ path: artifact('embed-bars-640.png') });

    await page.goto(`${app.base}/embed?production=${JJ}&unit=person&role=director&chart=trend`);
    await ready(page);
    expect(await inkedShare(page, '#trend-chart-canvas')).toBeGreaterThan(0.02);
    await page.screenshot({ path: artifact('embed-trend-640.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an embed without a production, or with one the database lacks, says so and fits a phone', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/embed`, 375);
    expect(await page.textContent('.embed-hint')).toContain('This embed needs a production');
    expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto(`${app.base}/embed?production=no-such-show`);
    await ready(page);
    const message = await page.textContent('[role="alert"]');
    expect(message).toContain('There is no production “no-such-show”');
    expect(message).not.toContain('from the list'); // an embed has no list
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it('shows a hostile name literally and runs nothing; the CSP refuses inline script', async () => {
    const { page, errors, dialogs } = await openPage(browser, `${app.base}/?production=${NIGHT}&season=1&unit=credit&role=all`);
    const people = await page.$$eval('#credits .person', (els) => els.map((e) => e.textContent));
    expect(people).toContain(HOSTILE_NAME);
    expect(people).toContain('<script>alert("w")</script>');
    expect(await page.textContent('#production-title')).toBe('Night Shift <b>Live</b> & "Co"');
    expect(await page.$$eval('img, b, i, #credits script', (els) => els.length)).toBe(0);
    // Switch season and back: still nothing runs.
    await page.selectOption('#ctl-season', '2');
    await ready(page);
    expect(await page.$$eval('#credits .person', (els) => els.map((e) => e.textContent))).toContain(HOSTILE_NAME);
    expect(await page.$$eval('img', (els) => els.length)).toBe(0);
    const snippet = await page.inputValue('#season-chart-snippet');
    expect(snippet).toContain('title="Women behind the camera: Night Shift &lt;b&gt;Live&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    const res = await fetch(`${app.base}/`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const ran = await page.$eval('body', (body) => {
      const s = body.ownerDocument.createElement('script');
      s.textContent = 'window.__inline = 1';
      body.append(s);
      return body.ownerDocument.defaultView.__inline ?? null;
    });
    expect(ran).toBeNull();
    await page.context().close();
  });

  it('fits a phone (375 px) and a desktop (1280 px): screenshots in tests/artifacts', async () => {
    for (const width of [1280, 375]) {
      const { page, errors } = await openPage(browser, `${app.base}/?production=${JJ}&season=1&unit=episode&role=all`, width);
      expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await inkedShare(page, '#season-chart-canvas')).toBeGreaterThan(0.02);
      await page.screenshot({ path: artifact(`dashboard-${width}.png`), fullPage: true });
      await page.goto(`${app.base}/?unit=person`);
      await ready(page);
      expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: artifact(`overview-${width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
