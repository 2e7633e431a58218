/** Chart.js with only the parts the dashboard draws, the annotation plugin, the palette and the live-chart registry. */
import {
  type Plugin,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { errorBarsPlugin, valueLabelsPlugin } from './errorbars';

/**
 * White paper behind every chart. A transparent canvas showed the page
 * through it: under forced colours with a dark theme (Windows High Contrast)
 * the page turns black while the chart keeps its dark text and lines, and
 * the axes, labels, legend, whiskers and baselines vanished. Images are not
 * recoloured, so a chart on its own white reads as drawn; a copied or saved
 * canvas is white too, as the PNG download is.
 */
const paperPlugin: Plugin = {
  id: 'paper',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** The x axis's labels as drawn (after any skipping), readable by tests without reaching into Chart.js, as figure.ts records the data. */
const ticksRecord: Plugin = {
  id: 'ticksRecord',
  afterDraw(chart) {
    chart.canvas.dataset.xTicks = JSON.stringify((chart.scales.x?.ticks ?? []).map((t) => t.label));
  },
};

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, annotationPlugin, paperPlugin, errorBarsPlugin, valueLabelsPlugin, ticksRecord);

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';
Chart.defaults.font.family = FONT;
Chart.defaults.color = '#1a1a1a';
Chart.defaults.animation = false; // publishable at once, and the same picture every time

/** Okabe & Ito's colour-blind-safe palette; meaning is always carried by shape, dash or text as well. */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

/** Diagonal stripes: how a small-sample bar differs from the others without relying on colour. */
export function hatch(stripe: string, ground: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const g = tile.getContext('2d');
  if (!g) return ground;
  g.fillStyle = ground;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = stripe;
  g.lineWidth = 2;
  g.beginPath();
  for (const [x0, y0, x1, y1] of [[-2, 2, 2, -2], [0, 8, 8, 0], [6, 10, 10, 6]] as const) {
    g.moveTo(x0, y0);
    g.lineTo(x1, y1);
  }
  g.stroke();
  return g.createPattern(tile, 'repeat') ?? ground;
}

const live = new Set<Chart>();

/** Remember a chart so the next view can free it. (Typed loosely: Chart.js's generics do not widen.) */
export function track(chart: unknown): Chart {
  live.add(chart as Chart);
  return chart as Chart;
}

/** Before a view is replaced: free every chart it drew. */
export function destroyCharts(): void {
  for (const chart of live) chart.destroy();
  live.clear();
}

/** Sharper PNG downloads: draw at least at twice the CSS size. */
export const PIXEL_RATIO = Math.max(2, window.devicePixelRatio || 1);
