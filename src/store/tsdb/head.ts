// The head: the append path, the points not folded into chunks yet, and folding them.
//
// Append is one transaction that writes the call's accepted points as ONE row of the hot log (a blob of
// columns, hot-log.ts): SQLite's cost is per row, so an append costs one row whatever its size. Once it
// commits, the same points go to per-series buffers in memory (hot-buffer.ts). Queries, duplicate
// checks and folding read those buffers; the hot log is only read at open, to rebuild them.
//
// Duplicates of (series, ts) are found without an index: a point newer than everything stored for its
// series cannot be one (the common case, decided in memory); for the rare older point the call looks
// in the series' buffer and decodes the chunks of the windows concerned.
//
// Folding takes whole series, oldest buffer first (the queue below is in hot-log order), encodes each
// one's points into one segment chunk per window, and in the same transaction deletes the log rows
// older than the oldest point still in memory. A row can thus outlive some of its points (those of
// series folded before it could go): such a point is in a chunk, and at open the replay skips every
// logged point whose (series, ts) a chunk already holds, which is exactly the folded ones since
// accepted points never repeat a (series, ts). So every sample counts once at every commit, and a
// kill at any moment leaves the head as the last commit saw it.
// Replay also skips points of series no longer in the index and points older than raw retention (they
// would be deleted at once); deleteSeries rewrites the log rows holding the deleted series' points, so
// a series created later under the same id inherits none.
//
// Series lookup: a parser hands one labels object to all the points of a line, and the line protocol
// parser the same frozen one to every line of a tag set, so the label part of the lookup is done once
// per labels object (by identity when frozen) and only the name per point.

import { encodeSamples } from './columns.js';
import { type Ctx, windowOf } from './context.js';
import { HotBuffer } from './hot-buffer.js';
import { decodeLog, encodeLog, LogWriter } from './hot-log.js';
import { canonicalLabels, SeriesIndex, type SeriesInfo, typeCode } from './series-index.js';
import { type Piece, readChunkRows } from './store-read.js';

export interface Point {
  name: string;
  labels: Record<string, string>;
  value: number;
  ts: number;
  type?: 'counter' | 'gauge';
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
  /** Distinct new series refused in this call because the store holds maxSeries already. */
  refusedSeries: number;
  /** Points of refused series. */
  refusedPoints: number;
  /** Points older than raw retention (or than data the disk budget dropped): they would only be deleted. */
  tooOld: number;
  /** Points with an empty name, a non-string label value, a non-number value or a non-finite ts. */
  invalid: number;
}

const REFUSED_MEMORY = 10_000;
const FAST_KEYS_MAX = 200_000;

export class Head {
  private readonly insLog;
  /** Append call number: SeriesInfo.callGen === gen marks callMax as belonging to this call. */
  private gen = 0;
  /**
   * Label values in the caller's key order → the label set they stood for and its series by name: a
   * cache in front of the index. Two levels because a parser hands one labels object to all the
   * points of a line (one per field): the label part is keyed once per line, the name per point.
   */
  private readonly fast = new Map<string, FastSet>();
  private fastEntries = 0;
  /**
   * Frozen labels object → its entry in `fast`: a caller that hands the same frozen object again (the
   * agent every tick, the line protocol parser for every line of a tag set) builds no key at all.
   */
  private byLabels = new WeakMap<object, FastSet>();
  private fastEpoch = 0;
  /** Series keys refused for the budget, remembered so each is counted once. */
  readonly refused = new Set<string>();
  refusedTotal = 0;
  /** Wall-clock ms of each append that wrote a log row, by seq (from rh on), for hotSince. */
  private rowSeq: number[] = [];
  private rowAt: number[] = [];
  private rh = 0;
  /**
   * Series with points in memory, in the order their buffer got its oldest point, i.e. by firstSeq.
   * An entry is stale once its series was folded (or deleted) since: firstSeq no longer matches.
   */
  private queue: SeriesInfo[] = [];
  private queueSeq: number[] = [];
  private qh = 0;
  /** The newest hot-log row written. */
  lastSeq = 0;
  /** Hot-log rows before this seq are deleted. */
  private logFrom = 0;
  /** Scratch of the append in progress: the accepted points, kept between appends. */
  private accS: SeriesInfo[] = [];
  private accId = new Uint32Array(1024);
  private accT = new Float64Array(1024);
  private accV = new Float64Array(1024);
  private nAcc = 0;
  private readonly logWriter = new LogWriter();
  /** Scratch of appendTx: each point's series (null: refused) and rounded ts. */
  private ser: (SeriesInfo | null)[] = [];
  private tss = new Float64Array(1024);

