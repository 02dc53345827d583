// Integer column codec: a value column whose values are integers (after columns.ts' decimal scaling)
// as differences of first or second order, zig-zagged, in adaptive Rice codes with run-length coded
// zeros. For counters and rounded gauges this is about half the size of Gorilla's XOR of the same
// integers as doubles: XOR sees the bits that flip when a counter carries (999 → 1000 flips ten),
// a difference sees only how far it moved. columns.ts encodes a column both ways and keeps the smaller,
// so a column this codec does badly on (a mostly idle rate with rare huge bursts) stays XOR.
//
// Layout (version 2; Gorilla chunks start with 1, so a store holding both reads each by its first byte):
//   byte     version = 2
//   uvarint  count
//   byte     order: 1 = first differences, 2 = second differences     } only when count > 0
//   svarint  first value                                               }
//   uvarint  g: every first difference is a multiple of g (memory in   }
//            kB × 1024 moves in steps of 4096)                         }
//   bits     per further sample a residual: order 1, d = (x − previous x) / g; order 2, d minus the
//            previous d (which starts at 0); zig-zagged to u = 2d or −2d − 1.
//
// Rice code of u with parameter k: the quotient u >> k as that many 0 bits and a 1, then the k low bits.
// A quotient ≥ QMAX is an escape instead: QMAX 0 bits, 6 bits L, then u in L bits. k adapts as in
// LOCO-I: the smallest k with n·2^k ≥ a, where a sums recent u and n counts them (both halved every
// RESET samples, so k follows a series that changes its pace).
// When k is 0 (a quiet stretch) the next code is a run instead: m ≥ 1 in Elias gamma; m < RUN_CAP is
// m − 1 zero residuals followed by one non-zero residual coded as u − 1 with k = 0 (none when the
// column ends there); m = RUN_CAP is RUN_CAP − 1 zero residuals with nothing after. An idle counter or
// a constant gauge costs 25 bits per 4095 samples.
//
// Applies only to integers of magnitude ≤ 2^49, so every difference, second difference and zig-zag
// value is an exact double below 2^53; encodeInts returns null for anything else.

import { BitWriter, ByteCursor, ChunkFormatError, putSvarint, putUvarint, toWords } from './bits.js';
import { MAX_CHUNK_SAMPLES } from './codec.js';

export const INT_CHUNK_VERSION = 2;

const LIMIT = 2 ** 49;
// A local constant, not bits.ts' export: run under tsx, every use of the imported binding showed in
// profiles as a getter call (a third of the encoder's time).
const TWO_32 = 4294967296;
const QMAX = 24;
const RESET = 32;
const RUN_CAP = 4096;
const DENSEST_BITS = 24;
const GUARD_WORDS = 4;
/** Widest u: second differences of values within ±2^49 stay below 2^52. */
const MAX_U_BITS = 53;
/** Largest Rice parameter valid data can reach (a sums at most 2·RESET values below 2^53). */
const MAX_K = 60;

export type IntOrder = 1 | 2;

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

const POW2 = Array.from({ length: 64 }, (_, k) => 2 ** k);

/** The smallest k with n·2^k ≥ a, for a > n ≥ 1. */
function riceK(a: number, n: number): number {
  // bitLength(a) − bitLength(n) − 1 is a lower bound; at most two doublings remain.
  let k = a < TWO_32 ? Math.max(0, Math.clz32(n) - Math.clz32(a) - 1) : 0;
  let t = n * POW2[k];
  while (t < a) {
    t *= 2;
    k++;
  }
  return k;
}

function bitLength(u: number): number {
  if (u < TWO_32) return 32 - Math.clz32(u);
  return 64 - Math.clz32(Math.floor(u / TWO_32));
}

/** Writes the low `k` bits of the non-negative integer u (u < 2^53, 0 ≤ k ≤ 53). */
function writeWide(w: BitWriter, u: number, k: number): void {
  if (k === 0) return;
  if (k <= 32) {
    w.write(u % TWO_32, k);
    return;
  }
  w.write(Math.floor(u / TWO_32), k - 32);
  w.write(u % TWO_32, 32);
}

