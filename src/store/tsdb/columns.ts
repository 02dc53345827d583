// Store-side value and column encodings on top of the Gorilla chunk codec.
//
// Decimal scaling: host metrics are mostly decimals (CPU seconds in centiseconds, percentages with two
// places). As binary floats their mantissas never end, so Gorilla's XOR sees ~40 changed bits per
// sample. Multiplied by 10^k they are integers whose XORs touch only the bits that changed, which more
// than halves the cost of counters and noisy gauges. The scale is chosen per column and only when every
// value round-trips bit-exactly (`x / 10^k` is `v`, or `x * 10^−k` is `v` for node_exporter's
// milliseconds × 0.001), so it is lossless by construction.
//
// Synthetic timestamps: a column whose timestamps live elsewhere (a shared timestamp column, or the
// step column of a rollup row) is encoded against 0, 1, 2, …, which the codec stores in one bit per
// sample or less. Real timestamps are then stored once per group of series instead of once per series.

import { ChunkFormatError, decodeChunk, encodeChunk } from './codec.js';
import { decodeInts, encodeInts, INT_CHUNK_VERSION } from './intcodec.js';

const MAX_SCALE = 6;
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
// 10^−k as float64 literals: node_exporter turns milliseconds into seconds with `ms * 0.001`, whose
// result is usually not the double nearest to ms / 1000 (0.001 * 107737 is 107.73700000000001), so
// such values only round-trip through the same multiplication.
const INV10 = [1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001];
/** Scale codes above this one mean "multiply by 10^−(code − MULTIPLY)" instead of dividing by 10^k. */
const MULTIPLY = MAX_SCALE;
const MAX_INT = 2 ** 53;

/** Decimal places (k) of a scale code: values × 10^k are integers. */
export function scaleDigits(scale: number): number {
  return scale > MULTIPLY ? scale - MULTIPLY : scale;
}

function fits(values: ArrayLike<number>, k: number, multiply: boolean): boolean {
  const f = POW10[k];
  const g = INV10[k];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const x = Math.round(v * f);
    if (Math.abs(x) > MAX_INT || !Object.is(multiply ? x * g : x / f, v)) return false;
  }
  return true;
}

/**
 * Scale code for a column: the smallest k in 1..6 with every value equal to an integer / 10^k (code
 * k), or else to an integer × 10^−k in float64 (code 6 + k), or 0 (values kept as they are).
 */
export function chooseScale(values: ArrayLike<number>): number {
  const n = values.length;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) return 0;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  if (integral) return 0;
  for (let k = 1; k <= MAX_SCALE; k++) {
    if (fits(values, k, false)) return k;
    if (fits(values, k, true)) return MULTIPLY + k;
  }
  return 0;
}

/** Values multiplied by 10^k (exact integers when the scale came from chooseScale). */
export function applyScale(values: ArrayLike<number>, scale: number): Float64Array {
  const out = Float64Array.from(values);
  if (scale === 0) return out;
  const f = POW10[scaleDigits(scale)];
  for (let i = 0; i < out.length; i++) out[i] = Math.round(out[i] * f);
  return out;
}

export function removeScale(values: Float64Array, scale: number): Float64Array {
  if (scale === 0) return values;
  if (scale > MULTIPLY) {
    const g = INV10[scale - MULTIPLY];
    for (let i = 0; i < values.length; i++) values[i] = values[i] * g;
    return values;
  }
  const f = POW10[scale];
  for (let i = 0; i < values.length; i++) values[i] = values[i] / f;
  return values;
}

let syntheticTs = new Float64Array(0);
/** 0, 1, 2, … n−1 (a shared, grown-on-demand buffer: callers must not keep or modify it). */
function synthetic(n: number): Float64Array {
  if (syntheticTs.length < n) {
    syntheticTs = new Float64Array(Math.max(n, syntheticTs.length * 2, 1024));
    for (let i = 0; i < syntheticTs.length; i++) syntheticTs[i] = i;
  }
  return syntheticTs.subarray(0, n);
}

/**
 * A value column with its scale: the smallest of Gorilla XOR against synthetic timestamps and, when the
 * (scaled) values are integers, intcodec.ts' first or second differences. The first byte tells them
 * apart when reading.
 */
export function encodeValues(values: ArrayLike<number>): { scale: number; data: Uint8Array } {
  const scale = chooseScale(values);
  const x = scale === 0 ? values : applyScale(values, scale);
  const plan = intPlan(x);
  const ints = plan.order === 0 ? null : encodeInts(x, plan.order);
  // XOR spends at least 4 bits on each sample whose value changed (a 1-bit timestamp code, then '10'
  // or '11' and one or more XOR bits) plus 64 on the first: no need to try it when the integers are
  // already smaller than that.
  if (ints !== null && ints.length <= (64 + 4 * plan.changes) >>> 3) return { scale, data: ints };
  const xor = encodeChunk(synthetic(x.length), x);
  return { scale, data: ints !== null && ints.length < xor.length ? ints : xor };
}

/**
 * Difference order that looks cheaper (Σ bit lengths of the zig-zagged residuals, close to what the
 * Rice codes spend), 0 when the values are not all integers, so there is nothing to try; and the
 * number of samples whose value differs from the one before.
 */
function intPlan(x: ArrayLike<number>): { order: 0 | 1 | 2; changes: number } {
  const n = x.length;
  if (n === 0 || !Number.isInteger(x[0])) return { order: 0, changes: 0 };
  let c1 = 0;
  let c2 = 0;
  let changes = 0;
  let prevD = 0;
  for (let i = 1; i < n; i++) {
    const v = x[i];
    if (!Number.isInteger(v)) return { order: 0, changes: 0 };
    const d = v - x[i - 1];
    if (d !== 0) changes++;
    c1 += cost(d);
    c2 += cost(d - prevD);
    prevD = d;
  }
  return { order: c2 < c1 ? 2 : 1, changes };
}

