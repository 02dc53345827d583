// hostpulse's embedded time-series store: one SQLite file (better-sqlite3, WAL).
//
// Write path. append() resolves each point's series in memory (name + sorted labels → id; new series
// beyond max_series are refused and counted) and writes all accepted points in ONE transaction as ONE
// row of the `hotlog` table, an append log keyed by rowid (a blob of columns: SQLite's cost is per row,
// so a tick and a 40,000-point batch both cost one row at the end of one b-tree). After the commit the
// points also sit in per-series buffers in memory (the head, head.ts): queries, duplicate checks and
// folding read those, so the log is written once and read back only at open, to rebuild the head. A
// duplicate (series, ts) is ignored and counted, the first value staying: a point newer than
// everything stored for its series is new (decided in memory); an older one is checked against the
// head and the decoded chunks of its window, so replays are harmless. Points older than raw
// retention are refused (counted as tooOld).
//
// Durability. journal_mode=WAL, synchronous=NORMAL: when append() returns, its commit is in the WAL
// file, i.e. in the OS page cache, which a killed process (SIGKILL, OOM, crash) does not lose. So every
// acknowledged sample survives the death of the process; only an OS crash or power cut can lose the
// last commits (never corrupting the file). test/store/tsdb/crash.test.ts kills a writer with SIGKILL
// mid-append and mid-compaction and checks every acknowledged sample is there exactly once.
//
// Background work, in maintain(), each step one short transaction (a slice of ≈ sliceMs, 8 ms):
//  1. Fold: every foldIntervalMs (60 s), or once foldMaxRows points wait, the head is drained, whole
//     series at a time, oldest first: each series' points become one segment chunk per window (Gorilla
//     codec, values decimal-scaled: see columns.ts), the window is marked pending, and the log rows no
//     unfolded point needs any more are deleted in the same transaction (head.ts says why a row may
//     outlive a folded point, and why that never counts a sample twice). The larger foldMaxRows, the
//     more points per segment (fewer rows to insert and later merge), for memory and log bytes.
//  2. Compaction: a pending window is closed when now > its end + graceMs. Its segments (and an older
//     compacted chunk when late points arrived) merge into one chunk, encoded against synthetic
//     timestamps; the real timestamps go to a timestamp column shared by every series of that window
//     with the same timestamps (a tick stamps all its series alike), so they cost once per tick, not
//     once per series. Compacted value and timestamp columns use the integer codec (intcodec.ts:
//     differences of the decimal-scaled integers in Rice codes) where it is smaller than Gorilla XOR;
//     segments stay Gorilla. The window's 1-minute and 1-hour rollup steps (min, max, sum, count, last, and
//     for counters the reset-aware increase) are computed from the merged samples and replace that
//     window's steps in the series' rollup row (one row per UTC day for 1m, per 30 days for 1h, each
//     column codec-encoded). One transaction: a kill leaves the window as it was or fully compacted.
//     Windows are 2 h by default (windowMs must divide a day and be a whole number of hours, so
//     rollup steps nest in windows).
//  3. Retention by age per tier (raw 14 d, 1m 90 d, 1h 2 y by default; whole windows/rows go), then
//     series that have nothing left are forgotten.
//  4. Disk budget: while file + WAL > max_disk_mb (the sizes are looked at every 10 s, or sooner after
//     many appended points): free pages are returned (incremental vacuum, auto_vacuum=INCREMENTAL from
//     creation), then the oldest raw window goes, then the oldest 1m rows, then the oldest 1h rows,
//     counted in droppedForBudget; WAL checkpoints truncate the WAL.
//  5. WAL checkpoints at 4 MB, between units of work (SQLite's automatic one, which would run inside
//     an append's commit, only as a safety net), and returning free pages once 2% of the file is free
//     (looked at after compaction and retention), so bytes/sample reflects the data.
//
// Size. Realistic host data (100 series at 1 Hz, test/store/tsdb/realistic.ts) takes ~0.58 bytes a
// sample on disk after compaction over a day (chunks 0.44, timestamp columns 0.004, rollups 0.06, the
// rest SQLite pages; 0.93 before the integer codec); bench/store's host data 0.60. Page size is 2 KiB:
// a chunk's last page is less slack than with 4 KiB.
//
// Idle cost: maintain() runs every tick; with nothing due it runs no SQL (the compactor is asked again
// only after a fold or when the oldest pending window closes) and stats the WAL at most once a second
// and the file every 10 s.
//
// Read path. Queries select series with a PromQL selector, pick the tier from the step (raw < 1 min ≤
// 1m < 1 h ≤ 1h), merge the head, segments and compacted chunks, and compute rollup steps on the fly
// for windows not compacted yet, so recent data shows in every tier. rate=true gives per-second rates
// with counter resets read as restarts from zero (never negative).
//
// Values are float64; NaN (a staleness marker) is kept as NaN (its payload bits only while in the head).

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
  /** …or as soon as this many points wait (default 2,000,000: ~32 MB of head buffers, ~40 MB of log). */
  foldMaxRows?: number;
  /** Time one maintain() call may spend (default 8 ms; one unit of work always runs). */
  sliceMs?: number;
  /** Age retention runs at most this often (default 60 s). */
  retentionIntervalMs?: number;
  /** Ignored: every append is one hot-log row now (kept so older callers still compile). */
  packMinPoints?: number;
  /** Points one fold step takes, whole series at a time (default 8,000; tests use small ones). */
  foldStepPoints?: number;
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

