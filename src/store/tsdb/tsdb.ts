// hostpulse's embedded time-series store: one SQLite file (better-sqlite3, WAL).
//
// Write path. append() resolves each point's series in memory (name + sorted labels → id; new series
// beyond max_series are refused and counted) and writes all accepted points in ONE transaction to the
// `hot` table, an append log in arrival order. Keyed by rowid, a tick extends one b-tree at its end:
// ~300 points cost ~0.2 ms, where a table keyed by (series, ts) would dirty a page per series per tick
// (measured ~6 ms). A large append (≥ packMinPoints) packs each series' points into one row, since
// SQLite's cost is per row (> 1 M samples/s). A duplicate (series, ts) is ignored and counted, the
// first value staying: a point newer than everything stored for its series is new (decided in
// memory); an older one is checked against the hot log and the decoded chunks of its window, so
// replays are harmless. Points older than raw retention are refused (counted as tooOld).
//
// Durability. journal_mode=WAL, synchronous=NORMAL: when append() returns, its commit is in the WAL
// file, i.e. in the OS page cache, which a killed process (SIGKILL, OOM, crash) does not lose. So every
// acknowledged sample survives the death of the process; only an OS crash or power cut can lose the
// last commits (never corrupting the file). test/store/tsdb/crash.test.ts kills a writer with SIGKILL
// mid-append and mid-compaction and checks every acknowledged sample is there exactly once.
//
// Background work, in maintain(), each step one short transaction (a slice of ≈ sliceMs, 8 ms):
//  1. Fold: every foldIntervalMs (60 s), or once foldMaxRows points wait, the oldest hot rows become
//     one segment chunk per (series, window) (Gorilla codec, values decimal-scaled: see columns.ts)
//     and leave the hot log in the same transaction; the window is marked pending.
//  2. Compaction: a pending window is closed when now > its end + graceMs. Its segments (and an older
//     compacted chunk when late points arrived) merge into one chunk, encoded against synthetic
//     timestamps; the real timestamps go to a timestamp column shared by every series of that window
//     with the same timestamps (a tick stamps all its series alike), so they cost once per tick, not
//     once per series. The window's 1-minute and 1-hour rollup steps (min, max, sum, count, last, and
//     for counters the reset-aware increase) are computed from the merged samples and replace that
//     window's steps in the series' rollup row (one row per UTC day for 1m, per 30 days for 1h, each
//     column codec-encoded). One transaction: a kill leaves the window as it was or fully compacted.
//     Windows are 2 h by default (windowMs must divide a day and be a whole number of hours, so
//     rollup steps nest in windows).
//  3. Retention by age per tier (raw 14 d, 1m 90 d, 1h 2 y by default; whole windows/rows go), then
//     series that have nothing left are forgotten.
//  4. Disk budget: while file + WAL > max_disk_mb: free pages are returned (incremental vacuum,
//     auto_vacuum=INCREMENTAL from creation), then the oldest raw window goes, then the oldest 1m rows,
//     then the oldest 1h rows, counted in droppedForBudget; WAL checkpoints truncate the WAL.
//  5. WAL checkpoints at 4 MB (SQLite's automatic one only as a safety net), and returning free pages
//     once 2% of the file is free, so bytes/sample reflects the data.
//
// Size. Realistic host data (100 series at 1 Hz, test/store/tsdb/realistic.ts) takes ~0.94 bytes a
// sample on disk after compaction over a day: ~0.77 for the chunks, ~0.11 for the rollups, the rest
// SQLite pages. Page size is 2 KiB: a chunk's last page is less slack than with 4 KiB.
//
// Read path. Queries select series with a PromQL selector, pick the tier from the step (raw < 1 min ≤
// 1m < 1 h ≤ 1h), merge hot rows, segments and compacted chunks, and compute rollup steps on the fly
// for windows not compacted yet, so recent data shows in every tier. rate=true gives per-second rates
// with counter resets read as restarts from zero (never negative).
//
// Values are float64; NaN (a staleness marker) is kept as NaN but its payload bits are not, and -0
// reads back as 0 while it sits in the hot log.

