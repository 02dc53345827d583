// Chunk codec for the time-series store: Gorilla compression (delta-of-delta timestamps, XOR floats)
// tuned for per-second samples with millisecond timestamps, plus run-length coding of repeats.
//
// Layout (version 1):
//   byte     version = 1
//   uvarint  count
//   svarint  first timestamp   } only when count > 0; both in the header so chunkInfo() never
//   svarint  last timestamp    } touches the body
//   bits     (count > 0) first value as 64 raw bits, then per further sample a timestamp code and a
//            value code; the final byte is zero-padded and nothing may follow it.
//
// Timestamp code, on dod = delta − previous delta (the previous delta starts at 0, so the first delta
// is coded as a dod too). A 1 Hz drift-free ticker stamped with Date.now() gives dods of 0, ±1, ±2 on an
// idle host and tens of ms under load; a skipped tick gives ±1000, a restart or gap anything:
//   0                       dod = 0
//   10     + 4 bits         dod in [−8, 7]
//   110    + 7 bits         dod in [−64, 63]
//   1110   + 12 bits        dod in [−2048, 2047]          (skipped ticks)
//   11110  + 20 bits        dod in [−524288, 524287]      (gaps up to ~8.7 min)
//   111110 + 32 bits        dod in int32                  (gaps up to ~24 days)
//   111111 + 64 bits        absolute timestamp, two's complement int64. Used when the dod does not fit
//                           or the delta itself is not a safe integer (timestamps spanning > 2^53).
//                           Afterwards the previous delta is t − prev if that is a safe integer, else 0.
// Value code, on x = bits(value) XOR bits(previous value):
//   0                                 x = 0
//   10 + meaningful bits              x fits the previous leading/trailing-zero window
//   11 + 5-bit leading zeros (≤ 31) + 6-bit meaningful length (64 → 0) + meaningful bits
// Run: a timestamp code '0' followed by a value code '0' (same spacing, same value: a constant gauge or
// an idle counter) is followed by an Elias-gamma run length r ≥ 1 covering this sample and the next
// r − 1, so a constant series costs a few dozen bits per chunk instead of 2 bits per sample.

import { BitWriter, ByteCursor, ChunkFormatError, putSvarint, putUvarint, TWO_32, toWords } from './bits.js';

export { ChunkFormatError } from './bits.js';

export const CHUNK_VERSION = 1;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Samples per chunk, capped so a corrupt count can never make the decoder allocate gigabytes. */
export const MAX_CHUNK_SAMPLES = 1 << 24;

/** Longest run one code covers; longer runs take several codes. */
const RUN_MAX = 4096;
// The densest code: a run of 4095 in 2 + 23 bits (4096 needs 27). Every other sample costs ≥ 2 bits.
const DENSEST_SAMPLES = 4095;
const DENSEST_BITS = 25;
const RUN_ZEROS = 12;
/** Zero words after the body: more than one sample's codes (≤ 6 + 64 + 13 + 64 bits) plus a peek. */
const GUARD_WORDS = 6;

// One shared scratch double, viewed as two uint32 halves, to split floats without BigInt.
const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

export interface DecodedChunk {
  ts: Float64Array;
  values: Float64Array;
}

/** Streaming encoder for compaction: append one sample at a time, then finish(). */
export class ChunkEncoder {
  private w: BitWriter;
  private n = 0;
  private firstTs = 0;
  private prevTs = 0;
  private prevDelta = 0;
  private prevHi = 0;
  private prevLo = 0;
  /** Current XOR window; −1 until the first '11' code sets it. */
  private lead = -1;
  private trail = 0;
  /** Samples of the pending run (same spacing, same value), not yet written. */
  private run = 0;

  /** `expectedSamples` only sizes the initial buffer. */
  constructor(expectedSamples = 0) {
    // ~2 bytes per sample covers typical gauges without growing; the writer doubles when it must.
    this.w = new BitWriter(16 + Math.min(expectedSamples, MAX_CHUNK_SAMPLES) * 2);
  }

  get count(): number {
    return this.n;
  }

