/**
 * One season: share of women per role (and all roles), each bar with its 95%
 * interval and its matched baseline as a labelled dashed reference line
 * (chartjs-plugin-annotation).
 */
import { Chart, type ChartDataset, type LegendItem } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import type { StatsRow } from '../api';
import { SMALL_SAMPLE } from '../../../src/stats/fields.js';
import { isolate, pct, roleLabel, shortBaseline, UNIT_SMALL_SAMPLE } from '../format';
import type { WithIntervals } from './errorbars';
import { FONT, hatch, OKABE_ITO, PIXEL_RATIO, track } from './setup';

const percent = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);
const whole = (x: number) => `${Math.round(x * 100)}%`;

const LABEL_FONT = { size: 11, weight: 'bold' as const };

const HALF = 0.46; // each baseline line spans 92% of its category, centred on the bar

/** Room for a label between the line's left end and the interval whisker at the bar's centre, in pixels. */
const room = (chart: Chart, bars: number): number => (chart.chartArea.width / bars) * HALF - 12;

/** The report's name where there is room, else "Baseline 17%", else the figure alone (the legend says what dashes are). */
function labelText(chart: Chart, r: StatsRow, bars: number): string {
  const figure = whole(r.baseline_share!);
  const texts = [`${isolate(shortBaseline(r.baseline_label))}: ${figure}`, `Baseline ${figure}`];
  return texts.find((t) => textWidth(t, LABEL_FONT) + 6 <= room(chart, bars)) ?? figure;
}

let measurer: CanvasRenderingContext2D | null = null;
function textWidth(text: string, font: { size: number; weight: string }): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * font.size * 0.6;
  measurer.font = `${font.weight} ${font.size}px ${FONT}`;
  return measurer.measureText(text).width;
}

/**
 * The legend's small-sample entry ("Striped: small sample, fewer than 10 people
 * of known gender"). Chart.js does not wrap a legend entry, so on a phone the
 * entry names the marker alone; the warnings and the table say the rest.
 */
export function smallSampleText(marker: string, rows: StatsRow[], chart: Chart): string {
  const full = `${marker}: small sample, fewer than ${SMALL_SAMPLE} ${UNIT_SMALL_SAMPLE[rows[0]?.unit ?? 'person']} of known gender`;
  return textWidth(full, { size: 12, weight: 'normal' }) + 40 <= chart.width ? full : `${marker}: small sample`;
}

export function baselineAnnotations(rows: StatsRow[]): Record<string, AnnotationOptions<'line'>> {
  const out: Record<string, AnnotationOptions<'line'>> = {};
  rows.forEach((r, i) => {
    if (r.baseline_share === null) return;
    const value = r.baseline_share * 100;
    out[`baseline-${r.role}`] = {
      type: 'line',
      xScaleID: 'x',
      yScaleID: 'y',
      xMin: i - HALF,
      xMax: i + HALF,
      yMin: value,
      yMax: value,
      borderColor: OKABE_ITO.black,
      borderWidth: 2,
      borderDash: [6, 4],
      label: {
        display: true,
        // The report's name where there is room, the figure always.
        content: (ctx) => labelText(ctx.chart, r, rows.length),
        // Over the line's left part, clear of the interval whisker in the middle.
        position: 'center',
        xAdjust: (ctx) => -(room(ctx.chart, rows.length) + 12) + textWidth(labelText(ctx.chart, r, rows.length), LABEL_FONT) / 2 + 6,
        yAdjust: value > 88 ? 11 : -11,
        backgroundColor: 'rgba(255,255,255,0.9)',
        color: OKABE_ITO.black,
        font: { size: LABEL_FONT.size, weight: LABEL_FONT.weight },
        padding: 3,
      },
    };
  });
  return out;
}

export function drawBars(canvas: HTMLCanvasElement, rows: StatsRow[]): Chart {
  const solid = OKABE_ITO.blue;
  const striped = hatch(OKABE_ITO.blue, '#cfe6f5');
  const anySmall = rows.some((r) => r.small_sample && r.share_women !== null);
  const dataset: ChartDataset<'bar', Array<number | null>> & WithIntervals = {
    label: 'Share of women',
    data: rows.map((r) => percent(r.share_women)),
    backgroundColor: rows.map((r) => (r.small_sample ? striped : solid)),
    borderColor: solid,
    borderWidth: 1.5,
    intervals: rows.map((r) => (r.ci95_low === null || r.ci95_high === null ? null : [r.ci95_low * 100, r.ci95_high * 100])),
  };
  const legend = (chart: Chart): LegendItem[] => [
    { text: 'Share of women', fillStyle: solid, strokeStyle: solid, lineWidth: 1, pointStyle: 'rect', hidden: false },
    ...(anySmall ? [{ text: smallSampleText('Striped', rows, chart), fillStyle: striped, strokeStyle: solid, lineWidth: 1, pointStyle: 'rect' as const, hidden: false }] : []),
    { text: '95% interval', strokeStyle: '#1a1a1a', lineWidth: 1.5, pointStyle: 'line', rotation: 90, hidden: false },
    { text: 'Published baseline (dashed)', strokeStyle: OKABE_ITO.black, lineWidth: 2, lineDash: [4, 3], pointStyle: 'line', hidden: false },
  ];
  return track(
    new Chart<'bar', Array<number | null>, string>(canvas, {
      type: 'bar',
      data: {
        labels: rows.map((r) => roleLabel(r.role)),
        datasets: [dataset],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: PIXEL_RATIO,
        layout: { padding: { top: 4, right: 8 } },
        scales: {
          x: {
            grid: { display: false },
            ticks: {
              autoSkip: false,
              maxRotation: rows.length > 4 ? 50 : 0,
              font: { size: 12 },
              // Two lines under each bar: the role and its share, in words as well as in height.
              callback(_value, i) {
                const r = rows[i]!;
                const share = r.share_women === null ? 'no known gender' : `${pct(r.share_women)}${this.chart.width < 480 ? '' : ' women'}`;
                return [roleLabel(r.role), share];
              },
            },
          },
          y: { min: 0, max: 100, ticks: { stepSize: 20, callback: (v) => `${v}%` }, title: { display: true, text: 'Share of women' } },
        },
        plugins: {
          legend: { position: 'bottom', onClick: () => undefined, labels: { usePointStyle: true, boxHeight: 10, generateLabels: legend } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const r = rows[item.dataIndex]!;
                return [`Women: ${pct(r.share_women)} (95% interval ${pct(r.ci95_low)}–${pct(r.ci95_high)})`, `Baseline: ${pct(r.baseline_share)}`];
              },
            },
          },
          annotation: { annotations: baselineAnnotations(rows) },
        },
      },
    }),
  );
}
