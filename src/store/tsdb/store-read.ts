// Reading chunks back: decoding segments and compacted chunks (with their shared timestamp column),
// and merging pieces into one sorted, duplicate-free sample list.

import { decodeSamples, decodeTimestamps, decodeValues } from './columns.js';
import type { Ctx } from './context.js';

export interface Piece {
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface ChunkPiece extends Piece {
  id: number;
  count: number;
  tsref: number | null;
}

const TS_CACHE_MAX = 512;

export function sharedTimestamps(ctx: Ctx, id: number): Float64Array {
  let ts = ctx.tsCache.get(id);
  if (ts) return ts;
  const data = ctx.sql('SELECT data FROM tscol WHERE id = ?').pluck().get(id) as Uint8Array | undefined;
  if (!data) throw new Error(`store is missing timestamp column ${id}`);
  ts = decodeTimestamps(data);
  if (ctx.tsCache.size >= TS_CACHE_MAX) ctx.tsCache.clear();
  ctx.tsCache.set(id, ts);
  return ts;
}

/** Chunks of one series with windows in [winFrom, winTo], in window then insertion order, decoded. */
export function readChunkRows(
  ctx: Ctx,
  seriesId: number,
  winFrom: number,
  winTo: number,
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): ChunkPiece[] {
  const rows = ctx
    .sql(
      'SELECT id, count, min_ts, max_ts, scale, tsref, data FROM chunk WHERE series_id = ? AND win BETWEEN ? AND ? ORDER BY win, id',
    )
    .raw()
    .all(seriesId, winFrom, winTo) as [number, number, number, number, number, number | null, Uint8Array][];
  const out: ChunkPiece[] = [];
  for (const [id, count, minTs, maxTs, scale, tsref, data] of rows) {
    if (maxTs < from || minTs > to) continue;
    if (tsref === null) {
      const d = decodeSamples(data, scale);
      out.push({ id, count, tsref, ts: d.ts, values: d.values });
    } else {
      const values = decodeValues(data, scale);
      const ts = sharedTimestamps(ctx, tsref);
      if (ts.length !== values.length)
        throw new Error(`chunk ${id}: ${values.length} values, ${ts.length} timestamps`);
      out.push({ id, count, tsref, ts, values });
    }
  }
  return out;
}

export interface Samples {
  ts: Float64Array;
  values: Float64Array;
}

/** Index of the first element ≥ x in a sorted array-like. */
function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function strictlyIncreasing(a: ArrayLike<number>): boolean {
  for (let i = 1; i < a.length; i++) if (!(a[i] > a[i - 1])) return false;
  return true;
}

/**
 * Pieces in priority order (earlier wins on equal timestamps) merged into samples sorted by ts within
 * [from, to]. The usual case, sorted pieces in order without overlap, is a plain block copy.
 */
export function mergePieces(pieces: readonly Piece[], from: number, to: number): Samples {
  const ranges: [number, number][] = [];
  let total = 0;
  let ordered = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    if (!strictlyIncreasing(p.ts)) {
      ordered = false;
      break;
    }
    const a = lowerBound(p.ts, from);
    let b = lowerBound(p.ts, to);
    if (b < p.ts.length && p.ts[b] === to) b++;
    ranges.push([a, b]);
    if (b > a) {
      if (!(p.ts[a] > last)) ordered = false;
      last = p.ts[b - 1];
      total += b - a;
    }
  }
  if (ordered) {
    const ts = new Float64Array(total);
    const values = new Float64Array(total);
    let at = 0;
    pieces.forEach((p, k) => {
      const [a, b] = ranges[k];
      for (let i = a; i < b; i++) {
        ts[at] = p.ts[i];
        values[at++] = p.values[i];
      }
    });
    return { ts, values };
  }
  const allT: number[] = [];
  const allV: number[] = [];
  for (const p of pieces) {
    for (let i = 0; i < p.ts.length; i++) {
      const t = p.ts[i];
      if (t < from || t > to) continue;
      allT.push(t);
      allV.push(p.values[i]);
    }
  }
  const order = allT.map((_, i) => i).sort((x, y) => allT[x] - allT[y] || x - y);
  const ts: number[] = [];
  const values: number[] = [];
  for (const i of order) {
    if (ts.length > 0 && ts[ts.length - 1] === allT[i]) continue;
    ts.push(allT[i]);
    values.push(allV[i]);
  }
  return { ts: Float64Array.from(ts), values: Float64Array.from(values) };
}
