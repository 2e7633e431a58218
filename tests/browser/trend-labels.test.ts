/**
 * The trend chart's value labels (real Chromium): a season's share and its
 * baseline close together (17%/14%) both stay readable at desktop width, one
 * label on each side of the point; on a 375 px phone with 12 seasons, a
 * label that would overlap another label or another point is left out (the
 * table and the tooltip still give every number).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { launchChromium } from './chromium.js';
import { tempFile } from '../helpers/db.js';
import { artifact, buildWeb, openPage, serve, type Served } from './harness.js';

let browser: Browser;
let app: Served;

/** The DGA's directors baseline, season year by season year (2021: the nearest period's), and a share 3 points above each. */
const BASELINES = [14, 15, 14, 14, 16, 17, 21, 25, 31, 35, 38, 38];
const SHARES = BASELINES.map((b) => b + 3);

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve();
  const lines = ['series,season,episode,air_date,role,person,gender'];
  SHARES.forEach((share, i) => {
    for (let e = 1; e <= 100; e++) lines.push(`Long Runner,${i + 1},${e},${2010 + i}-10-01,director,${e <= share ? 'Woman' : 'Man'} ${e},${e <= share ? 'woman' : 'man'}`);
  });
  const summary = await importFiles(app.db, [{ path: tempFile('long-runner.csv', lines.join('\n')) }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Box {
  dataset: number;
  index: number;
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlap = (a: Omit<Box, 'text' | 'dataset' | 'index'>, b: Omit<Box, 'text' | 'dataset' | 'index'>): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The labels as drawn, and every point's marker, in CSS pixels. */
async function drawn(page: Page): Promise<{ labels: Box[]; points: Box[] }> {
  const raw = await page.$eval('#trend-chart-canvas', (c) => (c as unknown as { dataset: { valueLabels?: string } }).dataset.valueLabels ?? 'null');
  expect(raw, 'the chart records the labels it draws').not.toBe('null');
  return JSON.parse(raw) as { labels: Box[]; points: Box[] };
}

function expectNoCollision({ labels, points }: { labels: Box[]; points: Box[] }): void {
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1)) expect(overlap(a, b), `${a.text} (season ${a.index + 1}) and ${b.text} (season ${b.index + 1})`).toBe(false);
    for (const p of points) if (p.dataset !== a.dataset || p.index !== a.index) expect(overlap(a, p), `${a.text} (season ${a.index + 1}) over a point of season ${p.index + 1}`).toBe(false);
  });
}

describe('trend value labels', () => {
  it('draws a share and a close baseline both, apart, on a desktop', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=long-runner&season=12&unit=episode&role=director`);
    expect(await page.$eval('#trend-chart-canvas', (c) => (c as unknown as { dataset: { values: string } }).dataset.values)).toBe(JSON.stringify([SHARES, BASELINES]));
    const d = await drawn(page);
    expectNoCollision(d);
    expect(d.labels.map((l) => l.text).sort()).toEqual([...SHARES, ...BASELINES].map((v) => `${v}%`).sort());
    await page.locator('#trend-chart').screenshot({ path: artifact('trend-labels-1280.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('leaves out labels that would collide on a 375 px phone, keeping the numbers in the table', async () => {
    const { page, errors } = await openPage(browser, `${app.base}/?production=long-runner&season=12&unit=episode&role=director`, 375);
    const d = await drawn(page);
    expectNoCollision(d);
    // some labels drawn, some left out: 24 would not fit side by side
    expect(d.labels.length).toBeGreaterThan(0);
    expect(d.labels.length).toBeLessThan(SHARES.length + BASELINES.length);
    expect(await page.$$eval('#trend-chart table tbody tr', (trs) => trs.length)).toBe(12);
    await page.locator('#trend-chart').screenshot({ path: artifact('trend-labels-375.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