  /** Appends a sample; `ts` must be a safe integer greater than the previous one. */
  append(ts: number, value: number): void {
    if (!Number.isSafeInteger(ts)) throw new RangeError(`chunk timestamp must be a safe integer, got ${ts}`);
    const n = this.n;
    if (n >= MAX_CHUNK_SAMPLES) throw new RangeError(`a chunk holds at most ${MAX_CHUNK_SAMPLES} samples`);
    scratchF64[0] = value;
    const hi = scratchU32[HI];
    const lo = scratchU32[LO];
    const w = this.w;
    if (n === 0) {
      this.firstTs = ts;
      this.prevTs = ts;
      w.write(hi, 32);
      w.write(lo, 32);
      this.prevHi = hi;
      this.prevLo = lo;
      this.n = 1;
      return;
    }
    const prev = this.prevTs;
    if (!(ts > prev)) {
      throw new RangeError(`chunk timestamps must strictly increase: ${ts} after ${prev} (sample ${n})`);
    }
    // Both are safe integers, so a delta ≤ MAX_SAFE is exact and so is the dod against a safe prevDelta.
    const delta = ts - prev;
    const dod = delta - this.prevDelta;
    const xh = hi ^ this.prevHi;
    const xl = lo ^ this.prevLo;
    this.prevTs = ts;
    this.n = n + 1;
    if (dod === 0 && (xh | xl) === 0) {
      if (++this.run === RUN_MAX) {
        writeRun(w, RUN_MAX);
        this.run = 0;
      }
      return;
    }
    if (this.run > 0) {
      writeRun(w, this.run);
      this.run = 0;
    }
    this.prevHi = hi;
    this.prevLo = lo;

    if (delta > MAX_SAFE) {
      writeAbsolute(w, ts);
    } else if (dod === 0) {
      w.write(0, 1);
    } else if (dod >= -8 && dod <= 7) {
      w.write((0b10 << 4) | (dod & 0xf), 6);
    } else if (dod >= -64 && dod <= 63) {
      w.write((0b110 << 7) | (dod & 0x7f), 10);
    } else if (dod >= -2048 && dod <= 2047) {
      w.write((0b1110 << 12) | (dod & 0xfff), 16);
    } else if (dod >= -524288 && dod <= 524287) {
      w.write((0b11110 << 20) | (dod & 0xfffff), 25);
    } else if (dod >= -2147483648 && dod <= 2147483647) {
      w.write(0b111110, 6);
      w.write(dod | 0, 32);
    } else {
      writeAbsolute(w, ts);
    }
    this.prevDelta = delta > MAX_SAFE ? 0 : delta;

    if ((xh | xl) === 0) {
      w.write(0, 1);
      return;
    }
    let lead = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const trail = xl !== 0 ? 31 - Math.clz32(xl & -xl) : 63 - Math.clz32(xh & -xh);
    if (lead > 31) lead = 31;
    const pl = this.lead;
    const pt = this.trail;
    // Reuse the window when x fits it and reusing is not costlier than describing a tighter one
    // (the '11' header is 11 bits more than '10').
    if (pl >= 0 && lead >= pl && trail >= pt && 64 - pl - pt <= 64 - lead - trail + 11) {
      w.write(0b10, 2);
      writeMeaningful(w, xh, xl, pt, 64 - pl - pt);
    } else {
      const sig = 64 - lead - trail;
      w.write((0b11 << 11) | (lead << 6) | (sig & 63), 13);
      writeMeaningful(w, xh, xl, trail, sig);
      this.lead = lead;
      this.trail = trail;
    }
  }

  /**
   * The chunk of every sample appended so far. Leaves the encoder untouched, so appending may go on and
   * a later finish() returns exactly what encodeChunk() would for all samples.
   */
  finish(): Uint8Array {
    const header: number[] = [CHUNK_VERSION];
    putUvarint(header, this.n);
    if (this.n === 0) return Uint8Array.from(header);
    putSvarint(header, this.firstTs);
    putSvarint(header, this.prevTs);
    if (this.run === 0) return this.w.bytes(header);
    const w = this.w.clone();
    writeRun(w, this.run);
    return w.bytes(header);
  }
}

/** '0' timestamp code, '0' value code, then r (1 ≤ r ≤ RUN_MAX) in Elias gamma. */
function writeRun(w: BitWriter, r: number): void {
  const z = 31 - Math.clz32(r);
  w.write(0, 2 + z);
  w.write(r, z + 1);
}

function writeAbsolute(w: BitWriter, ts: number): void {
  const hi = Math.floor(ts / TWO_32);
  w.write(0b111111, 6);
  w.write(hi | 0, 32);
  w.write(ts - hi * TWO_32, 32);
}

