// Rollup steps: per fixed step (1 minute, 1 hour) of one series, min, max, sum, count and last of its
// raw samples, and for counters the reset-aware increase. Pure functions; compaction stores their
// output and queries compute the same thing on the fly for windows not compacted yet.
//
// Increase: each raw sample adds (v − prev) to the step it falls in, or v itself when v < prev (a
// counter reset restarts from zero, the way Prometheus' increase() reads it), so a rate over the tier is
// never negative. The delta across a step boundary goes to the later step; across a window boundary
// the caller passes the previous sample, which bridges only when it is at most `staleMs` older (a
// longer gap is an outage whose increase cannot be placed in any one step).
//
// NaN samples (Prometheus staleness markers) are not values: they are skipped entirely.

import { chooseScale, packColumns, scaleDigits, unpackColumns } from './columns.js';

export interface Steps {
  /** Step start, unix ms, strictly increasing. */
  ts: number[];
  min: number[];
  max: number[];
  sum: number[];
  count: number[];
  last: number[];
  /** Reset-aware increase per step; null for series that are not counters. */
  inc: number[] | null;
}

export interface Sample {
  ts: number;
  value: number;
}

export const STALE_MS = 5 * 60_000;

export function emptySteps(counter: boolean): Steps {
  return { ts: [], min: [], max: [], sum: [], count: [], last: [], inc: counter ? [] : null };
}

/**
 * Steps of `stepMs` from samples sorted by strictly increasing ts. `prev` is the sample just before
 * ts[0] (counters only).
 */
export function computeSteps(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  stepMs: number,
  counter: boolean,
  prev: Sample | null = null,
  staleMs = STALE_MS,
  scale = stepScale(values, counter ? prev : null),
): Steps {
  const out = emptySteps(counter);
  const n = ts.length;
  if (n === 0) return out;
  const f = 10 ** scaleDigits(scale);
  const toInt = scale === 0 ? (v: number) => v : (v: number) => Math.round(v * f);

  let cur = Number.NaN;
  let mn = 0;
  let mx = 0;
  let sumI = 0;
  let cnt = 0;
  let lst = 0;
  let incI = 0;
  let prevTs = prev && Number.isFinite(prev.value) ? prev.ts : Number.NaN;
  let prevI = prev && Number.isFinite(prev.value) ? toInt(prev.value) : 0;
  const flush = () => {
    if (cnt === 0) return;
    out.ts.push(cur);
    out.min.push(mn);
    out.max.push(mx);
    out.sum.push(sumI / f);
    out.count.push(cnt);
    out.last.push(lst);
    if (out.inc) out.inc.push(incI / f);
  };
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const t = ts[i];
    const s = Math.floor(t / stepMs) * stepMs;
    if (s !== cur) {
      flush();
      cur = s;
      cnt = 0;
      sumI = 0;
      incI = 0;
    }
    const vi = toInt(v);
    if (cnt === 0) {
      mn = v;
      mx = v;
    } else {
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    sumI += vi;
    cnt++;
    lst = v;
    if (counter) {
      if (!Number.isNaN(prevTs) && t - prevTs <= staleMs) incI += vi >= prevI ? vi - prevI : vi;
      prevTs = t;
      prevI = vi;
    }
  }
  flush();
  return out;
}

/**
 * Decimal places in which sums and increases are computed exactly (1.1 + 2.2 is 3.3, not
 * 3.3000000000000003), so rollups of decimal metrics stay decimal and compress like the raw data.
 */
export function stepScale(values: ArrayLike<number>, prev: Sample | null): number {
  if (prev === null) return chooseScale(values);
  const all = new Float64Array(values.length + 1);
  all.set(values as ArrayLike<number>);
  all[values.length] = prev.value;
  return chooseScale(all);
}

/** `base` with its steps in [from, to) replaced by `fresh` (whose steps must all lie in that range). */
export function replaceRange(base: Steps, from: number, to: number, fresh: Steps): Steps {
  const counter = base.inc !== null || fresh.inc !== null;
  const out = emptySteps(counter);
  const push = (s: Steps, i: number) => {
    out.ts.push(s.ts[i]);
    out.min.push(s.min[i]);
    out.max.push(s.max[i]);
    out.sum.push(s.sum[i]);
    out.count.push(s.count[i]);
    out.last.push(s.last[i]);
    if (out.inc) out.inc.push(s.inc ? s.inc[i] : 0);
  };
  let i = 0;
  while (i < base.ts.length && base.ts[i] < from) push(base, i++);
  for (let j = 0; j < fresh.ts.length; j++) push(fresh, j);
  while (i < base.ts.length && base.ts[i] < to) i++;
  while (i < base.ts.length) push(base, i++);
  return out;
}

/** Steps with ts in [from, to]. */
export function sliceSteps(s: Steps, from: number, to: number): Steps {
  let a = 0;
  while (a < s.ts.length && s.ts[a] < from) a++;
  let b = a;
  while (b < s.ts.length && s.ts[b] <= to) b++;
  if (a === 0 && b === s.ts.length) return s;
  return {
    ts: s.ts.slice(a, b),
    min: s.min.slice(a, b),
    max: s.max.slice(a, b),
    sum: s.sum.slice(a, b),
    count: s.count.slice(a, b),
    last: s.last.slice(a, b),
    inc: s.inc ? s.inc.slice(a, b) : null,
  };
}

/** Concatenates step lists that are each sorted and do not overlap, in order. */
export function concatSteps(parts: readonly Steps[], counter: boolean): Steps {
  if (parts.length === 1) return parts[0];
  const out = emptySteps(counter);
  for (const p of parts) {
    out.ts.push(...p.ts);
    out.min.push(...p.min);
    out.max.push(...p.max);
    out.sum.push(...p.sum);
    out.count.push(...p.count);
    out.last.push(...p.last);
    if (out.inc) out.inc.push(...(p.inc ?? p.ts.map(() => 0)));
  }
  return out;
}

export function encodeSteps(s: Steps): Uint8Array {
  const cols = [s.min, s.max, s.sum, s.count, s.last];
  if (s.inc) cols.push(s.inc);
  return packColumns(s.ts, cols);
}

export function decodeSteps(buf: Uint8Array): Steps {
  const { ts, columns } = unpackColumns(buf);
  if (columns.length !== 5 && columns.length !== 6)
    throw new Error(`rollup row holds ${columns.length} columns`);
  const a = (x: Float64Array) => Array.from(x);
  return {
    ts: a(ts),
    min: a(columns[0]),
    max: a(columns[1]),
    sum: a(columns[2]),
    count: a(columns[3]),
    last: a(columns[4]),
    inc: columns.length === 6 ? a(columns[5]) : null,
  };
}
