/**
 * The upload page in a real browser (Debian's chromium through
 * playwright-core): choose a file, check it (a dry run that writes nothing),
 * import it, and find the production in the dashboard; a bad sheet's problems
 * as a table; hostile names shown as text; titles taken as one production;
 * refusals (401, 403, 413) explained, and a server without uploads said at
 * once; the keyboard alone; a phone's width.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { launchChromium } from './chromium.js';
import { artifact, buildWeb, focusedId, HOSTILE_NAME, openPage, ready, serve, type Served, type Watched } from './harness.js';

const TOKEN = 'browser-upload-token';
const LIMIT = 256 << 10;
const BASE = readFileSync(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'base.csv'));
const BAD = Buffer.from(
  [
    'series,season,episode,role,person,gender',
    'Harbour Lights,1,5,director,Ada Quill,woman',
    'Harbour Lights,one,6,director,Ada Quill,woman',
    `Harbour Lights,1,7,writer,Ada Quill,${HOSTILE_NAME}`,
  ].join('\n'),
);

let browser: Browser;
let app: Served; // uploads on, with a token and a small limit
let closed: Served; // started without a token: uploads off

beforeAll(async () => {
  buildWeb();
  browser = await launchChromium();
  app = await serve({ token: TOKEN, maxUploadBytes: LIMIT });
  closed = await serve();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await closed?.close();
});

async function creditCount(served: Served): Promise<number> {
  const [{ n }] = (await served.db('credits').count({ n: '*' })) as [{ n: number }];
  return Number(n);
}

/** Chromium logs every 4xx fetch as a console error; anything else the page logs is a real error. */
const realErrors = (w: Watched): string[] => w.errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));

async function openUpload(served: Served, width = 1280): Promise<Watched> {
  const w = await openPage(browser, `${served.base}/`, width);
  await w.page.click('#nav-upload');
  await ready(w.page);
  expect(new URL(w.page.url()).search).toBe('?page=upload');
  expect(await w.page.getAttribute('#nav-upload', 'aria-current')).toBe('page');
  return w;
}

async function chooseAndCheck(page: Page, name: string, content: Buffer, token = TOKEN): Promise<void> {
  await page.setInputFiles('#upload-file', { name, mimeType: 'text/csv', buffer: content });
  await page.fill('#upload-token', token);
  await page.click('#upload-check');
  await page.waitForSelector('#upload-result:not([hidden]) h2');
  await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(n: string): string | null } | null } }).document.getElementById('upload-result')?.getAttribute('aria-busy') === 'false');
}

/** A production's credits as "role person", by role and name. */
async function served(on: Served, title: string): Promise<string[]> {
  const rows: Array<{ code: string; name: string }> = await on
    .db('credits as c')
    .join('episodes as e', 'e.id', 'c.episode_id')
    .join('seasons as s', 's.id', 'e.season_id')
    .join('productions as p', 'p.id', 's.production_id')
    .join('roles as r', 'r.id', 'c.role_id')
    .join('people as pe', 'pe.id', 'c.person_id')
    .where('p.title', title)
    .orderBy(['r.code', 'pe.name'])
    .select('r.code', 'pe.name');
  return rows.map((r) => `${r.code} ${r.name}`);
}

const summaryField = (page: Page, field: string): Promise<string | null> => page.textContent(`#upload-summary dd[data-field="${field}"]`);