/** The file size (disk budget) is looked at this often, or after BUDGET_CHECK_POINTS appended points. */
const BUDGET_CHECK_MS = 10_000;
const BUDGET_CHECK_POINTS = 200_000;
/** The WAL size is looked at this often, or after WAL_CHECK_POINTS appended points. */
const WAL_CHECK_MS = 1_000;
const WAL_CHECK_POINTS = 50_000;
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
    foldMaxRows: Math.max(1, o.foldMaxRows ?? 2_000_000),
    rawMs: nonNeg(o.retention.rawSec, 'retention.rawSec') * 1000,
    minuteMs: nonNeg(o.retention.minuteSec, 'retention.minuteSec') * 1000,
    hourMs: nonNeg(o.retention.hourSec, 'retention.hourSec') * 1000,
    maxDiskBytes: nonNeg(o.maxDiskMb, 'maxDiskMb') * 1024 * 1024,
    maxSeries: nonNeg(o.maxSeries, 'maxSeries'),
    sliceMs: nonNeg(o.sliceMs ?? 8, 'sliceMs'),
    foldStepPoints: Math.max(1, o.foldStepPoints ?? 8_000),
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
  /** The drain in progress folds buffers whose oldest point is in a log row up to this seq. */
  private foldCutoff = 0;
  private budgetIdleUntil = Number.NEGATIVE_INFINITY;
  /** Under budget pressure the file size is looked at every step; otherwise at the next check. */
  private overBudget = false;
  private budgetCheckAt = Number.NEGATIVE_INFINITY;
  private walCheckAt = Number.NEGATIVE_INFINITY;
  /** Points appended since the file / WAL sizes were last looked at. */
  private pointsSinceBudget = 0;
  private pointsSinceWal = 0;
  /** No pending window can be closed before this time (unless a fold adds one). */
  private compactIdleUntil = Number.NEGATIVE_INFINITY;
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
        pendingEpoch: 0,
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
    const res = this.head.append(points);
    this.pointsSinceBudget += res.accepted;
    this.pointsSinceWal += res.accepted;
    return res;
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
      if (targets.some((s) => s.hotRows > 0)) this.head.dropFromLog(new Set(targets.map((s) => s.id)));
      for (const s of targets) {
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
    d.hot = this.head.dropBuffers(targets);
    for (const s of targets) ctx.index.forget(s);
    ctx.pendingEpoch++;
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
    return t.hotRows >= opt.foldMaxRows || this.ctx.now() - this.head.hotSince() >= opt.foldIntervalMs;
  }

  /**
   * Stats the file only under budget pressure, every BUDGET_CHECK_MS, or once BUDGET_CHECK_POINTS were
   * appended: the agent calls maintain() every tick and the budget moves slowly.
   */
  private budgetDue(): boolean {
    const { opt } = this.ctx;
    if (opt.maxDiskBytes <= 0) return false;
    const now = this.ctx.now();
    if (now < this.budgetIdleUntil) return false;
    if (this.overBudget || now >= this.budgetCheckAt || this.pointsSinceBudget >= BUDGET_CHECK_POINTS) {
      this.overBudget = this.retention.overBudget();
      this.budgetCheckAt = now + BUDGET_CHECK_MS;
      this.pointsSinceBudget = 0;
    }
    return this.overBudget;
  }

  private walDue(): boolean {
    const now = this.ctx.now();
    if (now < this.walCheckAt && this.pointsSinceWal < WAL_CHECK_POINTS) return false;
    this.walCheckAt = now + WAL_CHECK_MS;
    this.pointsSinceWal = 0;
    return this.retention.walBytes() > WAL_CHECKPOINT_BYTES;
  }

  private compactDue(): boolean {
    return this.ctx.now() >= this.compactIdleUntil && this.compactor.hasWork();
  }

  /** One unit of work; false when there was nothing to do. */
  private step(): boolean {
    // Checkpoints run between units of work, before SQLite's automatic one would run inside a commit
    // (an append's, which would make that request wait for it).
    if (this.walDue() && this.retention.checkpoint()) return true;
    if (!this.folding && this.foldDue()) {
      this.folding = true;
      this.foldCutoff = this.head.lastSeq;
    }
    if (this.folding) {
      const step = this.ctx.opt.foldStepPoints;
      this.folding = this.head.foldSlice(step, this.foldCutoff) >= step;
      this.compactIdleUntil = Number.NEGATIVE_INFINITY;
      this.pointsSinceWal += step;
      // No noteFreed(): the log pages a fold frees are what the next appends fill; the age pass
      // (every retentionIntervalMs) looks at the free list anyway.
      return true;
    }
    if (this.ctx.now() >= this.compactIdleUntil) {
      if (this.compactor.step()) {
        this.ctx.pendingEpoch++;
        this.retention.noteFreed();
        return true;
      }
      const oldest = this.ctx.sql('SELECT min(win) FROM pending').pluck().get() as number | null;
      const { windowMs, graceMs } = this.ctx.opt;
      this.compactIdleUntil = oldest === null ? Number.POSITIVE_INFINITY : oldest + windowMs + graceMs;
    }
    if (this.budgetDue()) {
      this.ctx.pendingEpoch++;
      if (this.retention.budgetStep()) return true;
      this.overBudget = false;
      this.budgetIdleUntil = this.ctx.now() + 60_000;
    }
    if (this.retention.ageDue() && this.retention.ageStep()) {
      this.ctx.pendingEpoch++;
      this.retention.noteFreed();
      return true;
    }
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
      this.compactDue() ||
      this.budgetDue() ||
      this.retention.ageDue() ||
      this.retention.vacuumDue() ||
      this.retention.checkpointDue()
    );
  }
}