  constructor(private readonly ctx: Ctx) {
    // The seq is given, not left to SQLite: a rowid table hands out 1 again once it is empty, and the
    // queue, hotSince and the deletes below need seqs that only grow while the process runs.
    this.insLog = ctx.db.prepare('INSERT INTO hotlog (seq, data) VALUES (?, ?)');
    this.replayLog();
  }

  /**
   * Rebuilds the buffers from the hot log at open: every logged point not already in a chunk (see the
   * top of this file), in log order. Rows holding nothing left go at once.
   */
  private replayLog(): void {
    const { ctx } = this;
    const floor = this.floor(ctx.now());
    /** Timestamps in chunks, per series and window, decoded on demand. */
    const inChunks = new Map<SeriesInfo, Map<number, Set<number>>>();
    let total = 0;
    let rows = 0;
    for (const [seq, data] of ctx
      .sql('SELECT seq, data FROM hotlog ORDER BY seq')
      .raw()
      .iterate() as Iterable<[number, Uint8Array]>) {
      rows++;
      this.lastSeq = seq;
      const { ids, ts, values } = decodeLog(data);
      for (let i = 0; i < ids.length; i++) {
        const s = ctx.index.byId(ids[i]);
        const t = ts[i];
        if (!s || t < floor) continue;
        if (t <= s.storedMax && this.chunkTimes(s, t, inChunks).has(t)) continue;
        this.push(s, t, values[i], seq);
        total++;
      }
    }
    ctx.t.hotRows = total;
    if (rows > 0) {
      const keepFrom = this.oldestSeq();
      ctx.db.transaction(() => ctx.sql('DELETE FROM hotlog WHERE seq < ?').run(keepFrom))();
      this.logFrom = keepFrom;
    }
  }

  private chunkTimes(
    s: SeriesInfo,
    t: number,
    cache: Map<SeriesInfo, Map<number, Set<number>>>,
  ): Set<number> {
    const win = windowOf(t, this.ctx.opt.windowMs);
    let wins = cache.get(s);
    if (!wins) {
      wins = new Map();
      cache.set(s, wins);
    }
    let set = wins.get(win);
    if (!set) {
      set = new Set();
      for (const c of readChunkRows(this.ctx, s.id, win, win))
        for (let i = 0; i < c.ts.length; i++) set.add(c.ts[i]);
      wins.set(win, set);
    }
    return set;
  }

  /** Points older than this are refused: raw retention, or data the disk budget dropped. */
  private floor(now: number): number {
    const { opt, meta } = this.ctx;
    return Math.max(opt.rawMs > 0 ? now - opt.rawMs : Number.NEGATIVE_INFINITY, meta.get('rawFloor'));
  }

  /** Seq of the oldest hot-log row still holding a point in memory (lastSeq + 1 when none). */
  private oldestSeq(): number {
    const { queue, queueSeq } = this;
    while (this.qh < queue.length && !live(queue[this.qh], queueSeq[this.qh])) this.qh++;
    if (this.qh > 1024 && this.qh * 2 > queue.length) {
      this.queue = queue.slice(this.qh);
      this.queueSeq = queueSeq.slice(this.qh);
      this.qh = 0;
    }
    return this.qh < this.queue.length ? this.queueSeq[this.qh] : this.lastSeq + 1;
  }

  /**
   * Wall-clock ms when the oldest point in memory was appended: the fold interval counts from there.
   * −Infinity for points replayed at open (folded at the first chance, as their age is unknown).
   */
  hotSince(): number {
    const oldest = this.oldestSeq();
    const { rowSeq } = this;
    while (this.rh < rowSeq.length && rowSeq[this.rh] < oldest) this.rh++;
    if (this.rh > 1024 && this.rh * 2 > rowSeq.length) {
      this.rowSeq = rowSeq.slice(this.rh);
      this.rowAt = this.rowAt.slice(this.rh);
      this.rh = 0;
    }
    return this.rh < this.rowSeq.length && this.rowSeq[this.rh] === oldest
      ? this.rowAt[this.rh]
      : Number.NEGATIVE_INFINITY;
  }

  /** Adds one committed point to its series' buffer. */
  private push(s: SeriesInfo, t: number, v: number, seq: number): void {
    let b = s.buf;
    if (b === null) {
      b = new HotBuffer();
      s.buf = b;
    }
    if (b.n === 0) {
      b.firstSeq = seq;
      this.queue.push(s);
      this.queueSeq.push(seq);
      s.hotMin = t;
      s.hotMax = t;
    } else {
      if (t < s.hotMin) s.hotMin = t;
      if (t > s.hotMax) s.hotMax = t;
    }
    b.push(t, v);
    s.hotRows = b.n;
  }

