// Range queries: selector → series, tier from the step, head and chunks merged, rollups completed
// on the fly for windows not compacted yet (the recent ones, or ones that got late points).
//
// Tier: no step or a step under a minute reads raw samples; under an hour the 1-minute rollups;
// otherwise the 1-hour rollups. A rollup tier covers whole tier steps: a step is included when it
// starts in [from rounded down to the tier step, to]. Buckets are epoch-aligned multiples of the step.

import { type Agg, bucketRaw, bucketSteps, type QueryPoint, rateRaw, rateSteps } from './aggregate.js';
import { type Ctx, HOUR_MS, MINUTE_MS, TIERS, type Tier, windowOf } from './context.js';
import type { Head } from './head.js';
import { MatcherError, parseSelector, type Selector } from './matcher.js';
import {
  computeSteps,
  concatSteps,
  decodeSteps,
  emptySteps,
  replaceRange,
  STALE_MS,
  type Steps,
  sliceSteps,
} from './rollup.js';
import { type SeriesInfo, TYPE_COUNTER } from './series-index.js';
import { mergePieces, type Piece, readChunkRows, type Samples } from './store-read.js';

export type { Agg, QueryPoint };

export interface QueryParams {
  match: string;
  from: number;
  to: number;
  /** Bucket width in ms; omitted: raw samples as stored. */
  step?: number;
  agg?: Agg;
  rate?: boolean;
  maxPoints?: number;
}

export type TierLabel = 'raw' | '1m' | '1h';

export interface SeriesResult {
  name: string;
  labels: Record<string, string>;
  points: QueryPoint[];
}

export interface QueryResult {
  tier: TierLabel;
  /** The bucket width used, ms; 0 for raw samples without a step. */
  step: number;
  series: SeriesResult[];
}

/** A query parameter that is wrong; `param` names it (match, from, to, step, agg, rate, maxPoints). */
export class QueryError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export const DEFAULT_MAX_POINTS = 11_000;
const AGGS: readonly Agg[] = ['avg', 'min', 'max', 'last', 'sum'];

export function tierForStep(step: number | undefined): TierLabel {
  if (step === undefined || step < MINUTE_MS) return 'raw';
  return step < HOUR_MS ? '1m' : '1h';
}

interface Checked {
  sel: Selector;
  from: number;
  to: number;
  step: number | undefined;
  agg: Agg;
  rate: boolean;
  maxPoints: number;
}

function check(q: QueryParams): Checked {
  if (typeof q.match !== 'string' || q.match.trim() === '')
    throw new QueryError('match', 'match is required');
  let sel: Selector;
  try {
    sel = parseSelector(q.match);
  } catch (e) {
    if (e instanceof MatcherError) throw new QueryError('match', e.message);
    throw e;
  }
  if (typeof q.from !== 'number' || !Number.isFinite(q.from))
    throw new QueryError('from', 'from must be unix ms');
  if (typeof q.to !== 'number' || !Number.isFinite(q.to)) throw new QueryError('to', 'to must be unix ms');
  if (q.from > q.to) throw new QueryError('from', `from (${q.from}) is after to (${q.to})`);
  const step = q.step;
  if (step !== undefined && (typeof step !== 'number' || !Number.isFinite(step) || step < 1)) {
    throw new QueryError('step', 'step must be a number of ms ≥ 1');
  }
  const agg = q.agg ?? 'avg';
  if (!AGGS.includes(agg)) throw new QueryError('agg', `agg must be one of ${AGGS.join(', ')}`);
  if (q.rate !== undefined && typeof q.rate !== 'boolean')
    throw new QueryError('rate', 'rate must be true or false');
  const maxPoints = q.maxPoints ?? DEFAULT_MAX_POINTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 1)
    throw new QueryError('maxPoints', 'maxPoints must be an integer ≥ 1');
  const s = step === undefined ? undefined : Math.floor(step);
  if (s !== undefined) {
    const buckets = Math.floor(q.to / s) - Math.floor(q.from / s) + 1;
    if (buckets > maxPoints) {
      const least = Math.ceil((q.to - q.from) / Math.max(1, maxPoints - 1));
      throw new QueryError(
        'step',
        `${buckets} points per series exceed maxPoints ${maxPoints}; use a step of at least ${least} ms`,
      );
    }
  }
  return { sel, from: q.from, to: q.to, step: s, agg, rate: q.rate === true, maxPoints };
}

export class Querier {
  constructor(
    private readonly ctx: Ctx,
    private readonly head: Head,
  ) {}

