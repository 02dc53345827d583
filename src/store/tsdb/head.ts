// The head: the append path into the hot log, and folding the hot log into segment chunks.
//
// Append is one transaction of multi-row INSERTs into a rowid table (each tick extends one b-tree at
// its end); a large append packs each series' points into one row, since SQLite's cost is per row. Duplicates of (series, ts) are found without an index on the hot log: a point newer than
// everything stored for its series cannot be one (the common case, decided in memory); for the rare
// older point the call reads the hot log once and decodes the chunks of the windows concerned.
//
// Folding moves the oldest hot rows into one segment chunk per (series, window) and deletes them in
// the same transaction, so every sample is in exactly one place at every commit.

import { encodeSamples } from './columns.js';
import { type Ctx, windowOf } from './context.js';
import { canonicalLabels, SeriesIndex, type SeriesInfo, typeCode } from './series-index.js';
import { readChunkRows } from './store-read.js';

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

const BIG = 256;
const MID = 16;
const REFUSED_MEMORY = 10_000;
/** Large appends (opt.packMinPoints) pack each series' points into rows of PACK_MIN..PACK_MAX. */
const PACK_MIN = 16;
const PACK_MAX = 4096;
const FAST_KEYS_MAX = 200_000;

export class Head {
  private readonly insBig;
  private readonly insMid;
  private readonly insOne;
  private readonly insPack;
  /** Append call number: SeriesInfo.callGen === gen marks callMax as belonging to this call. */
  private gen = 0;
  /** name + JSON of labels in the caller's key order → series (a cache in front of the index). */
  readonly fast = new Map<string, SeriesInfo>();
  /** Frozen labels object → series: a caller that hands the same frozen object every tick builds no key. */
  private byLabels = new WeakMap<object, SeriesInfo>();
  private fastEpoch = 0;
  /** Series keys refused for the budget, remembered so each is counted once. */
  readonly refused = new Set<string>();
  refusedTotal = 0;
  /** Wall-clock ms when the hot log last went from empty to non-empty. */
  hotSince = Number.NEGATIVE_INFINITY;
  /** Kept between appends: its argument buffers are the same every tick. */
  private readonly rows: RowWriter;

  constructor(private readonly ctx: Ctx) {
    this.rows = new RowWriter(this);
    const ins = (n: number) =>
      ctx.db.prepare(`INSERT INTO hot (series_id, ts, value) VALUES ${Array(n).fill('(?,?,?)').join(',')}`);
    this.insBig = ins(BIG);
    this.insMid = ins(MID);
    this.insOne = ins(1);
    this.insPack = ctx.db.prepare(
      'INSERT INTO hot (series_id, ts, value, ts_end, pack) VALUES (?, ?, NULL, ?, ?)',
    );
    this.loadHotState();
  }

  /** Rebuilds the per-series hot-log bookkeeping from the table (at open, and after a failed append). */
  loadHotState(): void {
    for (const s of this.ctx.index.all()) {
      s.hotRows = 0;
      s.hotMin = Number.NaN;
      s.hotMax = Number.NaN;
    }
    let total = 0;
    const rows = this.ctx
      .sql(
        `SELECT series_id, sum(CASE WHEN pack IS NULL THEN 1 ELSE length(pack) / 16 END), min(ts),
         max(COALESCE(ts_end, ts)) FROM hot GROUP BY series_id`,
      )
      .raw()
      .all() as [number, number, number, number][];
    for (const [id, n, mn, mx] of rows) {
      const s = this.ctx.index.byId(id);
      if (!s) continue;
      s.hotRows = n;
      s.hotMin = mn;
      s.hotMax = mx;
      total += n;
    }
    this.ctx.t.hotRows = total;
    if (total > 0) this.hotSince = Number.NEGATIVE_INFINITY;
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
    const floor = Math.max(
      ctx.opt.rawMs > 0 ? now - ctx.opt.rawMs : Number.NEGATIVE_INFINITY,
      ctx.meta.get('rawFloor'),
    );
    const hotBefore = ctx.t.hotRows;
    try {
      ctx.db.transaction(() => this.appendTx(points, res, floor))();
    } catch (e) {
      this.loadHotState();
      throw e;
    }
    if (hotBefore === 0 && ctx.t.hotRows > 0) this.hotSince = now;
    return res;
  }

