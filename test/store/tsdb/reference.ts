// Brute-force reference of what a store query must answer, computed straight from the raw samples
// with none of the store's code: the property tests compare the store (hot log, segments, compacted
// chunks, rollup rows) against it.

export const STALE = 5 * 60_000;

export function approxEqual(a: number, b: number, rel = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

export interface RefSeries {
  counter: boolean;
  /** Sorted, unique. */
  ts: number[];
  values: number[];
}

export interface RefQuery {
  from: number;
  to: number;
  step?: number;
  agg: 'avg' | 'min' | 'max' | 'last' | 'sum';
  rate: boolean;
}

const delta = (a: number, b: number) => (b >= a ? b - a : b);

function combine(vs: number[], agg: RefQuery['agg']): number {
  switch (agg) {
    case 'avg':
      return vs.reduce((a, b) => a + b, 0) / vs.length;
    case 'sum':
      return vs.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...vs);
    case 'max':
      return Math.max(...vs);
    case 'last':
      return vs[vs.length - 1];
  }
}

function bucket(points: [number, number][], step: number, agg: RefQuery['agg']): [number, number][] {
  const groups = new Map<number, number[]>();
  for (const [t, v] of points) {
    const b = Math.floor(t / step) * step;
    if (!groups.has(b)) groups.set(b, []);
    groups.get(b)?.push(v);
  }
  return [...groups].map(([b, vs]) => [b, combine(vs, agg)]);
}

/** Raw tier: samples, or per-second rates of consecutive samples, optionally bucketed. */
export function refRaw(s: RefSeries, q: RefQuery): [number, number][] {
  let pts: [number, number][] = [];
  if (q.rate) {
    for (let i = 1; i < s.ts.length; i++) {
      if (s.ts[i] < q.from || s.ts[i] > q.to || s.ts[i - 1] < q.from - STALE) continue;
      pts.push([s.ts[i], (delta(s.values[i - 1], s.values[i]) * 1000) / (s.ts[i] - s.ts[i - 1])]);
    }
  } else {
    pts = s.ts.map((t, i) => [t, s.values[i]] as [number, number]).filter(([t]) => t >= q.from && t <= q.to);
  }
  return q.step === undefined ? pts : bucket(pts, q.step, q.agg);
}

/**
 * Rollup tier of width `tierStep`: whole tier steps starting in [from rounded down, to]. Without
 * rate, a bucket combines every raw sample of its tier steps (avg = mean of the samples); with rate,
 * each tier step's rate is its reset-aware increase / its seconds, where a pair of consecutive samples
 * at most STALE apart counts towards the later one's step, and buckets combine the step rates.
 */
export function refTier(s: RefSeries, q: RefQuery, tierStep: number): [number, number][] {
  const lo = Math.floor(q.from / tierStep) * tierStep;
  const step = q.step ?? tierStep;
  const inRange = (t: number) => {
    const k = Math.floor(t / tierStep) * tierStep;
    return k >= lo && k <= q.to;
  };
  if (!q.rate) {
    // A raw sample counts in the bucket of its tier step's start.
    const keyed = s.ts
      .map((t, i) => [Math.floor(t / tierStep) * tierStep, s.values[i]] as [number, number])
      .filter(([k]) => k >= lo && k <= q.to);
    return bucket(keyed, step, q.agg);
  }
  if (!s.counter) {
    // Not a counter: rates from the differences of each tier step's last value.
    const lasts = new Map<number, number>();
    s.ts.forEach((t, i) => {
      if (inRange(t)) lasts.set(Math.floor(t / tierStep) * tierStep, s.values[i]);
    });
    const ks = [...lasts.keys()];
    const pts: [number, number][] = [];
    for (let j = 1; j < ks.length; j++) {
      const a = lasts.get(ks[j - 1]) ?? 0;
      const b = lasts.get(ks[j]) ?? 0;
      pts.push([ks[j], (delta(a, b) * 1000) / (ks[j] - ks[j - 1])]);
    }
    return bucket(pts, step, q.agg);
  }
  const inc = new Map<number, number>();
  for (let i = 0; i < s.ts.length; i++) {
    if (!inRange(s.ts[i])) continue;
    const k = Math.floor(s.ts[i] / tierStep) * tierStep;
    let d = 0;
    if (i > 0 && s.ts[i] - s.ts[i - 1] <= STALE) d = delta(s.values[i - 1], s.values[i]);
    inc.set(k, (inc.get(k) ?? 0) + d);
  }
  const pts = [...inc].map(([k, v]) => [k, (v * 1000) / tierStep] as [number, number]);
  return bucket(pts, step, q.agg);
}

export function assertPointsClose(
  got: readonly (readonly [number, number])[],
  want: readonly (readonly [number, number])[],
  what: string,
): void {
  const fail = (m: string) => {
    throw new Error(
      `${what}: ${m}\n got ${JSON.stringify(got.slice(0, 12))}\nwant ${JSON.stringify(want.slice(0, 12))}`,
    );
  };
  if (got.length !== want.length) fail(`${got.length} points, want ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (got[i][0] !== want[i][0]) fail(`point ${i} at ${got[i][0]}, want ${want[i][0]}`);
    if (!approxEqual(got[i][1], want[i][1])) fail(`point ${i} value ${got[i][1]}, want ${want[i][1]}`);
  }
}
