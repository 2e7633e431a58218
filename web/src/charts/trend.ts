/** One role across seasons: share of women with 95% intervals, and the matched baseline season by season. */
import { Chart, type ChartDataset, type LegendItem } from 'chart.js';
import type { StatsRow } from '../api';
import { pct, seasonLabel } from '../format';
import type { WithIntervals, WithValueLabels } from './errorbars';
import { smallSampleText } from './bars';
import { OKABE_ITO, PIXEL_RATIO, track } from './setup';

const percent = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

const small = (r: StatsRow): boolean => r.small_sample && r.share_women !== null;

/**
 * Up to this many seasons, every one is labelled on the x axis (tilted where
 * they are tight): Chart.js's autoSkip would drop "Season 2 (2018)" of two
 * on a 320 px phone. Beyond it, labels that would overlap are skipped (the
 * table names every season).
 */
const FEW_SEASONS = 8;

const SHARE = 'Share of women (solid, circles)';
const BASELINE = 'Published baseline (dashed, triangles)';

/** Drawn by hand: Chart.js would take each line's marker from its first point, which may be a small sample's diamond. */
function legendItems(chart: Chart, rows: StatsRow[]): LegendItem[] {
  const items: LegendItem[] = [
    { text: SHARE, fillStyle: OKABE_ITO.blue, strokeStyle: OKABE_ITO.blue, lineWidth: 1, pointStyle: 'circle', hidden: false },
    { text: BASELINE, fillStyle: OKABE_ITO.vermillion, strokeStyle: OKABE_ITO.vermillion, lineWidth: 1, pointStyle: 'triangle', hidden: false },
  ];
  if (!rows.some(small)) return items;
  return [...items, { text: smallSampleText('Open diamond', rows, chart), fillStyle: '#ffffff', strokeStyle: OKABE_ITO.blue, lineWidth: 2, pointStyle: 'rectRot', hidden: false }];
}

export function drawTrend(canvas: HTMLCanvasElement, rows: StatsRow[]): Chart {
  const whole = (x: number | null) => (x === null ? null : `${Math.round(x * 100)}%`);
  const share: ChartDataset<'line', Array<number | null>> & WithIntervals & WithValueLabels = {
    label: SHARE,
    data: rows.map((r) => percent(r.share_women)),
    borderColor: OKABE_ITO.blue,
    backgroundColor: OKABE_ITO.blue,
    borderWidth: 2.5,
    // A small sample is an open diamond, as the bar chart's is striped: its share moves a lot with one more person.
    pointStyle: rows.map((r) => (small(r) ? 'rectRot' : 'circle')),
    pointRadius: rows.map((r) => (small(r) ? 7 : 5)),
    pointBackgroundColor: rows.map((r) => (small(r) ? '#ffffff' : OKABE_ITO.blue)),
    pointBorderWidth: rows.map((r) => (small(r) ? 2.5 : 1)),
    clip: false, // a point at 100% is drawn whole
    valueLabels: rows.map((r) => whole(r.share_women)),
    valueLabelColor: OKABE_ITO.blue,
    intervals: rows.map((r) => (r.ci95_low === null || r.ci95_high === null ? null : [r.ci95_low * 100, r.ci95_high * 100])),
  };
  const baseline: ChartDataset<'line', Array<number | null>> & WithValueLabels = {
    label: BASELINE,
    data: rows.map((r) => percent(r.baseline_share)),
    borderColor: OKABE_ITO.vermillion,
    backgroundColor: OKABE_ITO.vermillion,
    borderWidth: 2,
    borderDash: [6, 4],
    pointStyle: 'triangle',
    pointRadius: 6,
    clip: false,
    valueLabels: rows.map((r) => whole(r.baseline_share)),
    valueLabelColor: '#9a3d00', // darker vermillion: legible as text
  };
  return track(
    new Chart<'line', Array<number | null>, string>(canvas, {
      type: 'line',
      data: { labels: rows.map((r) => seasonLabel(r.season, r.season_year, r.kind)), datasets: [share, baseline] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: PIXEL_RATIO,
        layout: { padding: { top: 8, right: 8 } },
        scales: {
          x: { offset: true, grid: { display: false }, ticks: { autoSkip: rows.length > FEW_SEASONS, maxRotation: 50 } },
          y: { min: 0, max: 100, ticks: { stepSize: 20, callback: (v) => `${v}%` }, title: { display: true, text: 'Share of women' } },
        },
        plugins: {
          legend: { position: 'bottom', onClick: () => undefined, labels: { usePointStyle: true, boxHeight: 8, generateLabels: (chart) => legendItems(chart, rows) } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const r = rows[item.dataIndex]!;
                return item.datasetIndex === 0
                  ? `Women: ${pct(r.share_women)} (95% interval ${pct(r.ci95_low)}–${pct(r.ci95_high)})`
                  : `Baseline: ${pct(r.baseline_share)}`;
              },
            },
          },
        },
      },
    }),
  );
}