  private appendTx(points: readonly Point[], res: AppendResult, floor: number): void {
    const { index, opt } = this.ctx;
    if (this.fastEpoch !== index.epoch) {
      this.fast.clear();
      this.byLabels = new WeakMap();
      this.fastEpoch = index.epoch;
    }
    const n = points.length;
    const ser: (SeriesInfo | null)[] = new Array(n);
    const tss = new Float64Array(n);
    /** Series with points not newer than what is stored, and the oldest such point. */
    let slow: Map<SeriesInfo, number> | null = null;
    const callRefused = new Set<string>();
    const gen = ++this.gen;

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
      // Name and label values in the caller's key order: a collector builds a series' labels the same
      // way every tick, so this finds it without sorting or escaping. The key is ambiguous on purpose
      // (cheap), so a hit is confirmed label by label; a miss takes the canonical path.
      const pl = p.labels;
      // A frozen labels object cannot change, so the series found for it once is its series for good.
      const frozen = Object.isFrozen(pl);
      let s = frozen ? this.byLabels.get(pl) : undefined;
      if (s !== undefined && s.name !== p.name) s = undefined;
      let fastKey = '';
      if (s === undefined) {
        fastKey = p.name;
        for (const k in pl) fastKey += `\u0001${pl[k]}`;
        s = this.fast.get(fastKey);
        if (s !== undefined && !sameLabels(s.labels, pl)) s = undefined;
        if (s !== undefined && frozen) this.byLabels.set(pl, s);
      }
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
        if (this.fast.size >= FAST_KEYS_MAX) this.fast.clear();
        this.fast.set(fastKey, s);
        if (frozen) this.byLabels.set(pl, s);
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
    const groups = n >= opt.packMinPoints ? new Map<SeriesInfo, { ts: number[]; values: number[] }>() : null;
    const rows = this.rows;
    rows.reset(); // a failed append may have left rows behind
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
      const v = points[i].value;
      if (groups) {
        let g = groups.get(s);
        if (!g) {
          g = { ts: [], values: [] };
          groups.set(s, g);
        }
        g.ts.push(t);
        g.values.push(v);
      } else rows.add(s.id, t, v);
      res.accepted++;
      if (s.hotRows === 0) {
        s.hotMin = t;
        s.hotMax = t;
      } else {
        if (t < s.hotMin) s.hotMin = t;
        if (t > s.hotMax) s.hotMax = t;
      }
      s.hotRows++;
    }
    if (groups) {
      for (const [s, g] of groups) {
        if (g.ts.length < PACK_MIN) {
          for (let i = 0; i < g.ts.length; i++) rows.add(s.id, g.ts[i], g.values[i]);
          continue;
        }
        for (let a = 0; a < g.ts.length; a += PACK_MAX) {
          const b = Math.min(g.ts.length, a + PACK_MAX);
          const f = new Float64Array(2 * (b - a));
          let mn = Number.POSITIVE_INFINITY;
          let mx = Number.NEGATIVE_INFINITY;
          for (let i = a; i < b; i++) {
            const t = g.ts[i];
            f[i - a] = t;
            f[b - a + i - a] = g.values[i];
            if (t < mn) mn = t;
            if (t > mx) mx = t;
          }
          this.insPack.run(s.id, mn, mx, new Uint8Array(f.buffer));
        }
      }
    }
    rows.flush();
    this.ctx.t.hotRows += res.accepted;
  }

  /** Multi-row INSERT statements of single points (prepared once, see the constructor). */
  insertRows(args: (number | null)[], count: number): void {
    if (count === BIG) this.insBig.run(args);
    else if (count === MID) this.insMid.run(args);
    else this.insOne.run(args);
  }

  /**
   * Timestamps already in the hot log for these series, from their oldest point in this call up (the
   * windows in chunks load lazily). One scan of the hot log, which folding keeps small.
   */
  private knownTimestamps(slow: Map<SeriesInfo, number>): Map<SeriesInfo, Set<number>> {
    const known = new Map<SeriesInfo, Set<number>>();
    const byId = new Map<number, { set: Set<number>; from: number; to: number }>();
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const [s, oldest] of slow) {
      const set = new Set<number>();
      known.set(s, set);
      if (s.hotRows === 0 || s.hotMax < oldest) continue;
      byId.set(s.id, { set, from: oldest, to: s.hotMax });
      if (oldest < lo) lo = oldest;
      if (s.hotMax > hi) hi = s.hotMax;
    }
    if (byId.size > 0) {
      forEachHot(
        this.ctx
          .sql('SELECT series_id, ts, value, pack FROM hot WHERE ts <= ? AND COALESCE(ts_end, ts) >= ?')
          .raw()
          .iterate(hi, lo) as Iterable<HotRow>,
        (id, ts) => {
          const e = byId.get(id);
          if (e && ts >= e.from && ts <= e.to) e.set.add(ts);
        },
      );
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

  /** Folds about `maxSamples` of the oldest hot samples into segments; returns samples folded. */
  foldSlice(maxSamples: number): number {
    const { ctx } = this;
    const groups = new Map<number, { ts: number[]; values: number[] }>();
    let lastSeq = -1;
    let taken = 0;
    const it = ctx
      .sql('SELECT series_id, ts, value, pack, seq FROM hot ORDER BY seq')
      .raw()
      .iterate() as Iterable<[...HotRow, number]>;
    for (const row of it) {
      lastSeq = row[4];
      taken += forEachHot([row], (id, ts, v) => {
        let g = groups.get(id);
        if (!g) {
          g = { ts: [], values: [] };
          groups.set(id, g);
        }
        g.ts.push(ts);
        g.values.push(v);
      });
      if (taken >= maxSamples) break;
    }
    if (lastSeq < 0) return 0;
    const W = ctx.opt.windowMs;
    const insChunk = ctx.sql(
      'INSERT INTO chunk (series_id, win, count, min_ts, max_ts, scale, tsref, data) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    const insPending = ctx.sql('INSERT OR IGNORE INTO pending (series_id, win) VALUES (?, ?)');
    const folded: [SeriesInfo | undefined, number, number][] = [];
    let samples = 0;
    let chunks = 0;
    ctx.db.transaction(() => {
      for (const [id, g] of groups) {
        const s = ctx.index.byId(id);
        const { ts, values } = sortUnique(g.ts, g.values);
        let a = 0;
        while (a < ts.length) {
          const win = windowOf(ts[a], W);
          let b = a + 1;
          while (b < ts.length && ts[b] < win + W) b++;
          const part = encodeSamples(ts.slice(a, b), values.slice(a, b));
          insChunk.run(id, win, b - a, ts[a], ts[b - 1], part.scale, part.data);
          insPending.run(id, win);
          samples += b - a;
          chunks++;
          a = b;
        }
        folded.push([s, g.ts.length, ts.length > 0 ? ts[ts.length - 1] : Number.NEGATIVE_INFINITY]);
      }
      ctx.sql('DELETE FROM hot WHERE seq <= ?').run(lastSeq);
    })();
    for (const [s, n, max] of folded) {
      if (!s) continue;
      s.hotRows -= n;
      if (s.hotRows <= 0) {
        s.hotRows = 0;
        s.hotMin = Number.NaN;
        s.hotMax = Number.NaN;
      }
      if (max > s.storedMax) s.storedMax = max;
    }
    ctx.t.hotRows -= taken;
    ctx.t.segSamples += samples;
    ctx.t.segChunks += chunks;
    return taken;
  }

  /** Hot-log samples of one series in [from, to], in arrival order (not necessarily sorted). */
  readHot(s: SeriesInfo, from: number, to: number): { ts: number[]; values: number[] } {
    const out = { ts: [] as number[], values: [] as number[] };
    if (s.hotRows === 0 || s.hotMax < from || s.hotMin > to) return out;
    forEachHot(
      this.ctx
        .sql(
          'SELECT series_id, ts, value, pack FROM hot WHERE series_id = ? AND ts <= ? AND COALESCE(ts_end, ts) >= ? ORDER BY seq',
        )
        .raw()
        .iterate(s.id, to, from) as Iterable<HotRow>,
      (_, t, v) => {
        if (t < from || t > to) return;
        out.ts.push(t);
        out.values.push(v);
      },
    );
    return out;
  }
}

/** series_id, ts, value (NULL: NaN), pack (NULL for a single point). */
type HotRow = [number, number, number | null, Uint8Array | null];

/** Calls `fn` for every point of the rows (unpacking packed ones); returns the number of points. */
function forEachHot(
  rows: Iterable<HotRow | [...HotRow, number]>,
  fn: (id: number, ts: number, value: number) => void,
): number {
  let n = 0;
  for (const [id, ts, value, pack] of rows) {
    if (pack === null) {
      fn(id, ts, value === null ? Number.NaN : value);
      n++;
      continue;
    }
    // SQLite's buffer need not be 8-byte aligned: copy before viewing it as float64.
    const f = new Float64Array(Uint8Array.from(pack).buffer);
    const m = f.length / 2;
    for (let i = 0; i < m; i++) fn(id, f[i], f[m + i]);
    n += m;
  }
  return n;
}

/** Buffers single-point rows into multi-row INSERTs of BIG, then MID, then 1 rows. */
class RowWriter {
  private readonly args = new Array<number | null>(BIG * 3).fill(null);
  private readonly midArgs = new Array<number | null>(MID * 3).fill(null);
  private readonly oneArgs = new Array<number | null>(3).fill(null);
  private k = 0;
  constructor(private readonly head: Head) {}

  reset(): void {
    this.k = 0;
  }

  add(id: number, ts: number, value: number): void {
    const a = this.args;
    a[this.k++] = id;
    a[this.k++] = ts;
    a[this.k++] = Number.isNaN(value) ? null : value;
    if (this.k === BIG * 3) {
      this.head.insertRows(a, BIG);
      this.k = 0;
    }
  }

  flush(): void {
    const a = this.args;
    let at = 0;
    // The statements take exactly MID * 3 or 3 values: copied into kept arrays rather than sliced.
    const mid = this.midArgs;
    while (this.k - at >= MID * 3) {
      for (let j = 0; j < MID * 3; j++) mid[j] = a[at + j];
      this.head.insertRows(mid, MID);
      at += MID * 3;
    }
    const one = this.oneArgs;
    while (at < this.k) {
      one[0] = a[at];
      one[1] = a[at + 1];
      one[2] = a[at + 2];
      this.head.insertRows(one, 1);
      at += 3;
    }
    this.k = 0;
  }
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

/** Sorted by ts with the first of equal timestamps kept (input order is arrival order). */
export function sortUnique(ts: number[], values: number[]): { ts: number[]; values: number[] } {
  let sorted = true;
  for (let i = 1; i < ts.length; i++) {
    if (!(ts[i] > ts[i - 1])) {
      sorted = false;
      break;
    }
  }
  if (sorted) return { ts, values };
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
