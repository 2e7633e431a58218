/**
 * The upload page (?page=upload): choose a sheet, "Check file" runs a dry
 * run and shows what an import would change and every problem (line, column,
 * value, message); "Import" then sends the same file and options for real.
 * Everything from the file (names, cell values, the file name) goes in as text.
 */
import '../upload.css';
import { api, clearApiCache, type Production } from '../api';
import { h, replaceChildren } from '../dom';
import { isolate, plural } from '../format';
import { toSearch, DEFAULTS } from '../state';
import { scrollable } from '../tables';
import { isPeopleSummary, uploadSheet, UploadRefused, UPLOADS_OFF, type AnySummary, type ImportIssue, type ImportSummary, type UploadOptions } from '../upload-client';
import type { View } from './view';

/** Where the token is kept when (and only when) the researcher ticks "Remember". */
const TOKEN_KEY = 'crewcount.uploadToken';
/** A sheet with thousands of problems is a wrong file: the first ones say enough, and the page stays quick. */
const MAX_ISSUE_ROWS = 1000;

function storedToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return ''; // storage switched off: the field simply starts empty
  }
}

function keepToken(remember: boolean, token: string): void {
  try {
    if (remember) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage switched off: nothing is kept, which is what the researcher gets without ticking the box anyway
  }
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintId = `${id}-hint`;
  if (hint) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field upload-field' }, h('label', { attrs: { for: id } }, label), control, hint ? h('p', { class: 'hint', attrs: { id: hintId } }, hint) : null);
}

/** How to clear each field's mark (markInvalid). */
const clearings = new WeakMap<HTMLInputElement, () => void>();

/**
 * Say what is wrong with a field under it, tie the words to it (aria-invalid,
 * and first in its aria-describedby, before its hint) and clear them at its
 * next change. Returns the control, for focusing the first one wrong.
 */
function markInvalid(control: HTMLInputElement, message: string): HTMLInputElement {
  const errorId = `${control.id}-error`;
  clearings.get(control)?.(); // an earlier mark's words and listeners go first
  const hint = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorId);
  control.after(h('p', { class: 'field-error', attrs: { id: errorId } }, message));
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [errorId, ...hint].join(' '));
  const listening = new AbortController();
  const clear = (): void => {
    listening.abort();
    clearings.delete(control);
    document.getElementById(errorId)?.remove();
    control.removeAttribute('aria-invalid');
    if (hint.length > 0) control.setAttribute('aria-describedby', hint.join(' '));
    else control.removeAttribute('aria-describedby');
  };
  control.addEventListener('input', clear, { signal: listening.signal });
  control.addEventListener('change', clear, { signal: listening.signal });
  clearings.set(control, clear);
  return control;
}

