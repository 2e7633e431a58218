/**
 * The figures follow the database: an import from elsewhere (another tab, the
 * command line) while a view is open shows at the next view change, as the
 * "Download data (CSV)" beside the chart already does. Before, API answers
 * were kept for the page's life and only this tab's own uploads cleared them.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { tempFile } from '../helpers/db.js';
import { launchChromium } from './chromium.js';
import { buildWeb, openPage, ready, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

const HEAD = 'series,season,episode,air_date,role,person,gender';
const FIRST = [HEAD, 'Fresh Show,1,1,2021-03-01,director,Ann Lee,woman', 'Fresh Show,1,1,2021-03-01,writer,Bo Kim,man'];
const MORE = [HEAD, 'Fresh Show,1,2,2021-03-08,director,Cy Dee,woman', 'Fresh Show,1,2,2021-03-08,writer,Di Eve,woman', 'Fresh Show,1,1,2021-03-01,writer,Ed Fox,woman'];

async function load(name: string, rows: string[]): Promise<void> {
  const summary = await importFiles(app.db, [{ path: tempFile(name, `${rows.join('\n')}\n`), name }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
}

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  await load('fresh-1.csv', FIRST);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The season table's "all roles" counts, as the page shows them. */
const allRoles = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('#season-chart tr[data-role="all"] td[data-field]', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.field, td.dataset.value])));

const creditRows = (page: Page): Promise<string[]> =>
  page.$$eval('#credits tbody tr', (trs) => trs.map((tr) => `${tr.dataset.episode}: ${Array.from(tr.querySelectorAll('.person'), (p: { textContent: string | null }) => p.textContent).join(', ')}`));

async function switchUnit(page: Page, unit: 'credit' | 'person' | 'episode'): Promise<void> {
  await page.click(`label[for="ctl-unit-${unit}"]`);
  await page.waitForURL((url) => url.searchParams.get('unit') === unit);
  await ready(page);
}

describe('figures that change under an open view', () => {
  it('shows credits imported from elsewhere after a control is changed and back, as the CSV does', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=fresh-show&season=1&unit=person&role=all`);
    expect(await allRoles(page)).toMatchObject({ women: '1', men: '1', known: '2' });
    expect(await creditRows(page)).toEqual(['1: Ann Lee, Bo Kim']);
    expect(await page.textContent('.production-head .meta')).toContain('1 episode, 2 credits');

    await load('fresh-2.csv', MORE); // as the command line or another tab would, into the same database

    await switchUnit(page, 'episode');
    await switchUnit(page, 'person');
    expect(await allRoles(page)).toMatchObject({ women: '4', men: '1', known: '5' });
    expect(await creditRows(page)).toEqual(['1: Ann Lee, Bo Kim, Ed Fox', '2: Cy Dee, Di Eve']);
    expect(await page.textContent('.production-head .meta')).toContain('2 episodes, 5 credits');
    // The chart's table and its CSV download agree.
    const csv = await (await fetch(new URL(await page.getAttribute('#season-chart [data-action="csv"]', 'href').then((h) => h ?? ''), page.url()))).text();
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    const columns = header!.split(',');
    const all = lines.map((l) => l.split(',')).find((cells) => cells[columns.indexOf('role')] === 'all')!;
    expect([all[columns.indexOf('women')], all[columns.indexOf('men')]]).toEqual(['4', '1']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the new figures on the overview after Back', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=person`);
    const share = () => page.textContent('#overview-table tr[data-production="fresh-show"] td[data-role="director"] .share');
    const before = await share();
    await page.click('#overview-table tr[data-production="fresh-show"] th a');
    await ready(page);
    await load('fresh-3.csv', [HEAD, 'Fresh Show,1,3,2021-03-15,director,Gus Hale,man', 'Fresh Show,1,4,2021-03-22,director,Hal Ives,man']);
    await page.goBack();
    await ready(page);
    expect(before).toBe('100.0%');
    expect(await share()).toBe('50.0%'); // Ann Lee and Cy Dee of four directors
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
