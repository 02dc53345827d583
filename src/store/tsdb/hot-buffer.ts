// One series' points that are in the hot log but not in a chunk yet, in memory and in arrival order:
// folding encodes from here, and queries and duplicate checks read here, so the hot log is written
// once and read only at open.

const MIN_CAP = 8;
/** A buffer this large is given back when it empties (a backfill should not pin its peak). */
const KEEP_CAP = 4096;

export class HotBuffer {
  ts: Float64Array;
  values: Float64Array;
  n = 0;
  /** Hot-log row (seq) holding the oldest point here: rows before the oldest of all buffers can go. */
  firstSeq = 0;
  /** Timestamps strictly increasing so far (the usual case: folding and reads skip the sort). */
  sorted = true;

  constructor(cap = MIN_CAP) {
    this.ts = new Float64Array(cap);
    this.values = new Float64Array(cap);
  }

  push(t: number, v: number): void {
    const n = this.n;
    if (n === this.ts.length) this.grow();
    if (n > 0 && !(t > this.ts[n - 1])) this.sorted = false;
    this.ts[n] = t;
    this.values[n] = v;
    this.n = n + 1;
  }

  clear(): void {
    this.n = 0;
    this.sorted = true;
    if (this.ts.length > KEEP_CAP) {
      this.ts = new Float64Array(MIN_CAP);
      this.values = new Float64Array(MIN_CAP);
    }
  }

  /** Points sorted by ts with the first of equal timestamps kept (arrival order decides). */
  sortedUnique(): { ts: Float64Array; values: Float64Array } {
    const n = this.n;
    if (this.sorted) return { ts: this.ts.subarray(0, n), values: this.values.subarray(0, n) };
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const ts = this.ts;
    order.sort((a, b) => ts[a] - ts[b] || a - b);
    const outT = new Float64Array(n);
    const outV = new Float64Array(n);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      if (m > 0 && outT[m - 1] === ts[i]) continue;
      outT[m] = ts[i];
      outV[m++] = this.values[i];
    }
    return { ts: outT.subarray(0, m), values: outV.subarray(0, m) };
  }

  private grow(): void {
    const cap = Math.max(MIN_CAP, this.ts.length * 2);
    const ts = new Float64Array(cap);
    const values = new Float64Array(cap);
    ts.set(this.ts);
    values.set(this.values);
    this.ts = ts;
    this.values = values;
  }
}