import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { StoreConfig } from '../../config/types.js';
import { Compactor } from './compaction.js';
import { type Ctx, DAY_MS, HOUR_MS, type Resolved, type StoreLog } from './context.js';
import { Meta, openDb } from './db.js';
import { type AppendResult, Head, type Point } from './head.js';
import { parseSelector } from './matcher.js';
import { Querier, type QueryParams, type QueryResult } from './query.js';
import { Retention } from './retention.js';
import { canonicalLabels, SeriesIndex, type SeriesInfo, TYPE_COUNTER, TYPE_GAUGE } from './series-index.js';

export { MatcherError } from './matcher.js';
export type { Agg, QueryParams, QueryPoint, QueryResult, SeriesResult, TierLabel } from './query.js';
export { QueryError } from './query.js';
export type { AppendResult, Point };

export interface TsdbOptions {
  path: string;
  retention: { rawSec: number; minuteSec: number; hourSec: number };
  /** 0: no budget. */
  maxDiskMb: number;
  /** 0: no limit. */
  maxSeries: number;
  /** Wall clock, unix ms (tests inject one). */
  now?: () => number;
  log?: StoreLog;
  /** Raw chunk window, ms (default 2 h): a whole number of hours dividing a day. Fixed at creation. */
  windowMs?: number;
  /** How long after its end a window stays open for late points (default 5 min). */
  graceMs?: number;
  /** Fold the hot log this often (default 60 s)… */
  foldIntervalMs?: number;
  /** …or as soon as this many points wait (default 50,000). */
  foldMaxRows?: number;
  /** Time one maintain() call may spend (default 8 ms; one unit of work always runs). */
  sliceMs?: number;
  /** Age retention runs at most this often (default 60 s). */
  retentionIntervalMs?: number;
  /** Appends of at least this many points pack each series' points into one row (default 1024). */
  packMinPoints?: number;
  /** SQLite page size at creation (default 2048: less slack in the last page of each chunk). */
  pageSize?: number;
}

export interface TsdbStats {
  path: string;
  /** Database file plus WAL. */
  fileBytes: number;
  series: number;
  /** Raw samples stored (hot log, segments and compacted chunks). */
  samples: number;
  /** Raw samples not compacted yet (hot log and segments). */
  headSamples: number;
  hotSamples: number;
  /** Chunk rows (segments and compacted chunks). */
  chunks: number;
  segments: number;
  /** fileBytes / samples (0 when empty). */
  bytesPerSample: number;
  compactions: number;
  retentionRuns: number;
  /** Raw samples and rollup steps removed to keep within max_disk_mb. */
  droppedForBudget: number;
  /** Raw samples removed by age. */
  expiredSamples: number;
  /** Distinct new series refused for max_series since open. */
  refusedSeries: number;
  walBytes: number;
  freePages: number;
}

export interface SeriesListing {
  name: string;
  labels: Record<string, string>;
  type: 'counter' | 'gauge' | 'untyped';
}

const FOLD_SAMPLES_PER_STEP = 8_000;
const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024;
const silentLog: StoreLog = { warn() {}, info() {} };

/** TsdbOptions for the agent from the [store] config section; the file is `<data_dir>/store.db`. */
export function storeOptions(cfg: StoreConfig, dataDir: string): TsdbOptions {
  return {
    path: join(dataDir, 'store.db'),
    retention: {
      rawSec: cfg.rawRetentionSec,
      minuteSec: cfg.minuteRetentionSec,
      hourSec: cfg.hourRetentionSec,
    },
    maxDiskMb: cfg.maxDiskMb,
    maxSeries: cfg.maxSeries,
  };
}

