/**
 * The overview's title filter: a labelled search field that narrows the
 * table's rows as one types. It works on the rows already drawn (no fetch,
 * no new view per key), and says how many it shows, in the page and to
 * screen readers.
 */
import { byId, h, replaceChildren } from '../dom';
import { latinBase } from '../../../src/domain/text.js';
import { isolate } from '../format';

export interface FilterRow {
  title: string;
  row: HTMLTableRowElement;
}

/** Case and accents ignored, as name variants compare them (latinBase): "cafe" finds "Café Müller", "strasse" "Straße". */
export const matchesTitle = (title: string, q: string): boolean => latinBase(title).includes(latinBase(q.trim()));

/** "10 of 64 productions shown: titles containing “show 1”." */
export function filterSummary(shown: number, total: number, q: string): string {
  if (!q.trim()) return `All ${total} production${total === 1 ? '' : 's'} shown.`;
  if (shown === 0) return `No production’s title contains “${isolate(q)}”.`;
  return `${shown} of ${total} productions shown: titles containing “${isolate(q)}”.`;
}

/** Long enough to let a typist finish a word: a live region read out on every key is noise. */
const ANNOUNCE_AFTER_MS = 400;

/**
 * The field and its count, over `rows` (in display order) in `tbody`.
 * `onChange` hears each new filter (the overview names it in the URL).
 */
export function titleFilter(q: string, tbody: HTMLTableSectionElement, rows: FilterRow[], onChange: (q: string) => void): HTMLElement {
  const count = h('p', { class: 'filter-count', attrs: { id: 'overview-filter-count' } });
  const input = h('input', {
    attrs: { id: 'overview-filter', type: 'search', value: q, autocomplete: 'off', spellcheck: 'false', 'aria-controls': 'overview-table', 'aria-describedby': count.id },
  });
  let timer: number | undefined;
  const apply = (announce: boolean): void => {
    const shown = rows.filter((r) => matchesTitle(r.title, input.value));
    replaceChildren(tbody, ...shown.map((r) => r.row)); // removed, not hidden: a phone's stylesheet shows rows as blocks, [hidden] or not
    const summary = filterSummary(shown.length, rows.length, input.value);
    count.textContent = summary;
    if (!announce) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const status = byId('status');
      if (status && input.isConnected) status.textContent = summary; // not over a view that replaced this one
    }, ANNOUNCE_AFTER_MS);
  };
  input.addEventListener('input', () => {
    apply(true);
    onChange(input.value);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || input.value === '') return;
    event.preventDefault(); // Escape clears the filter, in every browser
    input.value = '';
    apply(true);
    onChange('');
  });
  apply(false);
  return h(
    'form',
    { class: 'overview-filter', attrs: { role: 'search', 'aria-label': 'Productions' }, on: { submit: (e) => e.preventDefault() } },
    h('div', { class: 'field' }, h('label', { attrs: { for: input.id } }, 'Find a production'), input),
    count,
  );
}
