/** Small statistics and the figure/target bookkeeping of the benchmark. */

export type Detail = Record<string, number | string>;

/** What a figure is compared with, measured in the same run unless its name says otherwise. */
export interface Baseline {
  name: string;
  value: number;
  unit: string;
  detail?: Detail;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** null when the figure has nothing to be compared with (a count that must be 0, a memory peak). */
  baseline: Baseline | null;
  /** The comparison the target is about: see `ratioOf`. */
  ratio: number | null;
  /** "baseline/value" (how many times faster) or "value/baseline" (what fraction of it). */
  ratioOf?: 'baseline/value' | 'value/baseline';
  /** e.g. "<= 700 KB" or ">= 10x"; null when the figure is informational. */
  target: string | null;
  met: boolean | null;
  detail?: Detail;
}

function plain(
  name: string,
  value: number,
  unit: string,
  target: string | null,
  met: boolean | null,
  detail?: Detail,
): Figure {
  return {
    name,
    value,
    unit,
    baseline: null,
    ratio: null,
    target,
    met,
    ...(detail ? { detail } : {}),
  };
}

/**
 * A figure beside its baseline.
 *   speedup  ratio = baseline / value, at least N (a time: fan-out >= 10x the seed pipeline)
 *   gain     ratio = value / baseline, at least N (a rate: throughput against one at a time)
 *   fraction ratio = value / baseline, at most N (cold load <= 0.5x unbundled, <= 1.2x critical)
 */
export function versus(
  name: string,
  value: number,
  unit: string,
  baseline: Baseline,
  compare:
    | { kind: 'speedup'; atLeast: number }
    | { kind: 'gain'; atLeast: number }
    | { kind: 'fraction'; atMost: number },
  detail?: Detail,
): Figure {
  const speedup = compare.kind === 'speedup';
  const ratio = round(speedup ? baseline.value / value : value / baseline.value, 3);
  const met = compare.kind === 'fraction' ? ratio <= compare.atMost : ratio >= compare.atLeast;
  return {
    name,
    value,
    unit,
    baseline,
    ratio,
    ratioOf: speedup ? 'baseline/value' : 'value/baseline',
    target: compare.kind === 'fraction' ? `<= ${compare.atMost}x` : `>= ${compare.atLeast}x`,
    met,
    ...(detail ? { detail } : {}),
  };
}

/** A figure with a fixed limit, shown beside a baseline it is not a ratio of (e.g. KB vs KB). */
export function withBaseline(figure: Figure, baseline: Baseline): Figure {
  return {
    ...figure,
    baseline,
    ratio: round(figure.value / baseline.value, 3),
    ratioOf: 'value/baseline',
  };
}

/** Median and spread of a sample: what every timing figure reports. */
export interface Spread {
  n: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

export function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? (sorted[(sorted.length - 1) / 2] ?? Number.NaN)
      : ((sorted[sorted.length / 2 - 1] ?? Number.NaN) +
          (sorted[sorted.length / 2] ?? Number.NaN)) /
        2;
  return {
    n: sorted.length,
    median,
    p25: percentile(sorted, 25),
    p75: percentile(sorted, 75),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function spreadDetail(s: Spread, digits = 1): Detail {
  return {
    runs: s.n,
    p25: round(s.p25, digits),
    p75: round(s.p75, digits),
    min: round(s.min, digits),
    max: round(s.max, digits),
  };
}

/**
 * Runs every runner `rounds` times, rotating which goes first each round, so drift on a shared
 * machine (another build, a warm cache) lands on all sides alike. Returns the samples per runner.
 */
export async function interleaved(
  rounds: number,
  runners: ReadonlyArray<(round: number) => Promise<number>>,
): Promise<number[][]> {
  const out = runners.map(() => [] as number[]);
  for (let i = 0; i < rounds; i += 1) {
    for (let k = 0; k < runners.length; k += 1) {
      const j = (i + k) % runners.length;
      out[j]?.push(await (runners[j] as (round: number) => Promise<number>)(i));
    }
  }
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export function atMost(
  name: string,
  value: number,
  unit: string,
  limit: number,
  detail?: Figure['detail'],
): Figure {
  return plain(name, value, unit, `<= ${limit} ${unit}`, value <= limit, detail);
}

export function below(
  name: string,
  value: number,
  unit: string,
  limit: number,
  detail?: Figure['detail'],
): Figure {
  return plain(name, value, unit, `< ${limit} ${unit}`, value < limit, detail);
}

export function atLeast(
  name: string,
  value: number,
  unit: string,
  floor: number,
  detail?: Figure['detail'],
): Figure {
  return plain(name, value, unit, `>= ${floor} ${unit}`, value >= floor, detail);
}

export function info(name: string, value: number, unit: string, detail?: Figure['detail']): Figure {
  return plain(name, value, unit, null, null, detail);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const fmt = (v: number, unit: string) => `${round(v)} ${unit}`;

export function formatFigure(f: Figure): string {
  const value = fmt(f.value, f.unit).padEnd(16);
  const baseline = f.baseline
    ? `${fmt(f.baseline.value, f.baseline.unit)} ${f.baseline.name}`
    : '-';
  const ratio =
    f.ratio === null ? '' : `${f.ratio}${f.ratioOf === 'baseline/value' ? 'x faster' : 'x'}`;
  const verdict = f.met === null ? '' : f.met ? 'met' : 'NOT MET';
  const detail = f.detail
    ? `  (${Object.entries(f.detail)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? round(v) : v}`)
        .join(', ')})`
    : '';
  return `  ${f.name.padEnd(52)} ${value} | vs ${baseline.padEnd(64)} | ${ratio.padEnd(13)} | ${(f.target ?? '').padEnd(14)} ${verdict}${detail}`;
}

/** The table as Markdown (the developer's guide shows it). */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const baseline = f.baseline
      ? `${fmt(f.baseline.value, f.baseline.unit)} (${f.baseline.name})`
      : '—';
    const ratio =
      f.ratio === null ? '' : f.ratioOf === 'baseline/value' ? `${f.ratio}x faster` : `${f.ratio}x`;
    const verdict = f.met === null ? '' : f.met ? 'met' : '**not met**';
    return `| ${f.name} | ${fmt(f.value, f.unit)} | ${baseline} | ${ratio} | ${f.target ?? ''} | ${verdict} |`;
  });
  return [
    '| Figure | Value | Baseline (same run) | Ratio | Target | |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