function select(id: string, options: Array<[string, string]>): HTMLSelectElement {
  return h('select', { attrs: { id, name: id } }, ...options.map(([value, text]) => h('option', { attrs: { value } }, text)));
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

type SummaryItem = [field: string, term: string, value: string];

function summaryList(s: AnySummary): HTMLElement {
  const f = s.files[0];
  const problemRows = new Set(s.issues.filter((i) => i.line > 1).map((i) => i.line)).size;
  const fileFacts: SummaryItem[] = [
    ['issues', 'Problems found', s.issues.length.toLocaleString('en')],
    ['problemRows', 'Rows with problems (wrong or conflicting values)', problemRows.toLocaleString('en')],
    ['encoding', 'Decoded as', f?.encoding || 'utf-8'],
    ['delimiter', 'Delimiter', f ? (DELIMITER_NAMES[f.delimiter] ?? JSON.stringify(f.delimiter)) : '–'],
  ];
  // What the header told: either kind of sheet.
  const headerFacts: SummaryItem[] = [];
  if (f && f.ignoredColumns.length > 0) headerFacts.push(['ignoredColumns', 'Columns ignored', f.ignoredColumns.join(', ')]);
  if (f?.preamble?.length) headerFacts.push(['preamble', 'Lines skipped above the header (a title or note)', f.preamble.join(', ')]);
  if (isPeopleSummary(s)) {
    return definitionList([
      ['rowsRead', 'Rows read', s.rowsRead.toLocaleString('en')],
      ['peopleNew', 'New people', s.peopleNew.toLocaleString('en')],
      ['peopleUpdated', 'Updated people (gender, evidence, source or note changed; the old record kept in the history)', s.peopleUpdated.toLocaleString('en')],
      ['gendersChanged', 'Of those, a different gender', s.gendersChanged.toLocaleString('en')],
      ['peopleUnchanged', 'Unchanged people', s.peopleUnchanged.toLocaleString('en')],
      ['repeatedRows', 'Repeated rows, counted once', s.repeatedRows.toLocaleString('en')],
      ...fileFacts,
      ['format', 'Format', 'people sheet: person, gender and the evidence for it'],
      ...headerFacts,
    ]);
  }
  const items: SummaryItem[] = [
    ['rowsRead', 'Rows read', s.rowsRead.toLocaleString('en')],
    ['creditsNew', 'New credits', s.creditsNew.toLocaleString('en')],
    ['creditsUnchanged', 'Unchanged credits (already stored)', s.creditsUnchanged.toLocaleString('en')],
    ['creditsUpdated', 'Updated credits (new note or source)', s.creditsUpdated.toLocaleString('en')],
    ...(s.replace
      ? [['creditsRemoved', `${s.committed ? 'Removed' : 'Credits to remove'} (stored, of the episodes and roles this sheet gives, but not in it)`, s.creditsRemoved.toLocaleString('en')] as SummaryItem]
      : []),
    ['duplicateRows', 'Repeated rows, counted once', s.duplicateRows.toLocaleString('en')],
    ...fileFacts,
    ['format', 'Format', s.files[0]?.format === 'wide' ? 'wide: one row per episode, a column per role' : 'long: one row per credit'],
    ...headerFacts,
  ];
  if (s.nameVariants.length > 0) {
    items.push([
      'nameVariants',
      'Names to check: perhaps one person written two ways, counted as two (write one spelling in the sheets)',
      s.nameVariants.map(([added, other]) => `\u201c${isolate(added)}\u201d and \u201c${isolate(other)}\u201d`).join('; '),
    ]);
  }
  if (s.titleVariants.length > 0) {
    items.push([
      'titleVariants',
      'Titles taken as one production: titles that differ only in accents or punctuation are one production (if they are two, tell them apart in the title)',
      s.titleVariants.map(([given, title]) => `\u201c${isolate(given)}\u201d as \u201c${isolate(title)}\u201d`).join('; '),
    ]);
  }
  if (s.removedCredits.length > 0) {
    const more = s.creditsRemoved - s.removedCredits.length;
    items.push([
      'removedCredits',
      s.committed ? 'The credits removed' : 'The credits an import would remove',
      s.removedCredits.map(removedText).join('; ') + (more > 0 ? `; and ${plural(more, 'more credit')}` : ''),
    ]);
  }
  if (s.issues.length === 0) {
    items.push([
      'added',
      s.committed ? 'Added' : 'Would add',
      `${plural(s.productionsAdded, 'production')}, ${plural(s.seasonsAdded, 'season')}, ${plural(s.episodesAdded, 'episode')}, ${plural(s.peopleAdded, 'person', 'people')}`,
    ]);
  }
  return definitionList(items);
}

/** A removed credit in words: `"Lucifer" S4E2, director "Ann Lee"`. */
function removedText(c: ImportSummary['removedCredits'][number]): string {
  const where = c.kind === 'film' ? `\u201c${isolate(c.production)}\u201d (film)` : `\u201c${isolate(c.production)}\u201d S${c.season}E${c.episode}`;
  return `${where}, ${c.role} \u201c${isolate(c.person)}\u201d`;
}

/** The summary as term/value pairs, each value marked with its field for tests and styles. */
function definitionList(items: readonly SummaryItem[]): HTMLElement {
  return h('dl', { class: 'upload-summary', attrs: { id: 'upload-summary' } }, ...items.flatMap(([key, term, value]) => [h('dt', {}, term), h('dd', { attrs: { 'data-field': key } }, value)]));
}

function issuesTable(file: string, issues: ImportIssue[]): HTMLElement {
  const shown = issues.slice(0, MAX_ISSUE_ROWS);
  const table = h(
    'table',
    { class: 'data-table upload-errors', attrs: { id: 'upload-errors' } },
    h('caption', {}, `Problems in ${isolate(file)}: fix them in the sheet and check it again. Line 1 is the header; column 0 means the whole row or file.`),
    h('thead', {}, h('tr', {}, ...['Line', 'Column', 'Value', 'Message'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
    h(
      'tbody',
      {},
      ...shown.map((i) =>
        h(
          'tr',
          {},
          h('td', { class: 'num', attrs: { 'data-field': 'line' } }, i.line),
          h('td', { class: 'num', attrs: { 'data-field': 'column' } }, i.column),
          h('td', { class: 'value', attrs: { 'data-field': 'value' } }, i.value === '' ? h('span', { class: 'muted' }, '(empty)') : i.value),
          h('td', { attrs: { 'data-field': 'message' } }, i.message),
        ),
      ),
    ),
  );
  return h(
    'div',
    {},
    scrollable('Problems table', table),
    issues.length > shown.length ? h('p', {}, `The first ${plural(shown.length, 'problem')} of ${issues.length.toLocaleString('en')} are shown. crewcount import --errors-out FILE writes them all as CSV.`) : null,
  );
}

/** `items`, also added to `list` (the elements a control shows or hides). */
function pushed<T>(list: T[], items: T[]): T[] {
  list.push(...items);
  return items;
}

/** Productions whose seasons or credits changed between two listings: the ones the import touched. */
function touched(before: Production[], after: Production[]): Production[] {
  const sig = (p: Production) => p.seasons.map((s) => `${s.season}:${s.credits}:${s.episodes}`).join(',');
  const old = new Map(before.map((p) => [p.slug, sig(p)]));
  return after.filter((p) => old.get(p.slug) !== sig(p));
}

/**
 * Whether the server takes uploads (GET /api/health). When it cannot say (an
 * older server, a failed request), the form stays on and a check's 403 explains.
 */
async function uploadsOn(): Promise<boolean> {
  try {
    return (await api.health()).uploads !== false;
  } catch {
    return true;
  }
}

export async function uploadView(): Promise<View> {
  // Asked before the page is shown: a server without a token says so at once, not after the form is filled in.
  const uploads = await uploadsOn();
  const fileInput = h('input', { attrs: { id: 'upload-file', name: 'file', type: 'file', accept: '.csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values', required: true } });
  const tokenInput = h('input', { attrs: { id: 'upload-token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', value: storedToken() } });
  const remember = h('input', { attrs: { id: 'upload-remember', type: 'checkbox', checked: storedToken() !== '' } });
  const sheet = select('upload-sheet', [
    ['credits', 'Credit sheet: who did which job on which episode or film'],
    ['people', 'People sheet: each person\u2019s gender and the evidence for it'],
  ]);
  const format = select('upload-format', [
    ['auto', 'Detect from the header'],
    ['long', 'Long: one row per credit'],
    ['wide', 'Wide: one row per episode, a column per role'],
  ]);
  const kind = select('upload-kind', [
    ['', 'From the sheet (TV unless a kind column says film)'],
    ['tv', 'TV series'],
    ['film', 'Films (no seasons or episodes)'],
  ]);
  const dateOrder = select('upload-date-order', [
    ['', 'Only unambiguous ones (03/04/2018 is refused)'],
    ['mdy', 'Month first (US): 3/8/2018 is March 8'],
    ['dmy', 'Day first: 3/8/2018 is 3 August'],
  ]);
  const season = h('input', { attrs: { id: 'upload-season', name: 'season', type: 'text', inputmode: 'numeric', autocomplete: 'off', pattern: '[0-9]*' } });
  const production = h('input', { attrs: { id: 'upload-production', name: 'production', type: 'text', autocomplete: 'off' } });
  const replace = h('input', { attrs: { id: 'upload-replace', name: 'replace', type: 'checkbox', 'aria-describedby': 'upload-replace-hint' } });
  const delimiter = select('upload-delimiter', [
    ['', 'Detect from the header line'],
    [',', 'Comma'],
    [';', 'Semicolon'],
    ['tab', 'Tab'],
    ['|', 'Pipe (|)'],
  ]);
  const encoding = select('upload-encoding', [
    ['', 'Detect (UTF-8 unless a byte-order mark says otherwise)'],
    ['utf-8', 'UTF-8'],
    ['windows-1252', 'Windows-1252 (older Excel on Windows)'],
    ['utf-16le', 'UTF-16 LE'],
    ['macintosh', 'Mac OS Roman'],
  ]);
  const check = h('button', { class: 'button primary', attrs: { id: 'upload-check', type: 'submit', disabled: !uploads, 'aria-describedby': uploads ? undefined : 'uploads-off' } }, 'Check file');
  const result = h('section', { class: 'upload-result', attrs: { id: 'upload-result', 'aria-labelledby': 'upload-result-title', hidden: true } });

  const options = (): UploadOptions => ({
    sheet: sheet.value === 'people' ? 'people' : 'credits',
    format: format.value as UploadOptions['format'],
    kind: kind.value === 'tv' || kind.value === 'film' ? kind.value : '',
    season: season.value,
    production: production.value,
    dateOrder: dateOrder.value === 'mdy' || dateOrder.value === 'dmy' ? dateOrder.value : '',
    delimiter: delimiter.value,
    encoding: encoding.value,
    replace: replace.checked,
  });

  /** Show `nodes` as the result, titled, and move focus there so keyboard and screen-reader users land on it. */
  const show = (title: string, ...nodes: Array<Node | null>): void => {
    const heading = h('h2', { attrs: { id: 'upload-result-title', tabindex: -1 } }, title);
    replaceChildren(result, heading, ...nodes);
    result.hidden = false;
    heading.focus();
  };
  const refusal = (err: unknown): HTMLElement =>
    h('div', { class: 'error', attrs: { role: 'alert', id: 'upload-error', 'data-status': err instanceof UploadRefused ? err.status : '' } }, h('p', {}, err instanceof Error ? err.message : String(err)));
  const busy = (on: boolean): void => {
    check.disabled = on || !uploads;
    result.setAttribute('aria-busy', String(on));
  };

  // Any change after a check makes its answer stale: the Import button must only ever send what was checked.
  let generation = 0;
  const invalidate = (): void => {
    generation++;
    result.hidden = true;
    replaceChildren(result);
  };
  for (const input of [fileInput, sheet, format, kind, season, production, dateOrder, delimiter, encoding, replace]) input.addEventListener('change', invalidate);
  // Layout, season and production describe credit sheets only: switched off (and not sent) for a people sheet.
  const layoutFields: HTMLElement[] = [];
  sheet.addEventListener('change', () => {
    const people = sheet.value === 'people';
    for (const control of [format, kind, season, production, dateOrder, replace]) control.disabled = people;
    for (const el of layoutFields) el.hidden = people;
  });
  for (const input of [season, production]) input.addEventListener('input', invalidate);
  remember.addEventListener('change', () => {
    if (!remember.checked) keepToken(false, '');
  });

  // A commit's answer is always shown, even if the form changed meanwhile: it says what was written.
  const commit = async (file: File, checked: UploadOptions, token: string): Promise<void> => {
    busy(true);
    try {
      clearApiCache();
      const before = await api.productions().catch(() => []);
      const { summary, ok } = await uploadSheet(file, checked, token, false);
      if (!ok) {
        show(`${isolate(file.name)} was not imported: ${plural(summary.issues.length, 'problem')}`, summaryList(summary), h('p', {}, 'Nothing was written.'), issuesTable(file.name, summary.issues));
        return;
      }
      clearApiCache(); // the figures on every other page now include this import
      const changed = touched(before, await api.productions());
      invalidate();
      show(
        `Imported ${isolate(file.name)}`,
        h('p', { class: 'success', attrs: { id: 'upload-success', role: 'status' } },
          isPeopleSummary(summary)
            ? `${plural(summary.peopleNew, 'new person', 'new people')}, ${plural(summary.peopleUpdated, 'updated person', 'updated people')}, ${plural(summary.peopleUnchanged, 'person', 'people')} unchanged.`
            : `${plural(summary.creditsNew, 'new credit')}, ${plural(summary.creditsUpdated, 'updated credit')}, ` +
              `${summary.replace ? `${plural(summary.creditsRemoved, 'removed credit')}, ` : ''}${plural(summary.creditsUnchanged, 'credit')} already stored.`),
        summaryList(summary),
        changed.length > 0
          ? h('ul', { class: 'upload-links' }, ...changed.map((p) => h('li', {}, h('a', { attrs: { href: toSearch({ ...DEFAULTS, production: p.slug }), 'data-nav': '', 'data-production': p.slug } }, `See ${isolate(p.title)}`))))
          : null,
        h('p', {}, h('a', { attrs: { href: toSearch(DEFAULTS), 'data-nav': '' } }, 'See all productions')),
      );
    } catch (err) {
      show('The import did not happen', refusal(err));
    } finally {
      busy(false);
    }
  };

  const onCheck = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!uploads) return; // the submit is off (and says why): nothing to send
    const file = fileInput.files?.[0];
    const token = tokenInput.value.trim();
    // What is missing is said at its field, which takes focus (the first of them): not in the result below the form.
    const missing = [
      file ? null : markInvalid(fileInput, 'Choose the sheet to check (a CSV file).'),
      token ? null : markInvalid(tokenInput, 'Enter the upload token.'),
    ].filter((control) => control !== null);
    if (!file || !token) {
      invalidate(); // an earlier check's answer is not for this form any more
      missing[0]?.focus();
      return;
    }
    const checked = options();
    const mine = ++generation;
    busy(true);
    try {
      const { summary, ok } = await uploadSheet(file, checked, token, true);
      if (mine !== generation) return; // the file or options changed while checking
      keepToken(remember.checked, token);
      if (!ok) {
        show(
          `${isolate(file.name)}: ${plural(summary.issues.length, 'problem')}, nothing can be imported yet`,
          summaryList(summary),
          h('p', {}, 'An import with any problem writes nothing. Fix these in the sheet, then choose the file again and check it.'),
          issuesTable(file.name, summary.issues),
        );
        return;
      }
      const changes = isPeopleSummary(summary) ? summary.peopleNew + summary.peopleUpdated : summary.creditsNew + summary.creditsUpdated + summary.creditsRemoved;
      const what = isPeopleSummary(summary)
        ? plural(changes, 'person', 'people')
        : summary.creditsRemoved > 0
          ? `${plural(changes - summary.creditsRemoved, 'credit')}, removing ${summary.creditsRemoved.toLocaleString('en')}`
          : plural(changes, 'credit');
      const importButton = h('button', { class: 'button primary', attrs: { id: 'upload-import', type: 'button' } }, changes > 0 ? `Import ${what}` : 'Import (nothing new)');
      importButton.addEventListener('click', () => {
        importButton.disabled = true;
        void commit(file, checked, token);
      });
      show(
        `${isolate(file.name)} is ready to import`,
        summaryList(summary),
        h('p', {}, `Nothing has been written yet. Import to store ${isPeopleSummary(summary) ? 'these genders and their evidence' : 'these credits'}; the figures update at once.`),
        h('div', { class: 'buttons' }, importButton),
      );
    } catch (err) {
      if (mine !== generation) return;
      if (err instanceof UploadRefused && err.status === 401) keepToken(false, '');
      show('The file could not be checked', refusal(err));
    } finally {
      busy(false);
    }
  };

  const form = h(
    'form',
    { class: 'upload-form', attrs: { id: 'upload-form', 'aria-labelledby': 'upload-title', novalidate: true }, on: { submit: (e) => void onCheck(e as SubmitEvent) } },
    field('upload-sheet', 'Kind of sheet', sheet, 'A people sheet has the columns person, gender, gender_source, source_url, note.'),
    field('upload-file', 'Sheet (CSV)', fileInput, 'One file; comma, semicolon, tab or pipe separated; UTF-8, UTF-16 with a byte-order mark, or Windows-1252.'),
    h('div', { class: 'upload-token' },
      field('upload-token', 'Upload token', tokenInput, 'The CREWCOUNT_TOKEN the server was started with. Sent only with the upload; not stored unless you tick the box.'),
      h('div', { class: 'check-field' }, remember, h('label', { attrs: { for: 'upload-remember' } }, 'Remember the token in this browser')),
    ),
    h('fieldset', { class: 'upload-options' },
      h('legend', {}, 'Options'),
      ...pushed(layoutFields, [
        field('upload-format', 'Layout', format),
        field('upload-kind', 'Kind', kind, 'For sheets without a kind column.'),
        field('upload-season', 'Season', season, 'Only for sheets without a season column.'),
        field('upload-production', 'Production title', production, 'Only for sheets without a series column.'),
        field('upload-date-order', 'Dates such as 3/8/2018', dateOrder, 'How the sheet writes numeric dates; ISO dates (2018-03-08) and written months are always read.'),
        h('div', { class: 'field upload-field' },
          h('div', { class: 'check-field' }, replace, h('label', { attrs: { for: 'upload-replace' } }, 'Replace: remove stored credits this sheet leaves out')),
          h('p', { class: 'hint', attrs: { id: 'upload-replace-hint' } },
            'For a corrected sheet. In each episode the sheet lists, for each role it gives, a stored credit that is not in the sheet is removed; other episodes and roles are left alone. Check the file first: the credits to remove are listed.'),
        ),
      ]),
      field('upload-delimiter', 'Delimiter', delimiter),
      field('upload-encoding', 'Encoding', encoding),
    ),
    h('div', { class: 'buttons' }, check),
  );

  return {
    title: 'Upload a credit sheet (CrewCount)',
    nodes: [
      h('h1', { attrs: { id: 'upload-title' } }, 'Upload a credit sheet'),
      ...(uploads ? [] : [h('p', { class: 'notice', attrs: { id: 'uploads-off' } }, UPLOADS_OFF)]),
      h('p', { class: 'lede' },
        'Check a sheet first: CrewCount reads the whole file and shows what an import would change and every problem, with its line and column. ',
        'Nothing is written until you choose Import, and an import with any problem writes nothing.'),
      form,
      result,
    ],
    announce: uploads ? 'Upload a credit sheet.' : `Upload a credit sheet. ${UPLOADS_OFF}`,
  };
}
