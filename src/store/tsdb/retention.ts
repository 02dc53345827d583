// Retention by age per tier, the disk budget, and giving freed pages back to the file system. Every
// step is one small transaction, so maintain() can interleave them with ticks.
//
// Age: raw chunks go when their whole window is older than raw retention; rollup rows when their
// whole period (a day for 1m, 30 days for 1h) is older than the tier's retention. A window still
// waiting for compaction is kept, so its rollups can still be computed.
//
// Budget: while the file plus its WAL exceed max_disk_mb, free pages are returned first, then the
// oldest compacted raw window (every series) goes, then the oldest 1-minute rows, then the oldest
// 1-hour rows, never a period that is still current. Points older than a dropped window are refused
// afterwards (`rawFloor`), since their window could no longer be rolled up correctly.

import * as fs from 'node:fs';
import { type Ctx, TIERS } from './context.js';

const CHUNK_ROWS_PER_STEP = 500;
const ROLLUP_ROWS_PER_STEP = 200;
const SERIES_PER_GC_STEP = 500;
const VACUUM_PAGES = 512;

type Phase = 'idle' | 'raw' | '1m' | '1h' | 'gc';

export class Retention {
  private phase: Phase = 'idle';
  private lastStart = Number.NEGATIVE_INFINITY;
  private gcQueue: number[] = [];
  private warnedFull = false;
  private mayHaveFree = true;
  private vacuumed = false;
  constructor(private readonly ctx: Ctx) {}

  ageDue(): boolean {
    return this.phase !== 'idle' || this.ctx.now() - this.lastStart >= this.ctx.opt.retentionIntervalMs;
  }

  /** One slice of the age pass; false when it had nothing to do. */
  ageStep(): boolean {
    const { ctx } = this;
    const now = ctx.now();
    if (this.phase === 'idle') {
      if (now - this.lastStart < ctx.opt.retentionIntervalMs) return false;
      this.lastStart = now;
      this.phase = 'raw';
    }
    switch (this.phase) {
      case 'raw':
        if (
          ctx.opt.rawMs <= 0 ||
          this.dropRaw(now - ctx.opt.rawMs - ctx.opt.windowMs, 'expiredSamples') < CHUNK_ROWS_PER_STEP
        ) {
          this.phase = '1m';
        }
        return true;
      case '1m':
      case '1h': {
        const tier = TIERS[this.phase];
        const keep = this.phase === '1m' ? ctx.opt.minuteMs : ctx.opt.hourMs;
        if (
          keep <= 0 ||
          this.dropRollups(tier.id, now - keep - tier.period, 'expiredSamples') < ROLLUP_ROWS_PER_STEP
        ) {
          if (this.phase === '1m') this.phase = '1h';
          else {
            this.phase = 'gc';
            this.gcQueue = this.gcCandidates(now);
          }
        }
        return true;
      }
      case 'gc':
        this.gcStep();
        if (this.gcQueue.length === 0) {
          this.phase = 'idle';
          ctx.db.transaction(() => ctx.meta.bump('retentionRuns', 1))();
        }
        return true;
      default:
        return false;
    }
  }

  /**
   * Deletes up to CHUNK_ROWS_PER_STEP chunks of windows starting at or before `lastWin` (oldest first),
   * skipping windows waiting for compaction. Returns rows deleted.
   */
  private dropRaw(lastWin: number, counter: 'expiredSamples' | 'droppedForBudget', onlyWin?: number): number {
    const { ctx } = this;
    const { db } = ctx;
    const sel =
      onlyWin === undefined
        ? ctx.sql(
            `SELECT id, count, tsref, win FROM chunk c WHERE win <= ?
             AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.series_id = c.series_id AND p.win = c.win)
             ORDER BY win LIMIT ?`,
          )
        : ctx.sql(
            `SELECT id, count, tsref, win FROM chunk c WHERE win = ?
             AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.series_id = c.series_id AND p.win = c.win)
             LIMIT ?`,
          );
    const rows = sel.raw().all(onlyWin ?? lastWin, CHUNK_ROWS_PER_STEP) as [
      number,
      number,
      number | null,
      number,
    ][];
    if (rows.length === 0) return 0;
    let seg = 0;
    let segN = 0;
    let fin = 0;
    let finN = 0;
    db.transaction(() => {
      const del = ctx.sql('DELETE FROM chunk WHERE id = ?');
      const refs = new Set<number>();
      let dropped = 0;
      for (const [id, count, tsref] of rows) {
        del.run(id);
        dropped += count;
        if (tsref === null) {
          seg += count;
          segN++;
        } else {
          fin += count;
          finN++;
          refs.add(tsref);
        }
      }
      const drop = ctx.sql(
        'DELETE FROM tscol WHERE id = ? AND NOT EXISTS (SELECT 1 FROM chunk WHERE tsref = ?)',
      );
      for (const r of refs) {
        drop.run(r, r);
        ctx.tsCache.delete(r);
      }
      ctx.meta.bump(counter, dropped);
    })();
    ctx.t.segSamples -= seg;
    ctx.t.segChunks -= segN;
    ctx.t.finalSamples -= fin;
    ctx.t.finalChunks -= finN;
    return rows.length;
  }

