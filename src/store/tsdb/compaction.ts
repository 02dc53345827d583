// Compaction of one closed (series, window): its segments (and a compacted chunk, when late points
// arrived after one was written) are merged into one chunk whose timestamps go to a shared column,
// and the window's 1-minute and 1-hour rollup steps are (re)computed from the merged samples. All in
// one transaction: after a crash the window is either as before (and compacts again) or done.

import { encodeTimestamps, encodeValues, hashTimestamps } from './columns.js';
import { type Ctx, type Tallies, TIERS, type Tier, windowOf } from './context.js';
import {
  computeSteps,
  decodeSteps,
  emptySteps,
  encodeSteps,
  replaceRange,
  type Sample,
  STALE_MS,
  stepScale,
} from './rollup.js';
import { TYPE_COUNTER } from './series-index.js';
import { mergePieces, readChunkRows, sharedTimestamps } from './store-read.js';

export class Compactor {
  private readonly next;
  private readonly any;
  constructor(private readonly ctx: Ctx) {
    this.next = ctx.sql('SELECT series_id, win FROM pending WHERE win <= ? ORDER BY win, series_id LIMIT 1');
    this.any = ctx.sql('SELECT 1 FROM pending WHERE win <= ? LIMIT 1').pluck();
  }

  /** Latest window start that is closed at `now`. */
  private cutoff(): number {
    const { opt } = this.ctx;
    return this.ctx.now() - opt.windowMs - opt.graceMs;
  }

  hasWork(): boolean {
    return this.any.get(this.cutoff()) !== undefined;
  }

  /** Compacts the oldest closed pending window; false when there is none. */
  step(): boolean {
    const row = this.next.raw().get(this.cutoff()) as [number, number] | undefined;
    if (!row) return false;
    this.compact(row[0], row[1]);
    return true;
  }

  compact(seriesId: number, win: number): void {
    const { ctx } = this;
    const { db, opt } = ctx;
    const W = opt.windowMs;
    const s = ctx.index.byId(seriesId);
    let tally: Tallies | null = null;
    db.transaction(() => {
      const pieces = readChunkRows(ctx, seriesId, win, win);
      const merged = mergePieces(pieces, win, win + W - 1);
      let segSamples = 0;
      let segChunks = 0;
      let finalSamples = 0;
      let finalChunks = 0;
      for (const p of pieces) {
        if (p.tsref === null) {
          segSamples += p.count;
          segChunks++;
        } else {
          finalSamples += p.count;
          finalChunks++;
        }
      }
      const alreadyFinal = pieces.length === 1 && pieces[0].tsref !== null;
      if (!alreadyFinal) {
        const oldRefs = new Set<number>();
        for (const p of pieces) if (p.tsref !== null) oldRefs.add(p.tsref);
        const del = ctx.sql('DELETE FROM chunk WHERE id = ?');
        for (const p of pieces) del.run(p.id);
        let newRef: number | null = null;
        if (merged.ts.length > 0) {
          newRef = this.sharedColumn(win, merged.ts);
          const enc = encodeValues(merged.values);
          ctx
            .sql(
              'INSERT INTO chunk (series_id, win, count, min_ts, max_ts, scale, tsref, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(
              seriesId,
              win,
              merged.ts.length,
              merged.ts[0],
              merged.ts[merged.ts.length - 1],
              enc.scale,
              newRef,
              enc.data,
            );
        }
        for (const ref of oldRefs) if (ref !== newRef) this.dropColumnIfUnused(ref);
        tally = {
          hotRows: 0,
          segSamples: -segSamples,
          segChunks: -segChunks,
          finalSamples: merged.ts.length - finalSamples,
          finalChunks: (merged.ts.length > 0 ? 1 : 0) - finalChunks,
        };
      }
      const counter = s?.type === TYPE_COUNTER;
      const prev = counter ? this.previousSample(seriesId, win) : null;
      const scale = stepScale(merged.values, prev);
      for (const tier of Object.values(TIERS)) {
        const steps = computeSteps(merged.ts, merged.values, tier.step, counter, prev, STALE_MS, scale);
        this.writeRollup(tier, seriesId, win, steps);
      }
      ctx.sql('DELETE FROM pending WHERE series_id = ? AND win = ?').run(seriesId, win);
      // This counter window's samples changed (late points, or its first compaction after the next
      // window was compacted without it): the next window's first increase bridges from this one's
      // last sample, so a next window compacted already is computed again.
      if (counter && !alreadyFinal) {
        ctx
          .sql(
            'INSERT OR IGNORE INTO pending (series_id, win) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM chunk WHERE series_id = ? AND win = ?)',
          )
          .run(seriesId, win + W, seriesId, win + W);
      }
      ctx.meta.bump('compactions', 1);
    })();
    // Counted only once committed, so a failed transaction leaves the tallies true.
    if (tally !== null) {
      const d: Tallies = tally;
      ctx.t.segSamples += d.segSamples;
      ctx.t.segChunks += d.segChunks;
      ctx.t.finalSamples += d.finalSamples;
      ctx.t.finalChunks += d.finalChunks;
    }
  }