/** ≈ log2 of |r|, from the float's exponent: r ≠ 0 costs more than r = 0, and larger costs more. */
function cost(r: number): number {
  const a = r < 0 ? -r : r;
  return a < 1 ? 0 : a < 4294967296 ? 33 - Math.clz32(a) : 33 + Math.log2(a / 4294967296);
}

/** Samples with their own timestamps (segments), values scaled like encodeValues. */
export function encodeSamples(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
): { scale: number; data: Uint8Array } {
  const scale = chooseScale(values);
  return { scale, data: encodeChunk(ts, scale === 0 ? values : applyScale(values, scale)) };
}

export function decodeSamples(data: Uint8Array, scale: number): { ts: Float64Array; values: Float64Array } {
  const d = decodeChunk(data);
  return { ts: d.ts, values: removeScale(d.values, scale) };
}

export function decodeValues(data: Uint8Array, scale: number): Float64Array {
  const values = data[0] === INT_CHUNK_VERSION ? decodeInts(data) : decodeChunk(data).values;
  return removeScale(values, scale);
}

/**
 * Timestamps alone: as second differences in the integer codec (a 1 Hz ticker's jitter of a few ms
 * costs ~3 bits a tick there, ~5 in Gorilla's fixed buckets), or as a Gorilla chunk with all-zero
 * values when that is smaller (timestamps beyond ±2^49 ms, which the integer codec refuses).
 */
export function encodeTimestamps(ts: ArrayLike<number>): Uint8Array {
  const gorilla = encodeChunk(ts, new Float64Array(ts.length));
  const ints = encodeInts(ts, 2);
  return ints !== null && ints.length < gorilla.length ? ints : gorilla;
}

export function decodeTimestamps(data: Uint8Array): Float64Array {
  if (data[0] !== INT_CHUNK_VERSION) return decodeChunk(data).ts;
  // Gorilla chunks cannot hold anything but increasing timestamps; integers can, if corrupt.
  const ts = decodeInts(data);
  for (let i = 1; i < ts.length; i++) {
    if (!(ts[i] > ts[i - 1])) throw new ChunkFormatError(`timestamps not increasing at sample ${i}`);
  }
  return ts;
}

/** 32-bit FNV-1a over the timestamps, to find an identical shared timestamp column quickly. */
export function hashTimestamps(ts: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const lo = t >>> 0;
    const hi = Math.floor(t / 4294967296) >>> 0;
    h = Math.imul(h ^ lo, 0x01000193);
    h = Math.imul(h ^ hi, 0x01000193);
  }
  return h >>> 0;
}

// Column container: version byte, column count, then per column a scale byte, a uvarint length and
// the codec bytes. Column 0 holds the timestamps (scale byte 0), the rest are value columns. A value
// column equal bit for bit to an earlier one (a counter's max and last, every column of a constant
// series) is instead the byte SAME and that column's index: rollup rows hold many such copies.

const CONTAINER_VERSION = 1;
const SAME = 0xff;

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

type Part = { scale: number; data: Uint8Array } | { same: number };

export function packColumns(ts: ArrayLike<number>, columns: readonly ArrayLike<number>[]): Uint8Array {
  const parts: Part[] = [{ scale: 0, data: encodeTimestamps(ts) }];
  for (let c = 0; c < columns.length; c++) {
    let same = -1;
    for (let e = 0; e < c && same < 0; e++) if (sameBits(columns[e], columns[c])) same = e + 1;
    parts.push(same > 0 ? { same } : encodeValues(columns[c]));
  }
  let size = 2;
  for (const p of parts) size += 'same' in p ? 2 : 1 + uvarintSize(p.data.length) + p.data.length;
  const out = new Uint8Array(size);
  out[0] = CONTAINER_VERSION;
  out[1] = parts.length;
  let pos = 2;
  for (const p of parts) {
    if ('same' in p) {
      out[pos++] = SAME;
      out[pos++] = p.same;
      continue;
    }
    out[pos++] = p.scale;
    pos = writeUvarint(out, pos, p.data.length);
    out.set(p.data, pos);
    pos += p.data.length;
  }
  return out;
}

export function unpackColumns(buf: Uint8Array): { ts: Float64Array; columns: Float64Array[] } {
  if (buf.length < 2 || buf[0] !== CONTAINER_VERSION) throw new Error(`unknown column container ${buf[0]}`);
  const n = buf[1];
  let pos = 2;
  let ts: Float64Array = new Float64Array(0);
  const columns: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const scale = buf[pos++];
    if (scale === SAME) {
      const ref = buf[pos++];
      if (i === 0 || ref < 1 || ref >= i) throw new Error(`column ${i} refers to column ${ref}`);
      columns.push(columns[ref - 1].slice());
      continue;
    }
    let len = 0;
    let shift = 1;
    for (;;) {
      const b = buf[pos++];
      len += (b & 0x7f) * shift;
      if (b < 0x80) break;
      shift *= 128;
    }
    const data = buf.subarray(pos, pos + len);
    pos += len;
    if (i === 0) ts = decodeTimestamps(data);
    else columns.push(decodeValues(data, scale));
  }
  return { ts, columns };
}

function uvarintSize(n: number): number {
  let s = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    s++;
  }
  return s;
}

function writeUvarint(out: Uint8Array, pos: number, n: number): number {
  while (n >= 128) {
    out[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  out[pos++] = n;
  return pos;
}
