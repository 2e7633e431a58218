/**
 * The evidence behind the genders in the dashboard (real chromium): the
 * "Minimum evidence" control kept in the URL and passed to /api/stats, and the
 * provenance mix beside each share, as text.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { buildWeb, openPage, ready, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve(); // the seeds: sample credits and the sample people sheet
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const QS = 'queen-sugar';

async function apiRow(query: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${app.base}/api/stats?${query}`);
  expect(res.status).toBe(200);
  const { rows } = (await res.json()) as { rows: Array<Record<string, unknown>> };
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('minimum evidence in the dashboard', () => {
  it('shows the provenance mix beside each share, and a stricter level from the control moves Christina Voros to unknown', async () => {
    const { page, errors, dialogs } = await openPage(browser, `${app.base}/?production=${QS}&season=2&unit=credit&role=director`);
    const cell = `#season-chart tr[data-role="director"] td[data-provenance]`;
    // Queen Sugar season 2 directors: DeMane Davis (press pronouns), Christina Voros (gender kept, no source level claimed).
    expect(await page.textContent(cell)).toBe('2 known: 1 press pronouns, 1 no recorded source');
    expect(await page.$eval('#ctl-evidence', (s) => (s as unknown as { value: string }).value)).toBe('');

    await page.selectOption('#ctl-evidence', 'press-pronouns');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('min_evidence')).toBe('press-pronouns');
    expect(await page.textContent(cell)).toBe('1 known: 1 press pronouns');
    const api = await apiRow(`production=${QS}&season=2&role=director&unit=credit&min_evidence=press-pronouns`);
    expect(api).toMatchObject({ women: 1, unknown: 1, known: 1, min_evidence: 'press-pronouns' });
    expect(await page.$eval(`#season-chart tr[data-role="director"] td[data-field="unknown"]`, (td) => JSON.parse((td as unknown as { dataset: { value: string } }).dataset.value))).toBe(1);
    expect(await page.textContent('#season-chart .subtitle')).toContain('Genders resting on weaker evidence than pronouns or gendered words in the press are counted as unknown.');
    // The CSV download asks for the same level.
    const csv = await page.$eval('#season-chart a[href*="stats.csv"]', (a) => a.getAttribute('href')!);
    expect(new URL(csv, app.base).searchParams.get('min_evidence')).toBe('press-pronouns');

    // Back: the level goes with the URL.
    await page.goBack();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('min_evidence')).toBeNull();
    expect(await page.textContent(cell)).toBe('2 known: 1 press pronouns, 1 no recorded source');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('a copied link with min_evidence reopens the overview at that level, mix shown beside each share', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?unit=credit&min_evidence=public-statement`);
    expect(await page.$eval('#ctl-evidence', (s) => (s as unknown as { value: string }).value)).toBe('public-statement');
    // Nobody in the sample stated their own gender in public: no share at this level.
    const shares = await page.$$eval('#overview-table td[data-role="all"]', (tds) => tds.map((td) => JSON.parse((td as unknown as { dataset: { value: string } }).dataset.value) as unknown));
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.every((s) => s === null)).toBe(true);
    expect(await page.textContent(`#overview-table tr[data-production="${QS}"] td[data-role="all"] .provenance-note`)).toBe('none of known gender');
    expect(await page.textContent('#overview-table caption')).toContain('counted as unknown');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an unknown level in the URL is ignored, not sent', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=${QS}&season=2&unit=credit&role=director&min_evidence=rumour`);
    expect(await page.$eval('#ctl-evidence', (s) => (s as unknown as { value: string }).value)).toBe('');
    expect(await page.textContent(`#season-chart tr[data-role="director"] td[data-provenance]`)).toBe('2 known: 1 press pronouns, 1 no recorded source');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
