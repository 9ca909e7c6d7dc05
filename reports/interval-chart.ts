/**
 * A dot-and-whisker chart drawn server-side as inline SVG: one row a label, one or more
 * estimates on it (a dot at the mean, a whisker over its 95% interval). For pages that need
 * no script (the compare page). The SVG scales to its box (viewBox, width 100%), and is
 * narrow enough (MAX_W) that its text stays readable on a phone when it shrinks.
 */
import { escapeHtml as h } from './escape';
import { fmt } from './gates';
import type { Estimate } from './stats';

export interface IntervalSeries {
  /** Legend text. */
  name: string;
  color: string;
  /** Drawn as a ring rather than a filled dot. */
  hollow?: boolean;
}

export interface IntervalRow {
  label: string;
  /** One estimate per series, in the series' order (null: nothing to draw). */
  values: Array<Estimate | null>;
}

const W = 480;
const ROW = 30;
const LABEL = 150;
const PAD = { r: 18, t: 28, b: 40 };

export function intervalChartSvg(opts: { title: string; axis: string; series: IntervalSeries[]; rows: IntervalRow[]; max?: number; format: (x: number) => string }): string {
  const { series, rows, format } = opts;
  const top = opts.max ?? niceCeil(Math.max(1e-9, ...rows.flatMap((r) => r.values.map((e) => e?.ciHigh ?? e?.mean ?? 0))));
  const H = PAD.t + rows.length * ROW + PAD.b;
  const x = (v: number) => LABEL + (Math.min(v, top) / top) * (W - LABEL - PAD.r);
  const bottom = H - PAD.b;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<line x1="${fmt(x(f * top))}" x2="${fmt(x(f * top))}" y1="${PAD.t - 6}" y2="${bottom}" stroke="#edf0f4"/><text x="${fmt(x(f * top))}" y="${bottom + 15}" text-anchor="middle" font-size="11">${h(format(f * top))}</text>`)
    .join('');
  // Series sit a few pixels apart within a row, so intervals that overlap stay apart.
  const offset = (k: number) => (k - (series.length - 1) / 2) * 8;
  const marks = rows
    .map((r, i) => {
      const cy = PAD.t + i * ROW + ROW / 2;
      const label = `<text x="${LABEL - 8}" y="${fmt(cy + 4)}" text-anchor="end" font-size="12">${h(r.label)}</text>`;
      return (
        label +
        r.values
          .map((e, k) => {
            if (!e || e.mean === null) return '';
            const s = series[k];
            const y = cy + offset(k);
            const whisker = e.ciLow === null || e.ciHigh === null ? '' : `<line class="mark ci" x1="${fmt(x(e.ciLow))}" x2="${fmt(x(e.ciHigh))}" y1="${fmt(y)}" y2="${fmt(y)}" stroke="${s.color}" stroke-width="2"/>`;
            const interval = e.ciLow === null ? 'no interval' : `95% CI [${format(e.ciLow)}, ${format(e.ciHigh!)}]`;
            const dot = `<circle class="mark" cx="${fmt(x(e.mean))}" cy="${fmt(y)}" r="4.5" ${s.hollow ? `fill="#fff" stroke="${s.color}" stroke-width="2"` : `fill="${s.color}"`}><title>${h(`${r.label}, ${s.name}: ${format(e.mean)}, ${interval}`)}</title></circle>`;
            return whisker + dot;
          })
          .join('')
      );
    })
    .join('');
  let lx = LABEL;
  const legend = series
    .map((s) => {
      const item = `<circle cx="${lx + 5}" cy="12" r="4.5" ${s.hollow ? `fill="#fff" stroke="${s.color}" stroke-width="2"` : `fill="${s.color}"`}/><text x="${lx + 14}" y="16" font-size="11.5">${h(s.name)}</text>`;
      lx += 24 + 6.5 * s.name.length;
      return item;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${h(opts.title)}">
${ticks}<line x1="${LABEL}" x2="${W - PAD.r}" y1="${bottom}" y2="${bottom}" stroke="#5b6475"/>${legend}${marks}
<text x="${fmt((W + LABEL) / 2)}" y="${H - 6}" text-anchor="middle" font-size="12">${h(opts.axis)}</text></svg>`;
}

/** The smallest 1, 2, 4, 5 or 10 times a power of ten at or above x, so the quarter ticks read as round numbers. */
function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 4, 5, 10].map((f) => f * p).find((v) => v >= x * (1 - 1e-12)) ?? 10 * p;
}