function writeRice(w: BitWriter, u: number, k: number): void {
  if (u < TWO_32 && k < 32) {
    const q = u >>> k;
    if (q < QMAX) {
      // q zeros, a one, the k low bits: one write when they fit in 32 bits.
      if (q + k < 32) w.write((1 << k) | (u & ((1 << k) - 1)), q + 1 + k);
      else {
        w.write(1, q + 1);
        if (k > 0) w.write(u, k);
      }
      return;
    }
  }
  const q = Math.floor(u / POW2[k]);
  if (q >= QMAX) {
    const len = bitLength(u);
    w.write(0, QMAX);
    w.write(len, 6);
    writeWide(w, u, len);
    return;
  }
  w.write(1, q + 1);
  writeWide(w, u - q * POW2[k], k);
}

function writeGamma(w: BitWriter, m: number): void {
  const z = 31 - Math.clz32(m);
  if (z > 0) w.write(0, z);
  w.write(m, z + 1);
}

/**
 * The integers in `order`, or null when they are not all integers within ±2^49 (NaN, infinities and
 * −0 included: −0 would come back as 0).
 */
export function encodeInts(x: ArrayLike<number>, order: IntOrder): Uint8Array | null {
  const n = x.length;
  if (n > MAX_CHUNK_SAMPLES) return null;
  let g = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (!(v >= -LIMIT && v <= LIMIT) || Math.floor(v) !== v || (v === 0 && 1 / v < 0)) return null;
    // Once g is 1 it stays 1: skip the float modulo for the rest.
    if (i > 0 && g !== 1) g = gcd(g, Math.abs(v - prev));
    prev = v;
  }
  const header: number[] = [INT_CHUNK_VERSION];
  putUvarint(header, n);
  if (n === 0) return Uint8Array.from(header);
  if (g === 0) g = 1;
  header.push(order);
  putSvarint(header, x[0]);
  putUvarint(header, g);

  // Residuals first, so a run can look ahead for its length.
  const res = new Float64Array(n - 1);
  let prevD = 0;
  for (let i = 1; i < n; i++) {
    const d = g === 1 ? x[i] - x[i - 1] : (x[i] - x[i - 1]) / g;
    const r = order === 1 ? d : d - prevD;
    res[i - 1] = r >= 0 ? 2 * r : -2 * r - 1;
    prevD = d;
  }
  const w = new BitWriter(16 + n);
  let a = 2;
  let cnt = 1;
  const m = res.length;
  let i = 0;
  while (i < m) {
    const k = a <= cnt ? 0 : riceK(a, cnt);
    if (k === 0) {
      let j = i;
      const end = Math.min(m, i + RUN_CAP - 1);
      while (j < end && res[j] === 0) j++;
      const zeros = j - i;
      for (let z = 0; z < zeros; z++) {
        if (++cnt >= RESET) {
          a = Math.ceil(a / 2);
          cnt >>= 1;
        }
      }
      i = j;
      if (zeros === RUN_CAP - 1) {
        writeGamma(w, RUN_CAP);
        continue;
      }
      writeGamma(w, zeros + 1);
      if (i === m) break;
      const u = res[i++];
      writeRice(w, u - 1, 0);
      a += u;
      if (++cnt >= RESET) {
        a = Math.ceil(a / 2);
        cnt >>= 1;
      }
      continue;
    }
    const u = res[i++];
    writeRice(w, u, k);
    a += u;
    if (++cnt >= RESET) {
      a = Math.ceil(a / 2);
      cnt >>= 1;
    }
  }
  return w.bytes(header);
}

/** The 32 bits starting at bit `pos` (zeros past the end, which the guard words provide). */
function peek32(words: Uint32Array, pos: number): number {
  const w = pos >>> 5;
  const o = pos & 31;
  return o === 0 ? words[w] : ((words[w] << o) | (words[w + 1] >>> (32 - o))) >>> 0;
}

/** `k` bits (0 ≤ k ≤ 64) at `pos` as a non-negative integer. */
function readWide(words: Uint32Array, pos: number, k: number): number {
  if (k === 0) return 0;
  if (k <= 32) return peek32(words, pos) >>> (32 - k);
  const hi = peek32(words, pos) >>> (64 - k);
  return hi * TWO_32 + peek32(words, pos + k - 32);
}

// The decoder's bit position, shared with readRice (a closure over a local would cost an allocation
// and defeat inlining on this hot path).
let rpos = 0;