/** Writes the `sig` bits of the 64-bit value xh:xl that sit above its `trail` low bits. */
function writeMeaningful(w: BitWriter, xh: number, xl: number, trail: number, sig: number): void {
  if (trail >= 32) {
    w.write(xh >>> (trail - 32), sig);
    return;
  }
  const lo = trail === 0 ? xl : (xl >>> trail) | (xh << (32 - trail));
  if (sig > 32) {
    w.write(xh >>> trail, sig - 32);
    w.write(lo, 32);
  } else {
    w.write(lo, sig);
  }
}

/** Encodes samples (timestamps in integer milliseconds, strictly increasing; values any float64). */
export function encodeChunk(ts: ArrayLike<number>, values: ArrayLike<number>): Uint8Array {
  const n = ts.length;
  if (values.length !== n) {
    throw new RangeError(`encodeChunk: ${n} timestamps but ${values.length} values`);
  }
  const enc = new ChunkEncoder(n);
  for (let i = 0; i < n; i++) enc.append(ts[i], values[i]);
  return enc.finish();
}

interface Header {
  count: number;
  firstTs: number;
  lastTs: number;
  bodyOffset: number;
}

function readHeader(buf: Uint8Array): Header {
  if (!(buf instanceof Uint8Array)) throw new TypeError('chunk must be a Uint8Array');
  const c = new ByteCursor(buf);
  const version = c.byte();
  if (version !== CHUNK_VERSION) throw new ChunkFormatError(`unknown version ${version}`);
  const count = c.uvarint();
  if (count > MAX_CHUNK_SAMPLES) throw new ChunkFormatError(`count ${count} exceeds ${MAX_CHUNK_SAMPLES}`);
  if (count === 0) return { count, firstTs: Number.NaN, lastTs: Number.NaN, bodyOffset: c.pos };
  const firstTs = c.svarint();
  const lastTs = c.svarint();
  if (count === 1 ? lastTs !== firstTs : lastTs <= firstTs) {
    throw new ChunkFormatError(`${count} samples cannot span ${firstTs}..${lastTs}`);
  }
  return { count, firstTs, lastTs, bodyOffset: c.pos };
}

/**
 * Number of samples, first and last timestamp, read from the header without decoding the body.
 * An empty chunk reports NaN for both timestamps, so it never overlaps any time range.
 */
export function chunkInfo(buf: Uint8Array): { count: number; firstTs: number; lastTs: number } {
  const h = readHeader(buf);
  return { count: h.count, firstTs: h.firstTs, lastTs: h.lastTs };
}

