/** /embed?...: one chart, no chrome, for an iframe. `chart=bars` (the season) or `chart=trend` (one role across seasons). */
import { h } from '../dom';
import { figure } from '../figure';
import { HEIGHT_MESSAGE } from '../publish';
import { toSearch, type ViewState } from '../state';
import { linkState, seasonFigure, trendFigure } from './figures';
import { loadProduction, refuseMissing } from './load';
import type { View } from './view';

/** Tell the page around the iframe how tall the embed is, whenever that changes (the snippet's script sets the iframe's height). */
export function reportHeight(): void {
  if (window.parent === window) return;
  const post = () => window.parent.postMessage({ type: HEIGHT_MESSAGE, height: Math.ceil(document.body.scrollHeight) }, '*'); // a height is no secret
  new ResizeObserver(post).observe(document.body);
}

export async function embedView(state: ViewState): Promise<View> {
  if (!state.production) {
    // A long unbroken URL would widen a phone's page: the hint wraps anywhere (see .embed-hint in styles.css).
    return {
      title: 'Chart not shown: this embed needs a production (CrewCount)',
      nodes: [h('h1', { class: 'embed-hint' }, 'This embed needs a production'), h('p', { class: 'embed-hint' }, 'Its link names one: ?production=SLUG&season=N&unit=person&role=all&chart=bars')],
      announce: '',
    };
  }
  const d = await loadProduction(state);
  refuseMissing(d);
  const spec = d.state.chart === 'trend' ? trendFigure(d) : seasonFigure(d);
  spec.embedSearch = toSearch(linkState(d)); // "Open in CrewCount" leads to the full view
  const fig = figure(spec, 'embed');
  return { title: `${spec.title} (CrewCount)`, nodes: [fig.element], after: fig.draw, resolved: linkState(d), announce: spec.title };
}
