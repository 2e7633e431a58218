/**
 * The dashboard's entry: read the state from the URL, render the view it
 * names, and render again on every navigation (controls, links, back/forward).
 */
import './styles.css';
import { destroyCharts } from './charts/setup';
import { byId, h, replaceChildren } from './dom';
import { current, isEmbed, isUploadPage, navigate, onStateChange, openUpload, readState, toSearch, type ViewState } from './state';
import { embedView, reportHeight } from './views/embed';
import { overviewView } from './views/overview';
import { productionView } from './views/production';
import { uploadView } from './views/upload';
import type { View } from './views/view';

let renders = 0;

/** A view that failed: still a page with its own h1 (a screen reader's heading list starts there), then what went wrong. */
function errorView(err: unknown): View {
  return {
    title: 'CrewCount',
    nodes: [
      h('h1', {}, isEmbed() ? 'This chart cannot be shown' : 'This view cannot be shown'),
      h('div', { class: 'error', attrs: { role: 'alert' } }, h('p', {}, err instanceof Error ? err.message : String(err)), isEmbed() ? null : h('p', {}, h('a', { attrs: { href: './', 'data-nav': '' } }, 'Back to all productions'))),
    ],
    announce: 'Error',
  };
}

async function render(state: ViewState): Promise<void> {
  const mine = ++renders;
  const main = byId('main');
  if (!main) return;
  const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
  document.documentElement.dataset.status = 'loading';
  main.setAttribute('aria-busy', 'true');
  let view: View;
  try {
    view = await (isEmbed() ? embedView(state) : isUploadPage() ? uploadView() : state.production ? productionView(state) : overviewView(state));
  } catch (err) {
    view = errorView(err);
  }
  if (mine !== renders) return; // a newer navigation won
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
    if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}`); // the permalink names what is shown
  }
  main.removeAttribute('aria-busy');
  const status = byId('status');
  if (status) status.textContent = view.announce;
  if (focusedId) byId(focusedId)?.focus({ preventScroll: true });
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

onStateChange((state) => void render(state));
if (isEmbed()) reportHeight();
void render(current());