export function decodeChunk(buf: Uint8Array): DecodedChunk {
  const h = readHeader(buf);
  const n = h.count;
  if (n === 0) {
    if (h.bodyOffset !== buf.length) throw new ChunkFormatError('bytes after an empty chunk');
    return { ts: new Float64Array(0), values: new Float64Array(0) };
  }
  const bitLen = (buf.length - h.bodyOffset) * 8;
  // The first sample takes 64 bits and no code is denser than DENSEST: refuse counts the body cannot
  // hold before allocating for them.
  if (bitLen < 64 || (n - 1) * DENSEST_BITS > (bitLen - 64) * DENSEST_SAMPLES) {
    throw new ChunkFormatError(`body of ${bitLen} bits too short for ${n} samples`);
  }
  // One sample's codes span at most MAX_SAMPLE_BITS, so with that many zero guard bits after the body
  // every peek stays inside the array and a single bounds check per sample is enough.
  const words = toWords(buf.subarray(h.bodyOffset), GUARD_WORDS);

  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  // Values are assembled as uint32 halves straight into the output, so NaN payloads survive untouched.
  const v32 = new Uint32Array(values.buffer);

  let t = h.firstTs;
  let delta = 0;
  let vh = words[0];
  let vl = words[1];
  let lead = -1;
  let trail = 0;
  ts[0] = t;
  v32[HI] = vh;
  v32[LO] = vl;
  let pos = 64;
  let w = 0;
  let o = 0;
  let p = 0;

  for (let i = 1; i < n; i++) {
    // Timestamp code: the number of leading ones of the next 32 bits selects the bucket.
    const prevT = t;
    w = pos >>> 5;
    o = pos & 31;
    p = o === 0 ? words[w] | 0 : (words[w] << o) | (words[w + 1] >>> (32 - o));
    const tsCode = Math.clz32(~p);
    switch (tsCode) {
      case 0:
        t += delta;
        pos += 1;
        break;
      case 1:
        delta += (p << 2) >> 28;
        t += delta;
        pos += 6;
        break;
      case 2:
        delta += (p << 3) >> 25;
        t += delta;
        pos += 10;
        break;
      case 3:
        delta += (p << 4) >> 20;
        t += delta;
        pos += 16;
        break;
      case 4:
        delta += (p << 5) >> 12;
        t += delta;
        pos += 25;
        break;
      case 5:
        pos += 6;
        delta += peek32(words, pos) | 0;
        t += delta;
        pos += 32;
        break;
      default: {
        pos += 6;
        const hi = peek32(words, pos) | 0;
        t = hi * TWO_32 + peek32(words, pos + 32);
        pos += 64;
        if (pos > bitLen) throw new ChunkFormatError(`truncated at sample ${i}`);
        if (!Number.isSafeInteger(t)) throw new ChunkFormatError(`timestamp out of range at sample ${i}`);
        const d = t - prevT;
        delta = d > MAX_SAFE ? 0 : d;
      }
    }
    // A corrupt dod can make the delta non-positive or too large to be exact; the encoder never does.
    if (!(t > prevT && t <= MAX_SAFE && delta <= MAX_SAFE)) {
      throw new ChunkFormatError(`timestamps not increasing at sample ${i}`);
    }
    ts[i] = t;

    // Value code.
    w = pos >>> 5;
    o = pos & 31;
    p = o === 0 ? words[w] | 0 : (words[w] << o) | (words[w + 1] >>> (32 - o));
    if (p >= 0) {
      pos += 1;
      if (tsCode === 0) {
        // Run: Elias gamma, z zeros then a (z+1)-bit number, all inside one 32-bit peek.
        p = peek32(words, pos);
        const z = Math.clz32(p);
        if (pos + 2 * z + 1 > bitLen) throw new ChunkFormatError(`truncated at sample ${i}`);
        if (z > RUN_ZEROS) throw new ChunkFormatError(`run length too long at sample ${i}`);
        const run = p >>> (31 - 2 * z);
        pos += 2 * z + 1;
        if (run > n - i) throw new ChunkFormatError(`run of ${run} passes the sample count at sample ${i}`);
        v32[2 * i + HI] = vh;
        v32[2 * i + LO] = vl;
        for (let j = 1; j < run; j++) {
          t += delta;
          const k = i + j;
          ts[k] = t;
          v32[2 * k + HI] = vh;
          v32[2 * k + LO] = vl;
        }
        if (t > MAX_SAFE) throw new ChunkFormatError(`timestamp out of range at sample ${i + run - 1}`);
        i += run - 1;
        continue;
      }
    } else {
      let sig: number;
      if ((p & 0x40000000) === 0) {
        if (lead < 0) throw new ChunkFormatError(`window reuse before any window at sample ${i}`);
        sig = 64 - lead - trail;
        pos += 2;
      } else {
        lead = (p >>> 25) & 31;
        sig = (p >>> 19) & 63 || 64;
        if (lead + sig > 64)
          throw new ChunkFormatError(`XOR window ${lead}+${sig} exceeds 64 bits at sample ${i}`);
        trail = 64 - lead - sig;
        pos += 13;
      }
      let mh = 0;
      let ml: number;
      if (sig > 32) {
        mh = peek32(words, pos) >>> (64 - sig);
        pos += sig - 32;
        ml = peek32(words, pos);
        pos += 32;
      } else {
        ml = peek32(words, pos) >>> (32 - sig);
        pos += sig;
      }
      if (trail >= 32) {
        vh ^= ml << (trail - 32);
      } else if (trail === 0) {
        vh ^= mh;
        vl ^= ml;
      } else {
        vh ^= (mh << trail) | (ml >>> (32 - trail));
        vl ^= ml << trail;
      }
    }
    if (pos > bitLen) throw new ChunkFormatError(`truncated at sample ${i}`);
    v32[2 * i + HI] = vh;
    v32[2 * i + LO] = vl;
  }

  if (t !== h.lastTs) throw new ChunkFormatError(`last timestamp ${t} differs from header ${h.lastTs}`);
  const rest = bitLen - pos;
  if (rest >= 8 || (rest > 0 && peek32(words, pos) >>> (32 - rest) !== 0)) {
    throw new ChunkFormatError('trailing data after samples');
  }
  return { ts, values };
}

/** The 32 bits starting at bit `pos` (zeros past the end, which the guard words provide). */
function peek32(words: Uint32Array, pos: number): number {
  const w = pos >>> 5;
  const o = pos & 31;
  return o === 0 ? words[w] : ((words[w] << o) | (words[w + 1] >>> (32 - o))) >>> 0;
}
