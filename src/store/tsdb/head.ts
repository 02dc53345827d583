// The head: the append path into the hot log, and folding the hot log into segment chunks.
//
// Append is one transaction of multi-row INSERTs into a rowid table (each tick extends one b-tree at
// its end). Duplicates of (series, ts) are found without an index on the hot log: a point newer than
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
const FAST_KEYS_MAX = 200_000;

export class Head {
  private readonly insBig;
  private readonly insMid;
  private readonly insOne;
  private readonly args = new Array<number | null>(BIG * 3);
  /** Append call number: SeriesInfo.callGen === gen marks callMax as belonging to this call. */
  private gen = 0;
  /** name + JSON of labels in the caller's key order → series (a cache in front of the index). */
  readonly fast = new Map<string, SeriesInfo>();
  /** Series keys refused for the budget, remembered so each is counted once. */
  readonly refused = new Set<string>();
  refusedTotal = 0;
  /** Wall-clock ms when the hot log last went from empty to non-empty. */
  hotSince = Number.NEGATIVE_INFINITY;

  constructor(private readonly ctx: Ctx) {
    const ins = (n: number) =>
      ctx.db.prepare(`INSERT INTO hot (series_id, ts, value) VALUES ${Array(n).fill('(?,?,?)').join(',')}`);
    this.insBig = ins(BIG);
    this.insMid = ins(MID);
    this.insOne = ins(1);
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
    const rows = this.ctx.db
      .prepare('SELECT series_id, count(*), min(ts), max(ts) FROM hot GROUP BY series_id')
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
    const n = points.length;
    const ser: (SeriesInfo | null)[] = new Array(n);
    const tss = new Float64Array(n);
    let slow: Set<SeriesInfo> | null = null;
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
      let fastKey = p.name;
      const pl = p.labels;
      for (const k in pl) fastKey += `\u0001${pl[k]}`;
      let s = this.fast.get(fastKey);
      if (s !== undefined && !sameLabels(s.labels, pl)) s = undefined;
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
      }
      if (p.type !== undefined && s.type === 0) index.learnType(s, typeCode(p.type));
      let hi = s.storedMax;
      if (s.hotRows > 0 && s.hotMax > hi) hi = s.hotMax;
      if (s.callGen === gen && s.callMax > hi) hi = s.callMax;
      if (t > hi) {
        s.callGen = gen;
        s.callMax = t;
      } else {
        slow ??= new Set();
        slow.add(s);
      }
      ser[i] = s;
      tss[i] = t;
    }

    const known = slow ? this.knownTimestamps(slow) : null;
    const loaded = new Map<SeriesInfo, Set<number>>();
    const args = this.args;
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
      const v = points[i].value;
      args[k++] = s.id;
      args[k++] = t;
      args[k++] = Number.isNaN(v) ? null : v;
      if (k === BIG * 3) {
        this.insBig.run(args);
        k = 0;
      }
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
    let at = 0;
    while (k - at >= MID * 3) {
      this.insMid.run(args.slice(at, at + MID * 3));
      at += MID * 3;
    }
    while (at < k) {
      this.insOne.run(args[at], args[at + 1], args[at + 2]);
      at += 3;
    }
    this.ctx.t.hotRows += res.accepted;
  }

  /** Timestamps already in the hot log for these series (the windows in chunks load lazily). */
  private knownTimestamps(slow: Set<SeriesInfo>): Map<SeriesInfo, Set<number>> {
    const known = new Map<SeriesInfo, Set<number>>();
    let scanHot = false;
    for (const s of slow) {
      known.set(s, new Set());
      if (s.hotRows > 0) scanHot = true;
    }
    if (scanHot) {
      const byId = new Map<number, Set<number>>();
      for (const [s, set] of known) if (s.hotRows > 0) byId.set(s.id, set);
      for (const [id, ts] of this.ctx.db.prepare('SELECT series_id, ts FROM hot').raw().iterate() as Iterable<
        [number, number]
      >) {
        byId.get(id)?.add(ts);
      }
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

  /** Folds up to `maxRows` of the oldest hot rows into segments; returns rows folded. */
  foldSlice(maxRows: number): number {
    const { ctx } = this;
    const rows = ctx.db
      .prepare('SELECT seq, series_id, ts, value FROM hot ORDER BY seq LIMIT ?')
      .raw()
      .all(maxRows) as [number, number, number, number | null][];
    if (rows.length === 0) return 0;
    const lastSeq = rows[rows.length - 1][0];
    const groups = new Map<number, { ts: number[]; values: number[] }>();
    for (const [, id, ts, v] of rows) {
      let g = groups.get(id);
      if (!g) {
        g = { ts: [], values: [] };
        groups.set(id, g);
      }
      g.ts.push(ts);
      g.values.push(v === null ? Number.NaN : v);
    }
    const W = ctx.opt.windowMs;
    const insChunk = ctx.db.prepare(
      'INSERT INTO chunk (series_id, win, count, min_ts, max_ts, scale, tsref, data) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    const insPending = ctx.db.prepare('INSERT OR IGNORE INTO pending (series_id, win) VALUES (?, ?)');
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
      ctx.db.prepare('DELETE FROM hot WHERE seq <= ?').run(lastSeq);
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
    ctx.t.hotRows -= rows.length;
    ctx.t.segSamples += samples;
    ctx.t.segChunks += chunks;
    return rows.length;
  }

  /** Hot-log samples of one series in [from, to], in arrival order (not necessarily sorted). */
  readHot(s: SeriesInfo, from: number, to: number): { ts: number[]; values: number[] } {
    const out = { ts: [] as number[], values: [] as number[] };
    if (s.hotRows === 0 || s.hotMax < from || s.hotMin > to) return out;
    const rows = this.ctx.db
      .prepare('SELECT ts, value FROM hot WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY seq')
      .raw()
      .all(s.id, from, to) as [number, number | null][];
    for (const [t, v] of rows) {
      out.ts.push(t);
      out.values.push(v === null ? Number.NaN : v);
    }
    return out;
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