  run(q: QueryParams): QueryResult {
    const c = check(q);
    const tier = tierForStep(c.step);
    const out: SeriesResult[] = [];
    const series = this.ctx.index.select(c.sel);
    series.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    for (const s of series) {
      const points = tier === 'raw' ? this.rawPoints(s, c) : this.tierPoints(s, TIERS[tier], c);
      if (points.length > 0) out.push({ name: s.name, labels: { ...s.labels }, points });
    }
    return { tier, step: c.step ?? 0, series: out };
  }

  /** Samples of one series in [from, to], sorted, one per timestamp. */
  readRaw(s: SeriesInfo, from: number, to: number): Samples {
    const W = this.ctx.opt.windowMs;
    const pieces: Piece[] = readChunkRows(this.ctx, s.id, windowOf(from, W), windowOf(to, W), from, to);
    pieces.push(this.head.readHot(s, from, to));
    return mergePieces(pieces, from, to);
  }

  private rawPoints(s: SeriesInfo, c: Checked): QueryPoint[] {
    let ts: ArrayLike<number>;
    let values: ArrayLike<number>;
    if (c.rate) {
      const raw = this.readRaw(s, c.from - STALE_MS, c.to);
      const r = rateRaw(raw.ts, raw.values);
      let i = 0;
      while (i < r.ts.length && r.ts[i] < c.from) i++;
      ts = r.ts.slice(i);
      values = r.values.slice(i);
    } else {
      const raw = this.readRaw(s, c.from, c.to);
      ts = raw.ts;
      values = raw.values;
    }
    if (c.step !== undefined) return bucketRaw(ts, values, c.step, c.agg);
    if (ts.length > c.maxPoints) {
      throw new QueryError(
        'step',
        `${s.name} has ${ts.length} samples in range, more than maxPoints ${c.maxPoints}; give a step`,
      );
    }
    const out: QueryPoint[] = new Array(ts.length);
    for (let i = 0; i < ts.length; i++) out[i] = [ts[i], values[i]];
    return out;
  }

  private tierPoints(s: SeriesInfo, tier: Tier, c: Checked): QueryPoint[] {
    const steps = this.steps(s, tier, windowOf(c.from, tier.step), c.to);
    const step = c.step ?? tier.step;
    if (c.rate) {
      const r = rateSteps(steps, tier.step);
      return bucketRaw(r.ts, r.values, step, c.agg);
    }
    return bucketSteps(steps, step, c.agg);
  }

  /** Rollup steps of a tier with start in [from, to]: stored rows, with uncompacted windows computed. */
  steps(s: SeriesInfo, tier: Tier, from: number, to: number): Steps {
    const { ctx } = this;
    const W = ctx.opt.windowMs;
    const counter = s.type === TYPE_COUNTER;
    const rows = ctx
      .sql(
        'SELECT data FROM rollup WHERE tier = ? AND series_id = ? AND period BETWEEN ? AND ? ORDER BY period',
      )
      .pluck()
      .all(tier.id, s.id, windowOf(from, tier.period), windowOf(to, tier.period)) as Uint8Array[];
    let steps = rows.length === 0 ? emptySteps(counter) : concatSteps(rows.map(decodeSteps), counter);
    const dirty = new Set<number>(
      ctx
        .sql('SELECT win FROM pending WHERE series_id = ? AND win BETWEEN ? AND ?')
        .pluck()
        .all(s.id, windowOf(from, W), windowOf(to, W)) as number[],
    );
    if (s.hotRows > 0) {
      const a = windowOf(Math.max(s.hotMin, from), W);
      const b = windowOf(Math.min(s.hotMax, to), W);
      for (let w = a; w <= b; w += W) dirty.add(w);
    }
    // A counter's first increase in a window bridges from the window before, so a changed window
    // also changes the next one's first step.
    if (counter) for (const w of [...dirty]) if (w + W <= to) dirty.add(w + W);
    for (const w of [...dirty].sort((x, y) => x - y)) {
      const raw = this.readRaw(s, w, w + W - 1);
      if (raw.ts.length === 0) continue;
      let prev: { ts: number; value: number } | null = null;
      if (counter) {
        const before = this.readRaw(s, w - STALE_MS, w - 1);
        for (let i = before.ts.length - 1; i >= 0 && prev === null; i--) {
          if (!Number.isNaN(before.values[i])) prev = { ts: before.ts[i], value: before.values[i] };
        }
      }
      steps = replaceRange(steps, w, w + W, computeSteps(raw.ts, raw.values, tier.step, counter, prev));
    }
    return sliceSteps(steps, from, to);
  }
}
