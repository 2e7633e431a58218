/**
 * The dashboard's entry: read the state from the URL, render the view it
 * names, and render again on every navigation (controls, links, back/forward).
 */
import './styles.css';
import { destroyCharts } from './charts/setup';
import { byId, h, replaceChildren } from './dom';
import { ApiError, clearApiCache } from './api';
import { trackControlsHeight } from './sticky';
import { current, isEmbed, isUploadPage, navigate, onStateChange, openUpload, readState, toSearch, type Navigation, type ViewState } from './state';
import { embedView, reportHeight } from './views/embed';
import { overviewView } from './views/overview';
import { productionView } from './views/production';
import { uploadView } from './views/upload';
import type { View } from './views/view';

let renders = 0;

/** What went wrong, short enough for a page title: an error's own title, else its message's first words. */
function reason(err: unknown): string {
  if (err instanceof ApiError && err.title) return err.title;
  const message = (err instanceof Error ? err.message : String(err)).trim().replace(/\.$/, '');
  return message.length <= 80 ? message : `${message.slice(0, 80).replace(/\s+\S*$/, '')}…`;
}

/** A view that failed: still a page with its own h1 (a screen reader's heading list starts there), then what went wrong; its title says so too. */
function errorView(err: unknown): View {
  return {
    title: `${isEmbed() ? 'Chart' : 'View'} not shown: ${reason(err)} (CrewCount)`,
    nodes: [
      h('h1', {}, isEmbed() ? 'This chart cannot be shown' : 'This view cannot be shown'),
      h('div', { class: 'error', attrs: { role: 'alert' } }, h('p', {}, err instanceof Error ? err.message : String(err)), isEmbed() ? null : h('p', {}, h('a', { attrs: { href: './', 'data-nav': '' } }, 'Back to all productions'))),
    ],
    announce: 'Error',
  };
}

/** The id of the element with focus ('' for none, <body>, or an element without an id). */
function focusedId(): string {
  const el = document.activeElement;
  return el instanceof HTMLElement && el !== document.body && el.id ? el.id : '';
}

/**
 * Where focus goes once a view replaced the page's content. Back/Forward: to
 * main, whose content is new. A choice: where focus is now (the user may
 * have moved on, e.g. tabbed out of a menu, while the view loaded), else
 * where it was when the choice was made, else the control that made it; an
 * element with the same id in the new view takes it. Focus never falls to
 * <body> (WCAG 2.4.3): without any of these, main takes it.
 */
function placeFocus(main: HTMLElement, how: Navigation, ids: string[]): void {
  if (how.cause === 'history') {
    main.focus({ preventScroll: true });
    return;
  }
  for (const id of ids) {
    const el = id ? byId(id) : null;
    if (el) {
      el.focus({ preventScroll: true });
      return;
    }
  }
  if (how.cause !== 'load' && (!document.activeElement || document.activeElement === document.body)) main.focus({ preventScroll: true });
}

async function render(state: ViewState, how: Navigation): Promise<void> {
  const mine = ++renders;
  const main = byId('main');
  if (!main) return;
  const focusedBefore = focusedId();
  document.documentElement.dataset.status = 'loading';
  main.setAttribute('aria-busy', 'true');
  clearApiCache(); // each view asks the server again: the figures may have changed since the last one (another tab's import, the command line)
  let view: View;
  try {
    view = await (isEmbed() ? embedView(state) : isUploadPage() ? uploadView() : state.production ? productionView(state) : overviewView(state));
  } catch (err) {
    view = errorView(err);
  }
  if (mine !== renders) return; // a newer navigation won
  const focused = [focusedId(), focusedBefore, how.from ?? ''];
  destroyCharts();
  document.title = view.title;
  const nav = byId('controls');
  if (nav) replaceChildren(nav, view.controls ?? null);
  replaceChildren(main, ...view.nodes);
  byId('nav-upload')?.toggleAttribute('aria-current', false);
  if (isUploadPage()) byId('nav-upload')?.setAttribute('aria-current', 'page');
  view.after?.();
  if (view.resolved) {
    const search = toSearch(view.resolved, { embed: isEmbed() });
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}`); // the permalink names what is shown
  }
  main.removeAttribute('aria-busy');
  const status = byId('status');
  if (status) status.textContent = view.announce;
  placeFocus(main, how, focused);
  document.documentElement.dataset.rendered = location.search;
  document.documentElement.dataset.status = 'ready';
}

/** In-page links (marked data-nav) navigate without reloading; modified clicks open as usual. */
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-nav]') : null;
  if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const url = new URL(link.href);
  if (isUploadPage(url.search)) {
    openUpload();
    byId('main')?.focus({ preventScroll: false });
    return;
  }
  const next = readState(url.search);
  if (!url.searchParams.has('unit')) next.unit = current().unit; // the unit carries over to the overview
  navigate(next);
  byId('main')?.focus({ preventScroll: false });
});

onStateChange((state, how) => void render(state, how));
if (isEmbed()) reportHeight();
else trackControlsHeight();
void render(current(), { cause: 'load' });