describe('the upload page', () => {
  it('checks a sheet without writing, imports it on confirmation, and the production appears in the dashboard', async () => {
    const w = await openUpload(app);
    const { page } = w;
    const before = await creditCount(app);
    await chooseAndCheck(page, 'harbour-lights.csv', BASE);
    expect(await page.textContent('#upload-result-title')).toBe('harbour-lights.csv is ready to import');
    expect(await summaryField(page, 'rowsRead')).toBe('6');
    expect(await summaryField(page, 'creditsNew')).toBe('6');
    expect(await summaryField(page, 'creditsUnchanged')).toBe('0');
    expect(await summaryField(page, 'creditsUpdated')).toBe('0');
    expect(await summaryField(page, 'duplicateRows')).toBe('0');
    expect(await summaryField(page, 'issues')).toBe('0');
    expect(await summaryField(page, 'encoding')).toBe('utf-8');
    expect(await summaryField(page, 'delimiter')).toBe('comma');
    expect(await summaryField(page, 'format')).toMatch(/^long/);
    expect(await summaryField(page, 'added')).toBe('1 production, 1 season, 3 episodes, 4 people');
    expect(await creditCount(app)).toBe(before); // the check wrote nothing
    // The token never travels in the URL, and is not kept unless asked.
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { length: number } }).localStorage.length)).toBe(0);

    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    expect(await page.textContent('#upload-success')).toBe('6 new credits, 0 updated credits, 0 credits already stored.');
    expect(await creditCount(app)).toBe(before + 6);
    await page.click('a[data-production="harbour-lights"]');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('production')).toBe('harbour-lights');
    expect(await page.textContent('#production-title')).toBe('Harbour Lights');

    await page.click('.brand');
    await ready(page);
    expect(await page.$$eval('#overview-table tr[data-production]', (trs) => trs.map((tr) => tr.dataset.production))).toContain('harbour-lights');
    await page.goBack(); // history works across the upload page too
    await ready(page);
    expect(await page.textContent('#production-title')).toBe('Harbour Lights');
    expect(realErrors(w)).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.dialogs).toEqual([]);
    await page.context().close();
  });

  it('uploads a people sheet: the layout options switch off, the check counts people, the import records the evidence', async () => {
    const w = await openUpload(app);
    const { page } = w;
    await page.selectOption('#upload-sheet', 'people');
    expect(await page.isDisabled('#upload-season')).toBe(true);
    expect(await page.isDisabled('#upload-kind')).toBe(true);
    expect(await page.isDisabled('#upload-date-order')).toBe(true);
    expect(await page.isDisabled('#upload-replace')).toBe(true);
    expect(await page.isVisible('#upload-production')).toBe(false);
    const sheet = Buffer.from('person,gender,gender_source,source_url,note\nAda Quill,woman,self-identified,https://example.org/ada,her own site\n');
    await chooseAndCheck(page, 'people.csv', sheet);
    expect(await page.textContent('#upload-result-title')).toBe('people.csv is ready to import');
    expect(await summaryField(page, 'peopleNew')).toBe('1');
    expect(await summaryField(page, 'format')).toMatch(/^people sheet/);
    expect(await page.textContent('#upload-import')).toBe('Import 1 person');
    expect(await app.db('people').where({ name: 'Ada Quill' }).count({ n: '*' })).toEqual([{ n: 0 }]);
    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    expect(await page.textContent('#upload-success')).toBe('1 new person, 0 updated people, 0 people unchanged.');
    expect(await app.db('people').where({ name: 'Ada Quill' }).select('gender', 'gender_source')).toEqual([{ gender: 'woman', gender_source: 'self-identified' }]);
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('reads numeric dates in the order chosen, lists the lines skipped above the header and names to check', async () => {
    const w = await openUpload(app);
    const { page } = w;
    const sheet = Buffer.from('Glass Orchard: crew of season 1\nseries,season,episode,air_date,role,person\nGlass Orchard,1,1,3/8/2018,director,Ada Quill\nGlass Orchard,1,1,3/8/2018,writer,"Quill, Ada"\n');
    await chooseAndCheck(page, 'dated.csv', sheet);
    expect(await summaryField(page, 'issues')).toBe('2');
    expect(await page.textContent('#upload-result')).toContain('mdy if it means March 8, dmy if it means 3 August');
    await page.selectOption('#upload-date-order', 'dmy');
    expect(await page.isHidden('#upload-result')).toBe(true); // the earlier answer is stale now
    await page.click('#upload-check');
    await page.waitForSelector('#upload-import');
    expect(await summaryField(page, 'issues')).toBe('0');
    expect(await summaryField(page, 'preamble')).toBe('1');
    expect(await summaryField(page, 'nameVariants')).toBe('\u201cQuill, Ada\u201d and \u201cAda Quill\u201d');
    expect(await page.$('#upload-summary dd[data-field="titleVariants"]')).toBeNull(); // one title, one way
    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    const episode = await app.db('episodes').join('seasons', 'seasons.id', 'episodes.season_id').join('productions', 'productions.id', 'seasons.production_id').where('productions.title', 'Glass Orchard').first('episodes.air_date');
    expect(episode).toEqual({ air_date: '2018-08-03' });
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('replaces: ticked, the check lists the stored credits a corrected sheet leaves out, and the import removes them', async () => {
    const w = await openUpload(app);
    const { page } = w;
    const v1 = Buffer.from('series,season,episode,role,person,gender\nMended Show,1,1,director,Wrong Person,man\nMended Show,1,1,writer,Wren Ode,woman\n');
    await chooseAndCheck(page, 'v1.csv', v1);
    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    const fix = Buffer.from('series,season,episode,role,person,gender\nMended Show,1,1,director,Right Person,woman\n');
    await page.setInputFiles('#upload-file', { name: 'fix.csv', mimeType: 'text/csv', buffer: fix });
    await page.check('#upload-replace');
    await page.click('#upload-check');
    await page.waitForSelector('#upload-import');
    expect(await summaryField(page, 'creditsRemoved')).toBe('1');
    expect(await summaryField(page, 'removedCredits')).toBe('\u201cMended Show\u201d S1E1, director \u201cWrong Person\u201d');
    expect(await page.textContent('#upload-import')).toBe('Import 1 credit, removing 1');
    const stored = () => served(app, 'Mended Show');
    expect(await stored()).toEqual(['director Wrong Person', 'writer Wren Ode']);
    // Unticking makes the answer stale: the import must send only what was checked.
    await page.uncheck('#upload-replace');
    expect(await page.isHidden('#upload-result')).toBe(true);
    await page.check('#upload-replace');
    await page.click('#upload-check');
    await page.waitForSelector('#upload-import');
    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    expect(await page.textContent('#upload-success')).toBe('1 new credit, 0 updated credits, 1 removed credit, 0 credits already stored.');
    expect(await summaryField(page, 'creditsRemoved')).toBe('1');
    // The writer is a role the sheet does not give: left alone.
    expect(await stored()).toEqual(['director Right Person', 'writer Wren Ode']);
    expect(realErrors(w)).toEqual([]);
    expect(w.dialogs).toEqual([]);
    await page.context().close();
  });

  it('shows a bad sheet’s problems as a table (line, column, value, message), hostile values as text, and offers no import', async () => {
    const w = await openUpload(app);
    const { page } = w;
    const before = await creditCount(app);
    await chooseAndCheck(page, `<img src=x onerror=alert(2)>.csv`, BAD);
    expect(await page.textContent('#upload-result-title')).toBe('<img src=x onerror=alert(2)>.csv: 2 problems, nothing can be imported yet');
    expect(await page.$('#upload-import')).toBeNull();
    const headers = await page.$$eval('#upload-errors thead th', (ths) => ths.map((th) => [th.textContent, th.getAttribute('scope')]));
    expect(headers).toEqual([['Line', 'col'], ['Column', 'col'], ['Value', 'col'], ['Message', 'col']]);
    const rows = await page.$$eval('#upload-errors tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent)));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['3', '2', 'one'],
      ['4', '6', HOSTILE_NAME],
    ]);
    expect(rows[0]![3]).toMatch(/season/);
    expect(await page.$$('main img')).toHaveLength(0); // the hostile value and file name stayed text
    expect(await page.textContent('#upload-errors caption')).toContain('<img src=x onerror=alert(2)>.csv');
    expect(await summaryField(page, 'problemRows')).toBe('2');
    expect(await creditCount(app)).toBe(before);
    expect(w.dialogs).toEqual([]);
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('imports a sheet with a hostile name and the dashboard shows the name as text', async () => {
    const w = await openUpload(app);
    const { page } = w;
    const sheet = `series,season,episode,air_date,role,person,gender\nQuiet Harbour,1,1,2022-05-01,director,${HOSTILE_NAME},woman\nQuiet Harbour,1,1,2022-05-01,writer,Ada Quill,woman\n`;
    await chooseAndCheck(page, 'quiet.csv', Buffer.from(sheet));
    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    await page.click('a[data-production="quiet-harbour"]');
    await ready(page);
    expect(await page.$$eval('#credits .person', (els) => els.map((e) => e.textContent))).toContain(HOSTILE_NAME);
    expect(await page.$$('main img')).toHaveLength(0);
    expect(w.dialogs).toEqual([]);
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('explains a wrong token (401), uploads switched off (403) and a file over the limit (413)', async () => {
    const wrong = await openUpload(app);
    await chooseAndCheck(wrong.page, 'harbour-lights.csv', BASE, 'not-the-token');
    expect(await wrong.page.getAttribute('#upload-error', 'data-status')).toBe('401');
    expect(await wrong.page.textContent('#upload-error')).toMatch(/The token was not accepted .*CREWCOUNT_TOKEN/);
    expect(await wrong.page.getAttribute('#upload-error', 'role')).toBe('alert');

    const big = Buffer.concat([BASE, Buffer.alloc(LIMIT, 0x0a)]);
    await chooseAndCheck(wrong.page, 'big.csv', big);
    expect(await wrong.page.getAttribute('#upload-error', 'data-status')).toBe('413');
    expect(await wrong.page.textContent('#upload-error')).toMatch(/larger than this server accepts .*0\.25 MB/);
    expect(realErrors(wrong)).toEqual([]);
    await wrong.page.context().close();

    // A page opened while uploads were on, the server since restarted without a token: the check's 403 says so.
    const off = await openPage(browser, `${closed.base}/`);
    await off.page.route('**/api/health', (route) => route.fulfill({ json: { status: 'ok', uploads: true } }));
    await off.page.click('#nav-upload');
    await ready(off.page);
    expect(await off.page.$('#uploads-off')).toBeNull();
    await chooseAndCheck(off.page, 'harbour-lights.csv', BASE);
    expect(await off.page.getAttribute('#upload-error', 'data-status')).toBe('403');
    expect(await off.page.textContent('#upload-error')).toMatch(/Uploads are switched off on this server: it was started without CREWCOUNT_TOKEN/);
    expect(realErrors(off)).toEqual([]);
    await off.page.context().close();
  });

  it('says at once when the server takes no uploads (no CREWCOUNT_TOKEN), above the form, and switches its submit off', async () => {
    const w = await openUpload(closed);
    const { page } = w;
    expect(await page.$('#uploads-off'), 'the page says uploads are off').not.toBeNull();
    const notice = page.locator('#uploads-off');
    expect(await notice.textContent()).toBe(
      'Uploads are switched off on this server: it was started without CREWCOUNT_TOKEN. Ask whoever runs it to set one, or import on the command line with crewcount import FILE.',
    );
    const [noticeBox, formBox] = [(await notice.boundingBox())!, (await page.locator('#upload-form').boundingBox())!];
    expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(formBox.y); // above the form, before anything is filled in
    expect(await page.isDisabled('#upload-check')).toBe(true);
    expect(await page.getAttribute('#upload-check', 'aria-describedby')).toBe('uploads-off');
    expect(await page.textContent('#status')).toContain('Uploads are switched off on this server');
    // Enter in a field submits nothing either.
    const posts: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST') posts.push(req.url());
    });
    await page.setInputFiles('#upload-file', { name: 'harbour-lights.csv', mimeType: 'text/csv', buffer: BASE });
    await page.fill('#upload-token', TOKEN);
    await page.press('#upload-token', 'Enter');
    await page.waitForTimeout(300);
    expect(posts).toEqual([]);
    expect(await page.isHidden('#upload-result')).toBe(true);
    expect(await page.isDisabled('#upload-check')).toBe(true);
    expect(realErrors(w)).toEqual([]);
    await page.context().close();

    // A server with a token: no notice, the submit on.
    const on = await openUpload(app);
    expect(await on.page.$('#uploads-off')).toBeNull();
    expect(await on.page.isEnabled('#upload-check')).toBe(true);
    await on.page.context().close();
  });

  it('names the titles taken as one production (slugs alike: "Run!" stored as "Run"), each set apart', async () => {
    const w = await openUpload(app);
    const { page } = w;
    // A title with right-to-left letters is set apart (U+2068…U+2069), so it cannot reorder the words around it.
    const sheet = Buffer.from(
      ['series,season,episode,role,person,gender', 'Run,1,1,director,Ann Lee,woman', 'Run!,1,2,director,Bo Kim,man', 'Run Far ריצה,1,1,director,Cy Dee,woman', 'Run Far! ריצה,1,2,director,Di Eve,woman'].join('\n'),
    );
    const named = '\u201cRun!\u201d as \u201cRun\u201d; \u201c\u2068Run Far! ריצה\u2069\u201d as \u201c\u2068Run Far ריצה\u2069\u201d';
    await chooseAndCheck(page, 'run.csv', sheet);
    expect(await summaryField(page, 'issues')).toBe('0');
    expect(await page.$('#upload-summary dd[data-field="titleVariants"]'), 'the summary names the titles').not.toBeNull();
    expect(await page.textContent('#upload-summary dd[data-field="titleVariants"] >> xpath=preceding-sibling::dt[1]')).toMatch(/^Titles taken as one production/);
    expect(await summaryField(page, 'titleVariants')).toBe(named);
    await page.click('#upload-import');
    await page.waitForSelector('#upload-success');
    expect(await summaryField(page, 'titleVariants')).toBe(named);
    expect(w.dialogs).toEqual([]);
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('remembers the token only when asked, and forgets it when unticked', async () => {
    const w = await openUpload(app);
    await w.page.check('#upload-remember');
    await chooseAndCheck(w.page, 'harbour-lights.csv', BASE);
    const stored = () => w.page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('crewcount.uploadToken'));
    expect(await stored()).toBe(TOKEN);
    await w.page.reload();
    await ready(w.page);
    expect(await w.page.inputValue('#upload-token')).toBe(TOKEN);
    expect(await w.page.isChecked('#upload-remember')).toBe(true);
    await w.page.uncheck('#upload-remember');
    expect(await stored()).toBeNull();
    await w.page.context().close();
  });

  it('works from the keyboard alone: Enter checks, focus lands on the result, Tab reaches Import', async () => {
    const w = await openUpload(app);
    const { page } = w;
    await page.setInputFiles('#upload-file', { name: 'overlap.csv', mimeType: 'text/csv', buffer: readFileSync(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'overlap.csv')) });
    await page.focus('#upload-file');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('upload-token');
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#upload-import');
    const focused = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id);
    expect(await focused()).toBe('upload-result-title');
    for (let i = 0; i < 5 && (await focused()) !== 'upload-import'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('upload-import');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#upload-success');
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('says what is missing at its field: marked invalid, the words in its description, focus on the first one', async () => {
    const w = await openUpload(app, 375);
    const { page } = w;
    await page.click('#upload-check');
    expect(await focusedId(page)).toBe('upload-file');
    for (const [id, words] of [['upload-file', /^Choose the sheet to check/], ['upload-token', /^Enter the upload token/]] as const) {
      expect(await page.getAttribute(`#${id}`, 'aria-invalid'), id).toBe('true');
      expect(await page.getAttribute(`#${id}`, 'aria-describedby'), id).toBe(`${id}-error ${id}-hint`); // the error first, then the hint
      expect(await page.textContent(`#${id}-error`), id).toMatch(words);
    }
    expect(await page.isHidden('#upload-result')).toBe(true); // not below the form, away from the field
    await page.screenshot({ path: artifact('upload-missing-375.png'), fullPage: true });
    // Choosing a file clears its mark; the token's stays, and takes focus at the next check.
    await page.setInputFiles('#upload-file', { name: 'harbour-lights.csv', mimeType: 'text/csv', buffer: BASE });
    expect(await page.getAttribute('#upload-file', 'aria-invalid')).toBeNull();
    expect(await page.$('#upload-file-error')).toBeNull();
    expect(await page.getAttribute('#upload-file', 'aria-describedby')).toBe('upload-file-hint');
    await page.click('#upload-check');
    expect(await focusedId(page)).toBe('upload-token');
    expect(await page.getAttribute('#upload-token', 'aria-invalid')).toBe('true');
    await page.keyboard.type(TOKEN);
    expect(await page.getAttribute('#upload-token', 'aria-invalid')).toBeNull();
    expect(await page.$('#upload-token-error')).toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#upload-import');
    expect(realErrors(w)).toEqual([]);
    await page.context().close();
  });

  it('gives the tick boxes a target of 24 × 24 px', async () => {
    const w = await openUpload(app, 375);
    for (const id of ['upload-remember', 'upload-replace']) {
      const box = (await w.page.locator(`#${id}`).boundingBox())!;
      expect(box.width, id).toBeGreaterThanOrEqual(24);
      expect(box.height, id).toBeGreaterThanOrEqual(24);
    }
    await w.page.context().close();
  });

  it('fits a phone (375 px): no sideways scrolling of the page; screenshot in tests/artifacts', async () => {
    const w = await openUpload(app, 375);
    await chooseAndCheck(w.page, 'bad.csv', BAD);
    await w.page.waitForSelector('#upload-errors');
    const overflow = await w.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await w.page.screenshot({ path: artifact('upload-375.png'), fullPage: true });
    expect(realErrors(w)).toEqual([]);
    await w.page.context().close();
  });
});
