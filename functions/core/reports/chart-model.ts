import { formatNumber, formatPercent } from './format.js';

/** One named series of a chart, one value per category (null where there is no figure). */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

export interface ChartInput {
  /** Unique within the page: the SVG's title and description are referenced by id. */
  readonly id: string;
  readonly title: string;
  /** The text alternative: what the chart shows, in words and figures. */
  readonly description: string;
  readonly categories: readonly string[];
  readonly bars?: readonly ChartSeries[];
  /** Stack the bar series (parts of a total) rather than grouping them side by side. */
  readonly stacked?: boolean;
  readonly lines?: readonly ChartSeries[];
  /** Values are percentages: the axis runs 0-100 at most and its labels carry %. */
  readonly percent?: boolean;
  /** Label every nth category only, when there are too many to fit. */
  readonly labelEvery?: number;
  readonly width?: number;
  readonly height?: number;
  /** Printed under the chart, e.g. why some points are gaps (figures withheld). */
  readonly note?: string | null;
}

export interface ChartRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly series: number;
}

export interface ChartLine {
  readonly d: string;
  readonly series: number;
}

export interface ChartLabel {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface ChartLegendItem {
  /** The swatch: a square for a bar series, a short line for a line series. */
  readonly x: number;
  readonly y: number;
  readonly lineEnd: number;
  readonly textX: number;
  readonly textY: number;
  readonly label: string;
  readonly isLine: boolean;
  readonly series: number;
}

/**
 * A chart as geometry: every coordinate is computed here from the figures, so the chart
 * partial only draws shapes at given positions (templates present; they never compute), and
 * every text in it reaches the page through Handlebars' escaping.
 */
export interface ChartModel {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly x: number;
    readonly y: number;
    readonly right: number;
    readonly bottom: number;
  };
  readonly yTicks: readonly ChartLabel[];
  readonly xLabels: readonly ChartLabel[];
  readonly bars: readonly ChartRect[];
  readonly lines: readonly ChartLine[];
  readonly legend: readonly ChartLegendItem[];
  readonly note: string | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A "nice" axis maximum and step (1, 2, 2.5 or 5 times a power of ten) for about 5 ticks. */
function niceScale(max: number, percent: boolean): { top: number; step: number } {
  if (!(max > 0)) return { top: percent ? 100 : 1, step: percent ? 20 : 0.2 };
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  let top = Math.ceil(max / step) * step;
  if (percent && top > 100) top = 100;
  return { top, step };
}

/** Lays out a bar and/or line chart over categories (months, years or ages). */
export function chartModel(input: ChartInput): ChartModel {
  const width = input.width ?? 640;
  const height = input.height ?? 300;
  const bars = input.bars ?? [];
  const lines = input.lines ?? [];
  const n = input.categories.length;
  const legendHeight = 22;
  const plot = { x: 64, y: 14, width: width - 80, height: height - 14 - 24 - legendHeight };

  const values: number[] = [];
  if (input.stacked) {
    for (let i = 0; i < n; i += 1) {
      values.push(bars.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
    }
  } else {
    for (const s of bars) for (const v of s.values) if (v !== null) values.push(v);
  }
  for (const s of lines) for (const v of s.values) if (v !== null) values.push(v);
  const { top, step } = niceScale(Math.max(0, ...values), input.percent ?? false);
  const yOf = (v: number) => round(plot.y + plot.height - (v / top) * plot.height);

  const yTicks: ChartLabel[] = [];
  for (let v = 0; v <= top + step / 1000; v += step) {
    const decimals = Number.isInteger(step) ? 0 : 1;
    const label = input.percent ? formatPercent(v, 0) : formatNumber(v, decimals);
    yTicks.push({ x: plot.x - 6, y: yOf(v), label });
  }

  const band = n > 0 ? plot.width / n : plot.width;
  const centre = (i: number) => round(plot.x + band * (i + 0.5));
  const every = input.labelEvery ?? Math.max(1, Math.ceil(n / 14));
  const xLabels = input.categories
    .map((label, i) => ({ x: centre(i), y: plot.y + plot.height + 16, label }))
    .filter((_, i) => i % every === 0);

  const rects: ChartRect[] = [];
  const inner = band * 0.72;
  if (input.stacked) {
    for (let i = 0; i < n; i += 1) {
      let base = 0;
      bars.forEach((s, k) => {
        const v = s.values[i] ?? 0;
        if (v <= 0) return;
        const y = yOf(base + v);
        rects.push({
          x: round(centre(i) - inner / 2),
          y,
          width: round(inner),
          height: round(yOf(base) - y),
          series: k,
        });
        base += v;
      });
    }
  } else if (bars.length > 0) {
    const each = inner / bars.length;
    for (let i = 0; i < n; i += 1) {
      bars.forEach((s, k) => {
        const v = s.values[i];
        if (v === null || v === undefined) return;
        const y = yOf(v);
        rects.push({
          x: round(centre(i) - inner / 2 + k * each),
          y,
          width: round(Math.max(each - 1, 1)),
          height: round(plot.y + plot.height - y),
          series: k,
        });
      });
    }
  }

  const paths: ChartLine[] = lines.map((s, k) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${centre(i)},${yOf(v)} `;
      pen = true;
    });
    return { d: d.trim(), series: bars.length + k };
  });

  const legend: ChartLegendItem[] = [];
  let lx = plot.x;
  const ly = height - legendHeight / 2;
  const entries = [
    ...bars.map((s, k) => ({ label: s.name, isLine: false, series: k })),
    ...lines.map((s, k) => ({ label: s.name, isLine: true, series: bars.length + k })),
  ];
  for (const entry of entries) {
    legend.push({
      x: lx,
      y: entry.isLine ? ly : ly - 5,
      lineEnd: lx + 16,
      textX: lx + 21,
      textY: ly,
      ...entry,
    });
    // Room for the swatch and the label at about 5.6 px a character in 10 px Arial.
    lx += 34 + entry.label.length * 5.6;
  }

  return {
    id: input.id,
    title: input.title,
    description: input.description,
    width,
    height,
    plot: {
      x: plot.x,
      y: plot.y,
      right: plot.x + plot.width,
      bottom: plot.y + plot.height,
    },
    yTicks,
    xLabels,
    bars: rects,
    lines: paths,
    legend,
    note: input.note ?? null,
  };
}
