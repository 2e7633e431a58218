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

/** Values written beside a line's points, so a printed or exported chart reads without a tooltip. */
export const valueLabelsPlugin: Plugin = {
  id: 'valueLabels',
  afterDatasetsDraw(chart: Chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((dataset, index) => {
      const { valueLabels, valueLabelColor } = dataset as WithValueLabels;
      const meta = chart.getDatasetMeta(index);
      if (!valueLabels || meta.hidden) return;
      ctx.save();
      ctx.font = `bold 12px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.fillStyle = valueLabelColor ?? '#1a1a1a';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      meta.data.forEach((element, i) => {
        const text = valueLabels[i];
        if (text) ctx.fillText(text, element.x + 9, element.y);
      });
      ctx.restore();
    });
  },
};
