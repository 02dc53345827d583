// Query-time arithmetic, pure: bucketing raw samples or rollup steps into epoch-aligned buckets of the
// query step, and per-second rates of counters with reset handling.
//
// Buckets start at multiples of the step (not at `from`), so a dashboard refreshing every few seconds
// sees the same buckets with the same values. A point's timestamp is its bucket's start.

import type { Steps } from './rollup.js';

export type Agg = 'avg' | 'min' | 'max' | 'last' | 'sum';
export type QueryPoint = [number, number];

/** Reset-aware increase from a to b: a counter that went down restarted from zero. */
export function counterDelta(a: number, b: number): number {
  return b >= a ? b - a : b;
}

/**
 * Per-second rate at each sample after the first: increase over the interval / its seconds. A sample
 * before the range may be passed first (index 0) so the first in-range sample gets a rate too.
 */
export function rateRaw(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
): { ts: number[]; values: number[] } {
  const outT: number[] = [];
  const outV: number[] = [];
  let pt = Number.NaN;
  let pv = Number.NaN;
  for (let i = 0; i < ts.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const t = ts[i];
    if (!Number.isNaN(pt) && t > pt) {
      outT.push(t);
      outV.push((counterDelta(pv, v) * 1000) / (t - pt));
    }
    pt = t;
    pv = v;
  }
  return { ts: outT, values: outV };
}

/** Raw samples (sorted) bucketed by `step` ms; NaN samples are skipped. */
export function bucketRaw(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  step: number,
  agg: Agg,
): QueryPoint[] {
  const out: QueryPoint[] = [];
  let cur = Number.NaN;
  let acc = 0;
  let cnt = 0;
  const flush = () => {
    if (cnt > 0) out.push([cur, agg === 'avg' ? acc / cnt : acc]);
  };
  for (let i = 0; i < ts.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const b = Math.floor(ts[i] / step) * step;
    if (b !== cur) {
      flush();
      cur = b;
      cnt = 0;
      acc = agg === 'min' ? Number.POSITIVE_INFINITY : agg === 'max' ? Number.NEGATIVE_INFINITY : 0;
    }
    cnt++;
    switch (agg) {
      case 'avg':
      case 'sum':
        acc += v;
        break;
      case 'min':
        if (v < acc) acc = v;
        break;
      case 'max':
        if (v > acc) acc = v;
        break;
      case 'last':
        acc = v;
        break;
    }
  }
  flush();
  return out;
}

/** Rollup steps combined into query buckets: avg is Σsum/Σcount, so it weighs every raw sample once. */
export function bucketSteps(s: Steps, step: number, agg: Agg): QueryPoint[] {
  const out: QueryPoint[] = [];
  let cur = Number.NaN;
  let acc = 0;
  let cnt = 0;
  const flush = () => {
    if (cnt > 0) out.push([cur, agg === 'avg' ? acc / cnt : acc]);
  };
  for (let i = 0; i < s.ts.length; i++) {
    const b = Math.floor(s.ts[i] / step) * step;
    if (b !== cur) {
      flush();
      cur = b;
      cnt = 0;
      acc = agg === 'min' ? Number.POSITIVE_INFINITY : agg === 'max' ? Number.NEGATIVE_INFINITY : 0;
    }
    switch (agg) {
      case 'avg':
        acc += s.sum[i];
        cnt += s.count[i];
        break;
      case 'sum':
        acc += s.sum[i];
        cnt++;
        break;
      case 'min':
        if (s.min[i] < acc) acc = s.min[i];
        cnt++;
        break;
      case 'max':
        if (s.max[i] > acc) acc = s.max[i];
        cnt++;
        break;
      case 'last':
        acc = s.last[i];
        cnt++;
        break;
    }
  }
  flush();
  return out;
}

/**
 * Per-second rate of each rollup step: its reset-aware increase over the step's seconds. Series
 * without an increase column (not typed as counters) fall back to differences of `last`.
 */
export function rateSteps(s: Steps, tierStep: number): { ts: number[]; values: number[] } {
  if (s.inc) return { ts: s.ts.slice(), values: s.inc.map((x) => (x * 1000) / tierStep) };
  return rateRaw(s.ts, s.last);
}