  /** Replaces the steps of window `win` in the tier's row for its period. */
  private writeRollup(
    tier: Tier,
    seriesId: number,
    win: number,
    fresh: ReturnType<typeof computeSteps>,
  ): void {
    const { ctx } = this;
    const { opt } = ctx;
    const period = windowOf(win, tier.period);
    const old = ctx
      .sql('SELECT data FROM rollup WHERE tier = ? AND series_id = ? AND period = ?')
      .pluck()
      .get(tier.id, seriesId, period) as Uint8Array | undefined;
    const base = old ? decodeSteps(old) : emptySteps(fresh.inc !== null);
    const steps = replaceRange(base, win, win + opt.windowMs, fresh);
    if (steps.ts.length === 0) {
      if (old)
        ctx
          .sql('DELETE FROM rollup WHERE tier = ? AND series_id = ? AND period = ?')
          .run(tier.id, seriesId, period);
      return;
    }
    ctx
      .sql(
        `INSERT INTO rollup (tier, series_id, period, steps, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tier, series_id, period) DO UPDATE SET steps = excluded.steps, data = excluded.data`,
      )
      .run(tier.id, seriesId, period, steps.ts.length, encodeSteps(steps));
  }

  /** The newest sample of the series within STALE_MS before `win` (counters bridge windows with it). */
  private previousSample(seriesId: number, win: number): Sample | null {
    const W = this.ctx.opt.windowMs;
    const from = win - STALE_MS;
    const pieces = readChunkRows(this.ctx, seriesId, windowOf(from, W), win - W, from, win - 1);
    const m = mergePieces(pieces, from, win - 1);
    for (let i = m.ts.length - 1; i >= 0; i--) {
      if (!Number.isNaN(m.values[i])) return { ts: m.ts[i], value: m.values[i] };
    }
    return null;
  }

  /** Id of a timestamp column of window `win` equal to `ts`, inserted when there is none yet. */
  private sharedColumn(win: number, ts: ArrayLike<number>): number {
    const { ctx } = this;
    const hash = hashTimestamps(ts);
    const candidates = ctx
      .sql('SELECT id FROM tscol WHERE win = ? AND hash = ?')
      .pluck()
      .all(win, hash) as number[];
    for (const id of candidates) {
      const have = sharedTimestamps(this.ctx, id);
      if (have.length !== ts.length) continue;
      let same = true;
      for (let i = 0; i < ts.length; i++) {
        if (have[i] !== ts[i]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
    const data = encodeTimestamps(ts);
    const id = Number(
      ctx.sql('INSERT INTO tscol (win, hash, data) VALUES (?, ?, ?)').run(win, hash, data).lastInsertRowid,
    );
    return id;
  }

  private dropColumnIfUnused(id: number): void {
    const { ctx } = this;
    const used = ctx.sql('SELECT 1 FROM chunk WHERE tsref = ? LIMIT 1').get(id);
    if (used) return;
    ctx.sql('DELETE FROM tscol WHERE id = ?').run(id);
    this.ctx.tsCache.delete(id);
  }
}