function resolve(o: TsdbOptions): Resolved {
  const windowMs = o.windowMs ?? 2 * HOUR_MS;
  if (!(windowMs >= HOUR_MS && windowMs % HOUR_MS === 0 && DAY_MS % windowMs === 0)) {
    throw new RangeError(`windowMs must be a whole number of hours dividing a day, got ${windowMs}`);
  }
  const nonNeg = (v: number, what: string) => {
    if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v)))
      throw new RangeError(`${what} must be ≥ 0, got ${v}`);
    return v;
  };
  return {
    path: o.path,
    windowMs,
    graceMs: nonNeg(o.graceMs ?? 5 * 60_000, 'graceMs'),
    foldIntervalMs: nonNeg(o.foldIntervalMs ?? 60_000, 'foldIntervalMs'),
    foldMaxRows: Math.max(1, o.foldMaxRows ?? 50_000),
    rawMs: nonNeg(o.retention.rawSec, 'retention.rawSec') * 1000,
    minuteMs: nonNeg(o.retention.minuteSec, 'retention.minuteSec') * 1000,
    hourMs: nonNeg(o.retention.hourSec, 'retention.hourSec') * 1000,
    maxDiskBytes: nonNeg(o.maxDiskMb, 'maxDiskMb') * 1024 * 1024,
    maxSeries: nonNeg(o.maxSeries, 'maxSeries'),
    sliceMs: nonNeg(o.sliceMs ?? 8, 'sliceMs'),
    packMinPoints: Math.max(1, o.packMinPoints ?? 1024),
    retentionIntervalMs: nonNeg(o.retentionIntervalMs ?? 60_000, 'retentionIntervalMs'),
  };
}

export class Tsdb {
  private readonly ctx: Ctx;
  private readonly head: Head;
  private readonly compactor: Compactor;
  private readonly retention: Retention;
  private readonly querier: Querier;
  private folding = false;
  private budgetIdleUntil = Number.NEGATIVE_INFINITY;
  private closed = false;

  private constructor(ctx: Ctx) {
    this.ctx = ctx;
    this.head = new Head(ctx);
    this.compactor = new Compactor(ctx);
    this.retention = new Retention(ctx);
    this.querier = new Querier(ctx, this.head);
  }

