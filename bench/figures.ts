/** Small statistics and the figure/target bookkeeping of the benchmark. */

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. "<= 700 KB"; null when the figure is informational. */
  target: string | null;
  met: boolean | null;
  detail?: Record<string, number | string>;
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
  return { name, value, unit, target: `<= ${limit} ${unit}`, met: value <= limit, detail };
}

export function below(
  name: string,
  value: number,
  unit: string,
  limit: number,
  detail?: Figure['detail'],
): Figure {
  return { name, value, unit, target: `< ${limit} ${unit}`, met: value < limit, detail };
}

export function atLeast(
  name: string,
  value: number,
  unit: string,
  floor: number,
  detail?: Figure['detail'],
): Figure {
  return { name, value, unit, target: `>= ${floor} ${unit}`, met: value >= floor, detail };
}

export function info(name: string, value: number, unit: string, detail?: Figure['detail']): Figure {
  return { name, value, unit, target: null, met: null, detail };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function formatFigure(f: Figure): string {
  const value = `${round(f.value)} ${f.unit}`.padEnd(20);
  const target = (f.target ?? '').padEnd(18);
  const verdict = f.met === null ? '' : f.met ? 'met' : 'NOT MET';
  const detail = f.detail
    ? `  (${Object.entries(f.detail)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? round(v) : v}`)
        .join(', ')})`
    : '';
  return `  ${f.name.padEnd(46)} ${value} ${target} ${verdict}${detail}`;
}