  append(points: readonly Point[]): AppendResult {
    const res: AppendResult = {
      accepted: 0,
      duplicates: 0,
      refusedSeries: 0,
      refusedPoints: 0,
      tooOld: 0,
      invalid: 0,
    };
    if (points.length === 0) return res;
    const { ctx } = this;
    const now = ctx.now();
    const floor = this.floor(now);
    this.nAcc = 0;
    let seq = 0;
    ctx.db.transaction(() => {
      seq = this.appendTx(points, res, floor);
    })();
    // Committed: now the same points join the buffers (a failed append left them untouched).
    const n = this.nAcc;
    if (n > 0) {
      const { accS, accT, accV } = this;
      for (let k = 0; k < n; k++) this.push(accS[k], accT[k], accV[k], seq);
      this.lastSeq = seq;
      this.rowSeq.push(seq);
      this.rowAt.push(now);
      ctx.t.hotRows += n;
    }
    return res;
  }

  /** Returns the seq of the hot-log row written (0 when nothing was accepted). */
  private appendTx(points: readonly Point[], res: AppendResult, floor: number): number {
    const { index, opt } = this.ctx;
    if (this.fastEpoch !== index.epoch || this.fastEntries >= FAST_KEYS_MAX) {
      this.fast.clear();
      this.fastEntries = 0;
      this.byLabels = new WeakMap();
      this.fastEpoch = index.epoch;
    }
    const n = points.length;
    if (this.tss.length < n) this.tss = new Float64Array(Math.max(n, 2 * this.tss.length));
    const { ser, tss } = this;
    /** Series with points not newer than what is stored, and the oldest such point. */
    let slow: Map<SeriesInfo, number> | null = null;
    const callRefused = new Set<string>();
    const gen = ++this.gen;
    /** The previous point's labels object, and what was found for it: a line's points share one. */
    let lastLabels: object | null = null;
    let frozen = false;
    /** The label values of lastLabels, and its set in `fast` (null: none yet, or another label set's). */
    let labelKey = '';
    let set: FastSet | null = null;

    for (let i = 0; i < n; i++) {
      const p = points[i];
      ser[i] = null;
      if (
        p === null ||
        typeof p !== 'object' ||
        typeof p.name !== 'string' ||
        p.name === '' ||
        typeof p.value !== 'number' ||
        typeof p.ts !== 'number' ||
        !Number.isFinite(p.ts) ||
        Math.abs(p.ts) > 8.64e15 ||
        p.labels === null ||
        typeof p.labels !== 'object'
      ) {
        res.invalid++;
        continue;
      }
      const t = Math.round(p.ts);
      if (t < floor) {
        res.tooOld++;
        continue;
      }
      const pl = p.labels;
      if (pl !== lastLabels) {
        lastLabels = pl;
        // A frozen labels object cannot change, so the entry found for it once is its entry for good.
        frozen = Object.isFrozen(pl);
        set = frozen ? (this.byLabels.get(pl) ?? null) : null;
        labelKey = '';
        if (set === null) {
          // Label values in the caller's key order: a collector or parser builds a series' labels the
          // same way every time, so this finds them without sorting or escaping. The key is ambiguous
          // on purpose (cheap), so a hit is confirmed label by label; a miss takes the canonical path.
          for (const k in pl) labelKey += `\u0001${pl[k]}`;
          set = this.fast.get(labelKey) ?? null;
          if (set !== null && !sameLabels(set.labels, pl)) set = null;
          if (set !== null && frozen) this.byLabels.set(pl, set);
        }
      }
      let s: SeriesInfo | undefined = set !== null ? set.byName.get(p.name) : undefined;
      if (s === undefined) {
        const canonical = canonicalLabels(p.labels);
        if (canonical === null) {
          res.invalid++;
          continue;
        }
        const key = SeriesIndex.key(p.name, canonical);
        s = index.get(key);
        if (!s) {
          if (callRefused.has(key)) {
            res.refusedPoints++;
            continue;
          }
          if (opt.maxSeries > 0 && index.size >= opt.maxSeries) {
            callRefused.add(key);
            res.refusedSeries++;
            res.refusedPoints++;
            if (!this.refused.has(key)) {
              this.refusedTotal++;
              if (this.refused.size < REFUSED_MEMORY) this.refused.add(key);
            }
            continue;
          }
          s = index.create(p.name, canonical, typeCode(p.type));
        }
        if (set === null && !this.fast.has(labelKey)) {
          set = { labels: s.labels, byName: new Map() };
          this.fast.set(labelKey, set);
          if (frozen) this.byLabels.set(pl, set);
        }
        if (set !== null) {
          set.byName.set(p.name, s);
          this.fastEntries++;
        }
      }
      if (p.type !== undefined && s.type === 0) index.learnType(s, typeCode(p.type));
      let hi = s.storedMax;
      if (s.hotRows > 0 && s.hotMax > hi) hi = s.hotMax;
      if (s.callGen === gen && s.callMax > hi) hi = s.callMax;
      if (t > hi) {
        s.callGen = gen;
        s.callMax = t;
      } else {
        slow ??= new Map();
        const m = slow.get(s);
        if (m === undefined || t < m) slow.set(s, t);
      }
      ser[i] = s;
      tss[i] = t;
    }

    const known = slow ? this.knownTimestamps(slow) : null;
    const loaded = new Map<SeriesInfo, Set<number>>();
    this.reserve(n);
    const { accS, accId, accT, accV } = this;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const s = ser[i];
      if (s === null) continue;
      const t = tss[i];
      if (known) {
        const set = known.get(s);
        if (set) {
          if (t <= s.storedMax) this.loadWindow(s, windowOf(t, opt.windowMs), set, loaded);
          if (set.has(t)) {
            res.duplicates++;
            continue;
          }
          set.add(t);
        }
      }
      accS[k] = s;
      accId[k] = s.id;
      accT[k] = t;
      accV[k] = points[i].value;
      k++;
    }
    res.accepted = k;
    if (k === 0) return 0;
    this.nAcc = k;
    const seq = this.lastSeq + 1;
    this.insLog.run(seq, this.logWriter.encode(accId, accT, accV, k));
    return seq;
  }

  private reserve(n: number): void {
    if (this.accT.length >= n) return;
    const cap = Math.max(n, this.accT.length * 2);
    this.accId = new Uint32Array(cap);
    this.accT = new Float64Array(cap);
    this.accV = new Float64Array(cap);
  }

  /**
   * Timestamps already in the head for these series, from their oldest point in this call up (the
   * windows in chunks load lazily).
   */
  private knownTimestamps(slow: Map<SeriesInfo, number>): Map<SeriesInfo, Set<number>> {
    const known = new Map<SeriesInfo, Set<number>>();
    for (const [s, oldest] of slow) {
      const set = new Set<number>();
      known.set(s, set);
      const b = s.buf;
      if (b === null || b.n === 0 || s.hotMax < oldest) continue;
      for (let i = 0; i < b.n; i++) if (b.ts[i] >= oldest) set.add(b.ts[i]);
    }
    return known;
  }

  private loadWindow(
    s: SeriesInfo,
    win: number,
    set: Set<number>,
    loaded: Map<SeriesInfo, Set<number>>,
  ): void {
    let wins = loaded.get(s);
    if (!wins) {
      wins = new Set();
      loaded.set(s, wins);
    }
    if (wins.has(win)) return;
    wins.add(win);
    for (const c of readChunkRows(this.ctx, s.id, win, win)) {
      for (let i = 0; i < c.ts.length; i++) set.add(c.ts[i]);
    }
  }

  /**
   * Folds whole series, oldest buffer first, until about `maxSamples` points, taking only buffers whose
   * oldest point is in a log row up to `cutoffSeq`; deletes the log rows no buffer needs any more.
   * Returns the points folded.
   */
  foldSlice(maxSamples: number, cutoffSeq = Number.POSITIVE_INFINITY): number {
    const { ctx, queue, queueSeq } = this;
    const picked: SeriesInfo[] = [];
    let taken = 0;
    let i = this.qh;
    for (; i < queue.length && taken < maxSamples; i++) {
      const s = queue[i];
      if (!live(s, queueSeq[i])) continue;
      if (queueSeq[i] > cutoffSeq) break;
      picked.push(s);
      taken += s.hotRows;
    }
    // The log rows before the oldest buffer not folded here can go.
    let j = i;
    while (j < queue.length && !live(queue[j], queueSeq[j])) j++;
    const keepFrom = j < queue.length ? queueSeq[j] : this.lastSeq + 1;
    if (picked.length === 0 && keepFrom <= this.logFrom) return 0;
    const W = ctx.opt.windowMs;
    const insChunk = ctx.sql(
      'INSERT INTO chunk (series_id, win, count, min_ts, max_ts, scale, tsref, data) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    const insPending = ctx.sql('INSERT OR IGNORE INTO pending (series_id, win) VALUES (?, ?)');
    const newest: number[] = [];
    let samples = 0;
    let chunks = 0;
    try {
      ctx.db.transaction(() => {
        for (const s of picked) {
          const { ts, values } = (s.buf as HotBuffer).sortedUnique();
          let a = 0;
          while (a < ts.length) {
            const win = windowOf(ts[a], W);
            let b = a + 1;
            while (b < ts.length && ts[b] < win + W) b++;
            const part = encodeSamples(ts.subarray(a, b), values.subarray(a, b));
            insChunk.run(s.id, win, b - a, ts[a], ts[b - 1], part.scale, part.data);
            if (s.pendingWin !== win || s.pendingEpoch !== ctx.pendingEpoch) {
              insPending.run(s.id, win);
              s.pendingWin = win;
              s.pendingEpoch = ctx.pendingEpoch;
            }
            samples += b - a;
            chunks++;
            a = b;
          }
          newest.push(ts.length > 0 ? ts[ts.length - 1] : Number.NEGATIVE_INFINITY);
        }
        ctx.sql('DELETE FROM hotlog WHERE seq < ?').run(keepFrom);
      })();
    } catch (e) {
      // The pending rows it inserted rolled back: none may be taken as there.
      ctx.pendingEpoch++;
      throw e;
    }
    // Committed: the folded points leave memory.
    for (let k = 0; k < picked.length; k++) {
      const s = picked[k];
      (s.buf as HotBuffer).clear();
      s.hotRows = 0;
      s.hotMin = Number.NaN;
      s.hotMax = Number.NaN;
      if (newest[k] > s.storedMax) s.storedMax = newest[k];
    }
    this.qh = j;
    this.logFrom = keepFrom;
    this.oldestSeq();
    ctx.t.hotRows -= taken;
    ctx.t.segSamples += samples;
    ctx.t.segChunks += chunks;
    return taken;
  }

  /** Head points of one series in [from, to], in arrival order (sorted unless late points came). */
  readHot(s: SeriesInfo, from: number, to: number): Piece {
    const b = s.buf;
    if (b === null || b.n === 0 || s.hotMax < from || s.hotMin > to) return { ts: [], values: [] };
    if (b.sorted) {
      const a = lowerBound(b.ts, b.n, from);
      let c = lowerBound(b.ts, b.n, to);
      if (c < b.n && b.ts[c] === to) c++;
      return { ts: b.ts.slice(a, c), values: b.values.slice(a, c) };
    }
    const ts: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < b.n; i++) {
      const t = b.ts[i];
      if (t < from || t > to) continue;
      ts.push(t);
      values.push(b.values[i]);
    }
    return { ts, values };
  }

  /** Inside deleteSeries' transaction: these series' points leave the hot log rows. */
  dropFromLog(ids: ReadonlySet<number>): void {
    const { ctx } = this;
    const rows = ctx.sql('SELECT seq, data FROM hotlog').raw().all() as [number, Uint8Array][];
    for (const [seq, data] of rows) {
      const d = decodeLog(data);
      let keep = 0;
      for (let i = 0; i < d.ids.length; i++) if (!ids.has(d.ids[i])) keep++;
      if (keep === d.ids.length) continue;
      if (keep === 0) {
        ctx.sql('DELETE FROM hotlog WHERE seq = ?').run(seq);
        continue;
      }
      const id = new Uint32Array(keep);
      const ts = new Float64Array(keep);
      const values = new Float64Array(keep);
      let k = 0;
      for (let i = 0; i < d.ids.length; i++) {
        if (ids.has(d.ids[i])) continue;
        id[k] = d.ids[i];
        ts[k] = d.ts[i];
        values[k++] = d.values[i];
      }
      ctx.sql('UPDATE hotlog SET data = ? WHERE seq = ?').run(encodeLog(id, ts, values, keep), seq);
    }
  }

  /** After deleteSeries committed: empties the series' buffers; returns the points they held. */
  dropBuffers(list: readonly SeriesInfo[]): number {
    let n = 0;
    for (const s of list) {
      n += s.hotRows;
      s.buf?.clear();
      s.hotRows = 0;
      s.hotMin = Number.NaN;
      s.hotMax = Number.NaN;
    }
    this.ctx.t.hotRows -= n;
    return n;
  }
}

interface FastSet {
  /** The label set this entry stands for (a series' canonical labels). */
  labels: Readonly<Record<string, string>>;
  byName: Map<string, SeriesInfo>;
}

/** Whether a queue entry still stands for its series' oldest point in memory. */
function live(s: SeriesInfo, seq: number): boolean {
  const b = s.buf;
  return b !== null && b.n > 0 && b.firstSeq === seq;
}

function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in a) n--;
  return n === 0;
}