  /** Deletes up to ROLLUP_ROWS_PER_STEP rows of a tier with period ≤ `lastPeriod`, oldest first. */
  private dropRollups(
    tier: number,
    lastPeriod: number,
    counter: 'expiredSamples' | 'droppedForBudget',
  ): number {
    const { ctx } = this;
    const { db, meta } = ctx;
    const rows = ctx
      .sql('SELECT id, steps FROM rollup WHERE tier = ? AND period <= ? ORDER BY period LIMIT ?')
      .raw()
      .all(tier, lastPeriod, ROLLUP_ROWS_PER_STEP) as [number, number][];
    if (rows.length === 0) return 0;
    db.transaction(() => {
      const del = ctx.sql('DELETE FROM rollup WHERE id = ?');
      let steps = 0;
      for (const [id, n] of rows) {
        del.run(id);
        steps += n;
      }
      // Expired rollup steps are not samples; only the budget counts what it dropped of every kind.
      if (counter === 'droppedForBudget') meta.bump(counter, steps);
    })();
    return rows.length;
  }

  private gcCandidates(now: number): number[] {
    const { opt, index } = this.ctx;
    if (opt.rawMs <= 0) return [];
    const out: number[] = [];
    for (const s of index.all()) if (s.hotRows === 0 && s.storedMax < now - opt.rawMs) out.push(s.id);
    return out;
  }

  /** Forgets series that have no rows left anywhere, so churned label sets do not hold max_series. */
  private gcStep(): void {
    const { ctx } = this;
    const { db, index } = ctx;
    const batch = this.gcQueue.splice(0, SERIES_PER_GC_STEP);
    const hasChunk = ctx.sql('SELECT 1 FROM chunk WHERE series_id = ? LIMIT 1');
    const hasRollup = ctx.sql('SELECT 1 FROM rollup WHERE tier = ? AND series_id = ? LIMIT 1');
    const hasPending = ctx.sql('SELECT 1 FROM pending WHERE series_id = ? LIMIT 1');
    db.transaction(() => {
      for (const id of batch) {
        const s = index.byId(id);
        if (!s || s.hotRows > 0) continue;
        if (hasChunk.get(id) || hasPending.get(id) || hasRollup.get(1, id) || hasRollup.get(2, id)) continue;
        index.remove(s);
      }
    })();
  }

  fileBytes(): number {
    const { path } = this.ctx.opt;
    let n = 0;
    for (const p of [path, `${path}-wal`]) {
      try {
        n += fs.statSync(p).size;
      } catch {
        // A missing WAL is an empty one.
      }
    }
    return n;
  }

  overBudget(): boolean {
    const max = this.ctx.opt.maxDiskBytes;
    return max > 0 && this.fileBytes() > max;
  }

  /** One step towards the budget; false when nothing more can be dropped. */
  budgetStep(): boolean {
    const { ctx } = this;
    const { db, opt } = ctx;
    if (this.freePages() > 0) {
      this.vacuum(VACUUM_PAGES * 8, true);
      return true;
    }
    if (this.walBytes() > 0 && this.checkpoint() && !this.overBudget()) return true;
    const now = ctx.now();
    const closed = now - opt.windowMs - opt.graceMs;
    const oldest = ctx
      .sql(
        `SELECT win FROM chunk c WHERE win <= ?
         AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.series_id = c.series_id AND p.win = c.win)
         ORDER BY win LIMIT 1`,
      )
      .pluck()
      .get(closed) as number | undefined;
    if (oldest !== undefined) {
      const floor = oldest + opt.windowMs;
      if (floor > ctx.meta.get('rawFloor')) db.transaction(() => ctx.meta.put('rawFloor', floor))();
      this.dropRaw(oldest, 'droppedForBudget', oldest);
      this.vacuum(VACUUM_PAGES * 8, true);
      return true;
    }
    for (const tier of [TIERS['1m'], TIERS['1h']]) {
      const current = Math.floor(now / tier.period) * tier.period;
      if (this.dropRollups(tier.id, current - tier.period, 'droppedForBudget') > 0) {
        this.vacuum(VACUUM_PAGES * 8, true);
        return true;
      }
    }
    if (!this.warnedFull) {
      this.warnedFull = true;
      ctx.log.warn(
        { fileBytes: this.fileBytes(), maxDiskBytes: opt.maxDiskBytes },
        'store exceeds max_disk_mb with only data that is still current; nothing older is left to drop',
      );
    }
    return false;
  }

  freePages(): number {
    return this.ctx.db.pragma('freelist_count', { simple: true }) as number;
  }

  /** Rows were deleted somewhere: the next vacuumDue() looks at the free list again. */
  noteFreed(): void {
    this.mayHaveFree = true;
  }

  /**
   * Whether free pages are worth returning outside of budget pressure: 2% of the file. Compaction
   * frees a window's segments at once; the next window's segments regrow the file over hours, so
   * returning them keeps the file at what the data needs at a small cost.
   */
  vacuumDue(): boolean {
    if (!this.mayHaveFree) return false;
    const free = this.freePages();
    const pages = this.ctx.db.pragma('page_count', { simple: true }) as number;
    const due = free >= 32 && free * 50 >= pages;
    if (!due) this.mayHaveFree = false;
    return due;
  }

  /**
   * Returns up to `pages` free pages. The file shrinks at the next checkpoint: at once under budget
   * pressure, else when the vacuum is done (checkpointDue) or the WAL has grown.
   */
  vacuum(pages = VACUUM_PAGES, checkpoint = false): void {
    this.ctx.db.pragma(`incremental_vacuum(${pages})`);
    if (checkpoint) this.checkpoint();
    else this.vacuumed = true;
  }

  /** A vacuum left the file's new end in the WAL only. */
  checkpointDue(): boolean {
    return this.vacuumed;
  }

  /** Checkpoints and truncates the WAL; false when a reader in another process kept it from finishing. */
  checkpoint(): boolean {
    const r = this.ctx.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    this.vacuumed = false;
    return r[0]?.busy === 0;
  }

  walBytes(): number {
    try {
      return fs.statSync(`${this.ctx.opt.path}-wal`).size;
    } catch {
      return 0;
    }
  }
}
