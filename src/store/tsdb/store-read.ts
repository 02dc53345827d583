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
  const data = ctx.db.prepare('SELECT data FROM tscol WHERE id = ?').pluck().get(id) as
    | Uint8Array
    | undefined;
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
  const rows = ctx.db
    .prepare(
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

/**
 * Pieces in priority order (earlier wins on equal timestamps) merged into samples sorted by ts within
 * [from, to]. The usual case, pieces already in order without overlap, is a plain concatenation.
 */
export function mergePieces(
  pieces: readonly Piece[],
  from: number,
  to: number,
): { ts: number[]; values: number[] } {
  const ts: number[] = [];
  const values: number[] = [];
  let ordered = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    for (let i = 0; i < p.ts.length; i++) {
      const t = p.ts[i];
      if (t < from || t > to) continue;
      if (!(t > last)) ordered = false;
      last = t;
      ts.push(t);
      values.push(p.values[i]);
    }
  }
  if (ordered) return { ts, values };
  const order = ts.map((_, i) => i).sort((a, b) => ts[a] - ts[b] || a - b);
  const outT: number[] = [];
  const outV: number[] = [];
  for (const i of order) {
    if (outT.length > 0 && outT[outT.length - 1] === ts[i]) continue;
    outT.push(ts[i]);
    outV.push(values[i]);
  }
  return { ts: outT, values: outV };
}
