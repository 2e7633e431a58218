/**
 * A small Chart.js plugin: 95% intervals drawn as whiskers over bars or
 * points. A dataset opts in by carrying `intervals` ([low, high] in axis
 * units, or null) beside its data.
 */
import type { Chart, Plugin } from 'chart.js';

export interface WithIntervals {
  intervals?: Array<[number, number] | null>;
}

export const errorBarsPlugin: Plugin = {
  id: 'errorBars',
  afterDatasetsDraw(chart: Chart) {
    const { ctx } = chart;
    const y = chart.scales.y;
    if (!y) return;
    chart.data.datasets.forEach((dataset, index) => {
      const intervals = (dataset as WithIntervals).intervals;
      const meta = chart.getDatasetMeta(index);
      if (!intervals || meta.hidden) return;
      ctx.save();
      ctx.strokeStyle = '#1a1a1a';
      ctx.lineWidth = 1.5;
      meta.data.forEach((element, i) => {
        const ci = intervals[i];
        if (!ci) return;
        const x = element.x;
        const top = y.getPixelForValue(ci[1]);
        const bottom = y.getPixelForValue(ci[0]);
        const cap = 6;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - cap, top);
        ctx.lineTo(x + cap, top);
        ctx.moveTo(x - cap, bottom);
        ctx.lineTo(x + cap, bottom);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

export interface WithValueLabels {
  /** Text drawn beside each point (null: none), e.g. "37%". */
  valueLabels?: Array<string | null>;
  valueLabelColor?: string;
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A point's marker or a label, with the dataset and index it belongs to. */
type Owned = Rect & { dataset: number; index: number };

const LABEL_GAP = 9; // from the point's centre to its label
const LABEL_HEIGHT = 14; // bold 12 px text, with a pixel to spare above and below

const overlaps = (a: Rect, b: Rect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Where a label may go beside its point: to the right, else to the left (a close baseline's label moves across). */
function sides(x: number, y: number, width: number): Rect[] {
  const top = y - LABEL_HEIGHT / 2;
  const bottom = y + LABEL_HEIGHT / 2;
  return [
    { left: x + LABEL_GAP, right: x + LABEL_GAP + width, top, bottom },
    { left: x - LABEL_GAP - width, right: x - LABEL_GAP, top, bottom },
  ];
}

/** Every drawn point's marker: a label over another point would hide it. */
function markers(chart: Chart): Owned[] {
  return chart.data.datasets.flatMap((_, dataset) => {
    const meta = chart.getDatasetMeta(dataset);
    if (meta.hidden) return [];
    return meta.data.flatMap((element, index) => {
      const { x, y } = element;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return []; // no figure: no point
      const options = (element as unknown as { options?: { radius?: number; borderWidth?: number } }).options;
      const r = (options?.radius ?? 5) + (options?.borderWidth ?? 1);
      return [{ left: x - r, right: x + r, top: y - r, bottom: y + r, dataset, index }];
    });
  });
}

/**
 * Values written beside a line's points, so a printed or exported chart reads
 * without a tooltip. A label that would cover another label or another point
 * (a share beside a close baseline, or 12 seasons on a phone) moves to the
 * point's other side, or is left out: the table and the tooltip still give
 * its number, and an overprinted pair would give neither. Earlier datasets
 * (the share) claim their place first.
 */
export const valueLabelsPlugin: Plugin = {
  id: 'valueLabels',
  afterDatasetsDraw(chart: Chart) {
    const { ctx } = chart;
    const points = markers(chart);
    const placed: Array<Owned & { text: string; color: string }> = [];
    ctx.save();
    ctx.font = `bold 12px ${chart.options.font?.family ?? 'sans-serif'}`;
    chart.data.datasets.forEach((dataset, index) => {
      const { valueLabels, valueLabelColor } = dataset as WithValueLabels;
      const meta = chart.getDatasetMeta(index);
      if (!valueLabels || meta.hidden) return;
      meta.data.forEach((element, i) => {
        const text = valueLabels[i];
        if (!text || !Number.isFinite(element.y)) return;
        const free = (r: Rect): boolean =>
          r.left >= 0 && r.right <= chart.width && !placed.some((p) => overlaps(p, r)) && !points.some((p) => (p.dataset !== index || p.index !== i) && overlaps(p, r));
        const spot = sides(element.x, element.y, ctx.measureText(text).width).find(free);
        if (spot) placed.push({ ...spot, dataset: index, index: i, text, color: valueLabelColor ?? '#1a1a1a' });
      });
    });
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const label of placed) {
      ctx.fillStyle = label.color;
      ctx.fillText(label.text, label.left, (label.top + label.bottom) / 2);
    }
    ctx.restore();
    // What was drawn where, readable by tests without reaching into Chart.js (as figure.ts records the data).
    chart.canvas.dataset.valueLabels = JSON.stringify({ labels: placed, points });
  },
};
