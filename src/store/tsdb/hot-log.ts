// The hot log's row format: the points of one append as one blob, so an append costs one row
// whatever its size. Columns, not triples, so each is a plain typed-array copy:
//   float64 ts × n, float64 value × n, uint32 series id × n   (little-endian, 20 bytes a point)
// Float64 sections come first so they stay 8-byte aligned within the blob.

export interface LogPoints {
  ids: Uint32Array;
  ts: Float64Array;
  values: Float64Array;
}

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeLog(
  ids: ArrayLike<number>,
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  n: number,
) {
  if (!LE) throw new Error('hot log format needs a little-endian host');
  const buf = new ArrayBuffer(20 * n);
  const t = new Float64Array(buf, 0, n);
  const v = new Float64Array(buf, 8 * n, n);
  const id = new Uint32Array(buf, 16 * n, n);
  for (let i = 0; i < n; i++) {
    t[i] = ts[i];
    v[i] = values[i];
    id[i] = ids[i];
  }
  return new Uint8Array(buf);
}

/** Encodes into one buffer kept between calls: SQLite copies a blob when it is bound. */
export class LogWriter {
  private buf = new ArrayBuffer(0);

  encode(ids: Uint32Array, ts: Float64Array, values: Float64Array, n: number): Uint8Array {
    if (!LE) throw new Error('hot log format needs a little-endian host');
    if (this.buf.byteLength < 20 * n) this.buf = new ArrayBuffer(Math.max(20 * n, 2 * this.buf.byteLength));
    new Float64Array(this.buf, 0, n).set(ts.subarray(0, n));
    new Float64Array(this.buf, 8 * n, n).set(values.subarray(0, n));
    new Uint32Array(this.buf, 16 * n, n).set(ids.subarray(0, n));
    return new Uint8Array(this.buf, 0, 20 * n);
  }
}

/** Throws on a blob that is not a whole number of points. */
export function decodeLog(blob: Uint8Array): LogPoints {
  if (blob.length % 20 !== 0) throw new Error(`hot log row of ${blob.length} bytes is not whole points`);
  if (!LE) throw new Error('hot log format needs a little-endian host');
  const n = blob.length / 20;
  // SQLite's buffer need not be 8-byte aligned: copy before viewing it as float64.
  const buf = new ArrayBuffer(blob.length);
  new Uint8Array(buf).set(blob);
  return {
    ts: new Float64Array(buf, 0, n),
    values: new Float64Array(buf, 8 * n, n),
    ids: new Uint32Array(buf, 16 * n, n),
  };
}
