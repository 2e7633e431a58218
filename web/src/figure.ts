/**
 * A publishable chart: title, one-line subtitle, the canvas (role="img" with
 * its finding in words), the source line, the publish buttons and the data
 * table with the same numbers.
 */
import type { Chart } from 'chart.js';
import { h } from './dom';
import { copyText, downloadPng, iframeSnippet, type Caption } from './publish';
import { scrollable } from './tables';

export interface FigureSpec extends Caption {
  id: string;
  /** The chart in a few words ("season 1 by role"): its buttons' names say which chart they act on, as a page has two. */
  name: string;
  finding: string; // the aria-label: what the chart shows, in words
  csvUrl: string;
  csvName: string;
  pngName: string;
  embedSearch: string; // query string of this chart's embed view
  table: HTMLTableElement;
  draw: (canvas: HTMLCanvasElement) => Chart;
}

export interface Figure {
  element: HTMLElement;
  /** Call once the element is in the document (Chart.js measures its box). */
  draw: () => void;
}

/** Said after a link that opens a new tab, in the page, not only to a screen reader: everyone is told before the page changes under them. */
const NEW_TAB = ' (opens in a new tab)';

export function figure(spec: FigureSpec, mode: 'page' | 'embed'): Figure {
  const canvas = h('canvas', { attrs: { id: `${spec.id}-canvas`, role: 'img', 'aria-label': spec.finding } });
  const titleId = `${spec.id}-title`;
  const source = h('p', { class: 'source' }, ...spec.sources.flatMap((line, i) => (i === 0 ? [line] : [h('br'), line])));
  const table = scrollable(`Data table: ${spec.title}`, spec.table);
  const parts =
    mode === 'page'
      ? [actions(spec, canvas), table]
      : [h('details', { class: 'embed-data' }, h('summary', {}, 'Show the numbers'), table), h('p', { class: 'embed-link' }, h('a', { attrs: { href: `./${spec.embedSearch}`, target: '_blank', rel: 'noopener' } }, 'Open in CrewCount', NEW_TAB))];
  const element = h(
    'figure',
    { class: 'chart-figure', attrs: { id: spec.id, 'aria-labelledby': titleId } },
    // The title heads its figure: h2 under the page's h1, or the embed's own h1 (an embed is a page of one chart).
    h(mode === 'page' ? 'h2' : 'h1', { class: 'chart-title', attrs: { id: titleId } }, spec.title),
    h('p', { class: 'subtitle' }, spec.subtitle),
    h('div', { class: 'chart-box' }, canvas),
    source,
    ...parts,
  );
  return {
    element,
    draw: () => {
      const chart = spec.draw(canvas);
      // What the chart holds, readable by tests and scrapers without reaching into Chart.js.
      canvas.dataset.values = JSON.stringify(chart.data.datasets.map((d) => d.data));
      canvas.dataset.labels = JSON.stringify(chart.data.labels);
      canvas.dataset.pointStyles = JSON.stringify(chart.data.datasets.map((d) => (d as { pointStyle?: unknown }).pointStyle ?? null));
      // Each legend entry with where it ends, so a test can tell one cut off at the canvas's edge.
      const boxes = (chart.legend as unknown as { legendHitBoxes?: Array<{ left: number; width: number }> } | undefined)?.legendHitBoxes ?? []; // not in Chart.js's types
      canvas.dataset.legend = JSON.stringify((chart.legend?.legendItems ?? []).map((item, i) => ({ text: item.text, right: (boxes[i]?.left ?? 0) + (boxes[i]?.width ?? 0) })));
      const annotations = (chart.options.plugins as { annotation?: { annotations?: Record<string, unknown> } }).annotation?.annotations ?? {};
      canvas.dataset.baselines = JSON.stringify(
        Object.entries(annotations).map(([id, a]) => {
          const line = a as { yMin?: number; label?: { display?: boolean; content?: unknown } };
          const content = line.label?.content;
          return { id, value: line.yMin, label: typeof content === 'function' ? content({ chart }) : content };
        }),
      );
      element.dataset.drawn = 'true';
    },
  };
}

/** A button's accessible name: its visible words first (WCAG 2.5.3), then which chart. */
const naming = (spec: FigureSpec, visible: string): string => `${visible}: ${spec.name}`;

function actions(spec: FigureSpec, canvas: HTMLCanvasElement): HTMLElement {
  const embedUrl = new URL(`embed${spec.embedSearch}`, location.href).href;
  const snippet = iframeSnippet(embedUrl, spec.title, 720);
  const snippetId = `${spec.id}-snippet`;
  const textarea = h('textarea', { class: 'snippet', attrs: { id: snippetId, readonly: true, rows: 3, spellcheck: 'false' } });
  textarea.value = snippet;
  const copied = h('span', { class: 'copied', attrs: { role: 'status' } });
  const panel = h(
    'div',
    { class: 'embed-panel', attrs: { id: `${spec.id}-embed`, hidden: true } },
    h('label', { attrs: { for: snippetId } }, 'Paste this into your page to embed the chart:'),
    textarea,
    h('div', { class: 'embed-actions' },
      h('button', { class: 'button', attrs: { type: 'button', 'aria-label': naming(spec, 'Copy snippet') }, on: { click: () => void copyText(snippet, textarea).then((ok) => (copied.textContent = ok ? 'Copied.' : 'Select the text and copy it.')) } }, 'Copy snippet'),
      h('a', { attrs: { href: embedUrl, target: '_blank', rel: 'noopener', 'aria-label': naming(spec, `Preview the embed${NEW_TAB}`) } }, 'Preview the embed', NEW_TAB),
      copied,
    ),
  );
  const toggle = h(
    'button',
    {
      class: 'button',
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id, 'aria-label': naming(spec, 'Embed') },
      on: {
        click: () => {
          const open = panel.hidden;
          panel.hidden = !open;
          toggle.setAttribute('aria-expanded', String(open));
          if (open) textarea.select();
        },
      },
    },
    'Embed',
  );
  return h(
    'div',
    { class: 'figure-actions' },
    h('div', { class: 'buttons' },
      h('button', { class: 'button', attrs: { type: 'button', 'data-action': 'png', 'aria-label': naming(spec, 'Download PNG') }, on: { click: () => downloadPng(canvas, spec, spec.pngName) } }, 'Download PNG'),
      h('a', { class: 'button', attrs: { href: spec.csvUrl, download: spec.csvName, 'data-action': 'csv', 'aria-label': naming(spec, 'Download data (CSV)') } }, 'Download data (CSV)'),
      toggle,
    ),
    panel,
  );
}