  static open(opts: TsdbOptions): Tsdb {
    const opt = resolve(opts);
    fs.mkdirSync(dirname(opt.path), { recursive: true });
    const db = openDb(opt.path, opts.pageSize ?? 2048);
    try {
      const meta = new Meta(db);
      const log = opts.log ?? silentLog;
      const stored = meta.get('windowMs');
      if (stored === 0) db.transaction(() => meta.put('windowMs', opt.windowMs))();
      else if (stored !== opt.windowMs) {
        log.info({ stored, asked: opt.windowMs }, 'store keeps the chunk window it was created with');
        opt.windowMs = stored;
      }
      const index = new SeriesIndex(db);
      const statements = new Map<string, Database.Statement>();
      const ctx: Ctx = {
        db,
        sql(text) {
          let st = statements.get(text);
          if (!st) {
            st = db.prepare(text);
            statements.set(text, st);
          }
          return st;
        },
        meta,
        index,
        opt,
        now: opts.now ?? Date.now,
        log,
        t: { hotRows: 0, segSamples: 0, segChunks: 0, finalSamples: 0, finalChunks: 0 },
        tsCache: new Map(),
      };
      for (const [final, n, samples] of db
        .prepare('SELECT tsref IS NOT NULL, count(*), COALESCE(sum(count), 0) FROM chunk GROUP BY 1')
        .raw()
        .all() as [number, number, number][]) {
        if (final) {
          ctx.t.finalChunks = n;
          ctx.t.finalSamples = samples;
        } else {
          ctx.t.segChunks = n;
          ctx.t.segSamples = samples;
        }
      }
      for (const [id, max] of db
        .prepare('SELECT series_id, max(max_ts) FROM chunk GROUP BY series_id')
        .raw()
        .all() as [number, number][]) {
        const s = index.byId(id);
        if (s) s.storedMax = max;
      }
      return new Tsdb(ctx);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /**
   * One transaction; returns counts. New series beyond maxSeries are refused (counted), existing ones
   * keep flowing. A duplicate (series, ts) is ignored (replays are harmless); the first value stays.
   */
  append(points: readonly Point[]): AppendResult {
    this.assertOpen();
    return this.head.append(points);
  }

  /**
   * Background maintenance in a bounded slice (≈ sliceMs): fold, compaction of closed windows with
   * rollups, retention, disk budget, checkpoints. Returns whether more is pending, so the caller can
   * schedule the next call with setImmediate between ticks.
   */
  maintain(): { more: boolean } {
    this.assertOpen();
    const deadline = performance.now() + this.ctx.opt.sliceMs;
    do {
      if (!this.step()) break;
    } while (performance.now() < deadline);
    return { more: this.hasMore() };
  }

  /** Runs maintain() until nothing is pending (tests, shutdown, benchmarks). */
  maintainAll(maxSteps = Number.POSITIVE_INFINITY): void {
    for (let i = 0; i < maxSteps; i++) if (!this.maintain().more) return;
  }

  query(q: QueryParams): QueryResult {
    this.assertOpen();
    return this.querier.run(q);
  }

  /** Raw samples of one series in [from, to] (merging the hot log, segments and chunks), sorted by ts. */
  rawSamples(
    name: string,
    labels: Readonly<Record<string, string>>,
    from: number,
    to: number,
  ): [number, number][] {
    const raw = this.rawSeries(name, labels, from, to);
    const out: [number, number][] = new Array(raw.ts.length);
    for (let i = 0; i < raw.ts.length; i++) out[i] = [raw.ts[i], raw.values[i]];
    return out;
  }

  /** Like rawSamples, as two columns (cheaper for large exports). */
  rawSeries(
    name: string,
    labels: Readonly<Record<string, string>>,
    from: number,
    to: number,
  ): { ts: Float64Array; values: Float64Array } {
    this.assertOpen();
    const canonical = canonicalLabels(labels);
    const s = canonical === null ? undefined : this.ctx.index.get(SeriesIndex.key(name, canonical));
    if (!s) return { ts: new Float64Array(0), values: new Float64Array(0) };
    return this.querier.readRaw(s, from, to);
  }

  /**
   * Deletes every sample, rollup and the index entry of these series (one transaction); unknown ones
   * are skipped. Returns the raw samples deleted.
   */
  deleteSeries(list: readonly { name: string; labels: Readonly<Record<string, string>> }[]): number {
    this.assertOpen();
    const { ctx } = this;
    const targets: SeriesInfo[] = [];
    for (const { name, labels } of list) {
      const canonical = canonicalLabels(labels);
      const s = canonical === null ? undefined : ctx.index.get(SeriesIndex.key(name, canonical));
      if (s && !targets.includes(s)) targets.push(s);
    }
    if (targets.length === 0) return 0;
    const d = { hot: 0, seg: 0, segN: 0, fin: 0, finN: 0 };
    ctx.db.transaction(() => {
      for (const s of targets) {
        d.hot += ctx.sql('DELETE FROM hot WHERE series_id = ?').run(s.id).changes > 0 ? s.hotRows : 0;
        const chunks = ctx.sql('SELECT id, count, tsref FROM chunk WHERE series_id = ?').raw().all(s.id) as [
          number,
          number,
          number | null,
        ][];
        const refs = new Set<number>();
        for (const [id, count, tsref] of chunks) {
          ctx.sql('DELETE FROM chunk WHERE id = ?').run(id);
          if (tsref === null) {
            d.seg += count;
            d.segN++;
          } else {
            d.fin += count;
            d.finN++;
            refs.add(tsref);
          }
        }
        for (const r of refs) {
          ctx
            .sql('DELETE FROM tscol WHERE id = ? AND NOT EXISTS (SELECT 1 FROM chunk WHERE tsref = ?)')
            .run(r, r);
          ctx.tsCache.delete(r);
        }
        ctx.sql('DELETE FROM pending WHERE series_id = ?').run(s.id);
        ctx.sql('DELETE FROM rollup WHERE tier = ? AND series_id = ?').run(1, s.id);
        ctx.sql('DELETE FROM rollup WHERE tier = ? AND series_id = ?').run(2, s.id);
        ctx.index.deleteRow(s);
      }
    })();
    for (const s of targets) ctx.index.forget(s);
    ctx.t.hotRows -= d.hot;
    ctx.t.segSamples -= d.seg;
    ctx.t.segChunks -= d.segN;
    ctx.t.finalSamples -= d.fin;
    ctx.t.finalChunks -= d.finN;
    this.retention.noteFreed();
    return d.hot + d.seg + d.fin;
  }

  /** Series known to the store, optionally filtered by a selector (throws MatcherError). */
  listSeries(match?: string): SeriesListing[] {
    this.assertOpen();
    const list =
      match === undefined ? [...this.ctx.index.all()] : this.ctx.index.select(parseSelector(match));
    return list.map((s) => ({
      name: s.name,
      labels: { ...s.labels },
      type: s.type === TYPE_COUNTER ? 'counter' : s.type === TYPE_GAUGE ? 'gauge' : 'untyped',
    }));
  }

  stats(): TsdbStats {
    this.assertOpen();
    const { t, meta, index } = this.ctx;
    const fileBytes = this.retention.fileBytes();
    const samples = t.hotRows + t.segSamples + t.finalSamples;
    return {
      path: this.ctx.opt.path,
      fileBytes,
      series: index.size,
      samples,
      headSamples: t.hotRows + t.segSamples,
      hotSamples: t.hotRows,
      chunks: t.segChunks + t.finalChunks,
      segments: t.segChunks,
      bytesPerSample: samples > 0 ? fileBytes / samples : 0,
      compactions: meta.get('compactions'),
      retentionRuns: meta.get('retentionRuns'),
      droppedForBudget: meta.get('droppedForBudget'),
      expiredSamples: meta.get('expiredSamples'),
      refusedSeries: this.head.refusedTotal,
      walBytes: this.retention.walBytes(),
      freePages: this.retention.freePages(),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.retention.checkpoint();
    } finally {
      this.ctx.db.close();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  private foldDue(): boolean {
    const { t, opt } = this.ctx;
    if (t.hotRows === 0) return false;
    return t.hotRows >= opt.foldMaxRows || this.ctx.now() - this.head.hotSince >= opt.foldIntervalMs;
  }

  private budgetDue(): boolean {
    return this.ctx.now() >= this.budgetIdleUntil && this.retention.overBudget();
  }

  /** One unit of work; false when there was nothing to do. */
  private step(): boolean {
    if (this.folding || this.foldDue()) {
      this.folding = this.head.foldSlice(FOLD_SAMPLES_PER_STEP) >= FOLD_SAMPLES_PER_STEP;
      this.retention.noteFreed();
      return true;
    }
    if (this.compactor.step()) {
      this.retention.noteFreed();
      return true;
    }
    if (this.budgetDue()) {
      if (this.retention.budgetStep()) return true;
      this.budgetIdleUntil = this.ctx.now() + 60_000;
    }
    if (this.retention.ageDue() && this.retention.ageStep()) {
      this.retention.noteFreed();
      return true;
    }
    if (this.retention.walBytes() > WAL_CHECKPOINT_BYTES && this.retention.checkpoint()) return true;
    if (this.retention.vacuumDue()) {
      this.retention.vacuum();
      return true;
    }
    if (this.retention.checkpointDue()) {
      this.retention.checkpoint();
      return true;
    }
    return false;
  }

  private hasMore(): boolean {
    return (
      this.folding ||
      this.foldDue() ||
      this.compactor.hasWork() ||
      this.budgetDue() ||
      this.retention.ageDue() ||
      this.retention.vacuumDue() ||
      this.retention.checkpointDue()
    );
  }
}