/** One Rice code with parameter k at rpos (advanced past it): u. */
function readRice(words: Uint32Array, k: number): number {
  const p = peek32(words, rpos);
  const q = Math.clz32(p);
  if (q >= QMAX) {
    const len = peek32(words, rpos + QMAX) >>> 26;
    if (len > MAX_U_BITS) throw new ChunkFormatError(`escape of ${len} bits`);
    rpos += QMAX + 6;
    const u = readWide(words, rpos, len);
    rpos += len;
    return u;
  }
  rpos += q + 1;
  if (k === 0) return q;
  if (k + q < 32 && k < 32) {
    // The low bits already sit in p after the q + 1 code bits.
    const low = (p << (q + 1)) >>> (32 - k);
    rpos += k;
    return q * POW2[k] + low;
  }
  const low = readWide(words, rpos, k);
  rpos += k;
  return q * POW2[k] + low;
}

export function decodeInts(buf: Uint8Array): Float64Array {
  const c = new ByteCursor(buf);
  const version = c.byte();
  if (version !== INT_CHUNK_VERSION) throw new ChunkFormatError(`unknown integer chunk version ${version}`);
  const n = c.uvarint();
  if (n > MAX_CHUNK_SAMPLES) throw new ChunkFormatError(`count ${n} exceeds ${MAX_CHUNK_SAMPLES}`);
  if (n === 0) {
    if (c.pos !== buf.length) throw new ChunkFormatError('bytes after an empty chunk');
    return new Float64Array(0);
  }
  const order = c.byte();
  if (order !== 1 && order !== 2) throw new ChunkFormatError(`unknown difference order ${order}`);
  let x = c.svarint();
  const g = c.uvarint();
  if (Math.abs(x) > LIMIT || g < 1 || g > 2 * LIMIT)
    throw new ChunkFormatError('integer header out of range');
  const bitLen = (buf.length - c.pos) * 8;
  // The densest codes: a run of 4094 zeros and a non-zero in 23 + 1 bits, and a last run of 4094 zeros
  // in 23 bits. Refuse counts the body cannot hold before allocating for them.
  if ((n - RUN_CAP) * DENSEST_BITS > bitLen * (RUN_CAP - 1)) {
    throw new ChunkFormatError(`body of ${bitLen} bits too short for ${n} samples`);
  }
  const words = toWords(buf.subarray(c.pos), GUARD_WORDS);
  const out = new Float64Array(n);
  out[0] = x;
  const first = order === 1;
  let d = 0;
  let a = 2;
  let cnt = 1;
  rpos = 0;
  let i = 1;
  while (i < n) {
    const k = a <= cnt ? 0 : riceK(a, cnt);
    let u: number;
    if (k === 0) {
      const z = Math.clz32(peek32(words, rpos));
      if (z > 12) throw new ChunkFormatError(`run too long at sample ${i}`);
      const m = peek32(words, rpos + z) >>> (31 - z);
      rpos += 2 * z + 1;
      const zeros = m === RUN_CAP ? RUN_CAP - 1 : m - 1;
      if (zeros > n - i) throw new ChunkFormatError(`run of ${zeros} passes the count at sample ${i}`);
      // Zero residuals: order 1 repeats x, order 2 keeps adding the same difference.
      if (first) d = 0;
      for (let j = 0; j < zeros; j++) {
        x += d * g;
        out[i++] = x;
        if (++cnt >= RESET) {
          a = Math.ceil(a / 2);
          cnt >>= 1;
        }
      }
      if (rpos > bitLen) throw new ChunkFormatError(`truncated at sample ${i}`);
      if (m === RUN_CAP || i === n) continue;
      u = readRice(words, 0) + 1;
    } else {
      if (k > MAX_K) throw new ChunkFormatError(`Rice parameter ${k} at sample ${i}`);
      u = readRice(words, k);
    }
    if (rpos > bitLen) throw new ChunkFormatError(`truncated at sample ${i}`);
    const r = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    if (first) d = r;
    else d += r;
    x += d * g;
    out[i++] = x;
    a += u;
    if (++cnt >= RESET) {
      a = Math.ceil(a / 2);
      cnt >>= 1;
    }
  }
  const rest = bitLen - rpos;
  if (rest >= 8 || (rest > 0 && peek32(words, rpos) >>> (32 - rest) !== 0)) {
    throw new ChunkFormatError('trailing data after samples');
  }
  return out;
}
