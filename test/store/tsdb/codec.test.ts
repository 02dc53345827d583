import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mulberry32 } from '../../../bench/lib/prng.js';
import {
  ChunkEncoder,
  ChunkFormatError,
  chunkInfo,
  decodeChunk,
  encodeChunk,
  MAX_CHUNK_SAMPLES,
} from '../../../src/store/tsdb/codec.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---- helpers -------------------------------------------------------------------------------------

/** Bit patterns as hex, so NaN payloads and −0 are compared exactly. */
function bitsOf(values: ArrayLike<number>): string[] {
  const f = values instanceof Float64Array ? values : Float64Array.from(values);
  const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
  return Array.from({ length: f.length }, (_, i) =>
    dv
      .getBigUint64(8 * i, true)
      .toString(16)
      .padStart(16, '0'),
  );
}

/**
 * Doubles from [high, low] 32-bit halves, written through a DataView straight into the Float64Array:
 * a NaN held in a plain JS array may be canonicalised by the engine, losing its payload.
 */
function fromHalves(halves: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(halves.length);
  const dv = new DataView(out.buffer);
  halves.forEach(([hi, lo], i) => {
    dv.setUint32(8 * i + 4, hi, true);
    dv.setUint32(8 * i, lo, true);
  });
  return out;
}

/** '0'/'1' text (spaces ignored) → bytes, MSB first, last byte zero-padded. */
function bitBytes(bits: string): number[] {
  const s = bits.replace(/ /g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 8) out.push(Number.parseInt(s.slice(i, i + 8).padEnd(8, '0'), 2));
  return out;
}

/** 64 bits of a double, as '0'/'1' text. */
function rawBits(hex: string): string {
  return BigInt(`0x${hex}`).toString(2).padStart(64, '0');
}

function assertRoundTrip(ts: ArrayLike<number>, values: Float64Array): Uint8Array {
  const chunk = encodeChunk(ts, values);
  const d = decodeChunk(chunk);
  assert.deepEqual(Array.from(d.ts), Array.from(ts));
  assert.deepEqual(bitsOf(d.values), bitsOf(values));
  const info = chunkInfo(chunk);
  assert.equal(info.count, ts.length);
  if (ts.length > 0) {
    assert.equal(info.firstTs, ts[0]);
    assert.equal(info.lastTs, ts[ts.length - 1]);
  }
  return chunk;
}

/** Decoding corrupt input must throw the codec's own error or yield a self-consistent chunk. */
function decodeOrThrow(buf: Uint8Array): void {
  let d: ReturnType<typeof decodeChunk>;
  try {
    d = decodeChunk(buf);
  } catch (err) {
    assert.ok(err instanceof ChunkFormatError, `unexpected ${String(err)}`);
    return;
  }
  const info = chunkInfo(buf);
  assert.equal(d.ts.length, info.count);
  assert.equal(d.values.length, info.count);
  for (let i = 1; i < d.ts.length; i++) assert.ok(d.ts[i] > d.ts[i - 1]);
  if (info.count > 0) {
    assert.equal(d.ts[0], info.firstTs);
    assert.equal(d.ts[d.ts.length - 1], info.lastTs);
  }
}

// ---- generators ----------------------------------------------------------------------------------

const u32 = fc.integer({ min: 0, max: 0xffffffff });

const specialHalves: [number, number][] = [
  [0x7ff80000, 0], // the canonical NaN
  [0x7ff00000, 1], // signalling NaN, smallest payload
  [0xfff80000, 0xdeadbeef], // negative quiet NaN with payload
  [0x7fffffff, 0xffffffff],
  [0x7ff00000, 0], // +Infinity
  [0xfff00000, 0], // −Infinity
  [0, 0], // +0
  [0x80000000, 0], // −0
  [0, 1], // smallest subnormal
  [0x80000000, 1],
  [0x000fffff, 0xffffffff], // largest subnormal
  [0x00100000, 0], // smallest normal
  [0x7fefffff, 0xffffffff], // largest finite
  [0xffefffff, 0xffffffff],
];
const specialValues = fromHalves(specialHalves);

/** How the next value relates to the previous one: every branch of the XOR coder gets exercised. */
type ValueStep =
  | { k: 'bits'; hi: number; lo: number }
  | { k: 'same' }
  | { k: 'flip'; hi: number; lo: number; from: number; width: number }
  | { k: 'double'; v: number }
  | { k: 'special'; hi: number; lo: number };

const valueStep: fc.Arbitrary<ValueStep> = fc.oneof(
  fc.record({ k: fc.constant('bits' as const), hi: u32, lo: u32 }),
  fc.record({ k: fc.constant('same' as const) }),
  fc.record({
    k: fc.constant('flip' as const),
    hi: u32,
    lo: u32,
    from: fc.integer({ min: 0, max: 63 }),
    width: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ k: fc.constant('double' as const), v: fc.double() }),
  fc.constantFrom(...specialHalves).map(([hi, lo]) => ({ k: 'special' as const, hi, lo })),
);

/** Applies steps to build values; 'flip' XORs random bits confined to [from, from+width) into the previous. */
function buildValues(steps: readonly ValueStep[]): Float64Array {
  const out = new Float64Array(steps.length);
  const dv = new DataView(out.buffer);
  let hi = 0;
  let lo = 0;
  steps.forEach((s, i) => {
    if (s.k === 'bits' || s.k === 'special') {
      hi = s.hi;
      lo = s.lo;
    } else if (s.k === 'flip') {
      const top = Math.min(64, s.from + s.width);
      let mh = 0;
      let ml = 0;
      for (let b = s.from; b < top; b++) {
        if (b < 32) ml |= 1 << b;
        else mh |= 1 << (b - 32);
      }
      hi = (hi ^ (s.hi & mh)) >>> 0;
      lo = (lo ^ (s.lo & ml)) >>> 0;
    } else if (s.k === 'double') {
      dv.setFloat64(0, s.v);
      hi = dv.getUint32(0);
      lo = dv.getUint32(4);
    }
    dv.setUint32(8 * i + 4, hi, true);
    dv.setUint32(8 * i, lo, true);
  });
  return out;
}

/** Gaps: exact 1 s, 1 s with ticker jitter, skipped ticks, sub-second, hours, days, huge. */
const tsDelta = fc.oneof(
  fc.constant(1000),
  fc.integer({ min: 998, max: 1002 }),
  fc.integer({ min: 940, max: 1060 }),
  fc.constantFrom(2000, 3000, 1, 2),
  fc.integer({ min: 1, max: 4_000_000 }),
  fc.integer({ min: 1, max: 2 ** 31 + 5 }),
  fc.integer({ min: 2 ** 31 - 5, max: 2 ** 45 }),
  fc.integer({ min: 1, max: MAX_SAFE }),
);

const tsStart = fc.oneof(
  fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.maxSafeInteger(),
  fc.constantFrom(-MAX_SAFE, MAX_SAFE, 0, -1),
);

/** Samples as (start, steps), cut where a timestamp would leave the safe integer range. */
const series = fc
  .record({ start: tsStart, steps: fc.array(fc.tuple(tsDelta, valueStep), { maxLength: 200 }) })
  .map(({ start, steps }) => {
    const ts: number[] = [];
    const vs: ValueStep[] = [];
    let t = start;
    for (const [d, v] of steps) {
      if (ts.length > 0) {
        if (t > MAX_SAFE - d) break;
        t += d;
      }
      ts.push(t);
      vs.push(v);
    }
    return { ts, values: buildValues(vs) };
  });

/** Any strictly increasing safe integers, so deltas up to 2^54 − 2 (beyond exact float arithmetic) occur. */
const wideSeries = fc.uniqueArray(fc.maxSafeInteger(), { maxLength: 40 }).chain((raw) => {
  const ts = [...raw].sort((a, b) => a - b);
  return fc.float64Array({ minLength: ts.length, maxLength: ts.length }).map((values) => ({ ts, values }));
});

// ---- tests ---------------------------------------------------------------------------------------

describe('chunk codec format', () => {
  it('encodes a regular constant series bit for bit as specified', () => {
    // header: version 1, count 3, first 1000 (2·(1000 mod 64)=80 | 0x80 = 0xD0, then 1000>>6 = 15),
    // last 3000 (2·56 | 0x80 = 0xF0, then 46 = 0x2E).
    // body: 1.0 raw; sample 2 dod 1000 → '1110' + 1000 in 12 bits, same value → '0';
    // sample 3 dod 0 and same value → run '0' '0' + gamma(1) '1'.
    const expected = [
      0x01,
      0x03,
      0xd0,
      0x0f,
      0xf0,
      0x2e,
      ...bitBytes(`${rawBits('3ff0000000000000')} 1110 001111101000 0 001`),
    ];
    assert.deepEqual(Array.from(encodeChunk([1000, 2000, 3000], [1, 1, 1])), expected);
  });

  it('encodes XOR values with new and reused windows as specified', () => {
    // 1.5^1.0 = 0x0008…: 12 leading zeros, 51 trailing, 1 meaningful bit → '11' 01100 000001 '1'.
    // 1.25^1.5 = 0x000C…: lead 12, trail 50 — does not fit (12, 51) → '11' 01100 000010 '11'.
    // 1.0^1.25 = 0x0004…: lead 13, trail 50 — fits (12, 50) → '10' + 2 window bits '01'.
    // Timestamps 0,1,2,3: first dod 1 → '10' 0001, then dod 0 → '0'.
    const expected = [
      0x01,
      0x04,
      0x00,
      0x06,
      ...bitBytes(`${rawBits('3ff0000000000000')} 10 0001 11 01100 000001 1  0 11 01100 000010 11  0 10 01`),
    ];
    assert.deepEqual(Array.from(encodeChunk([0, 1, 2, 3], [1, 1.5, 1.25, 1])), expected);
  });

  it('escapes to an absolute timestamp when the dod leaves int32', () => {
    // -1 → sv 0x03; 2^40 → (0 | 0x80), then 2^34 in LEB128: four 0x80 and 0x40.
    // dod = 2^40 + 1 → '111111' + int64 2^40 (high word 256, low word 0); same value after a non-zero
    // dod is a plain '0'.
    const expected = [
      0x01,
      0x02,
      0x03,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x40,
      ...bitBytes(`${'0'.repeat(64)} 111111 ${(256).toString(2).padStart(32, '0')} ${'0'.repeat(32)} 0`),
    ];
    assert.deepEqual(Array.from(encodeChunk([-1, 2 ** 40], [0, 0])), expected);
  });

  it('encodes an empty chunk as version and count 0', () => {
    const chunk = encodeChunk([], []);
    assert.deepEqual(Array.from(chunk), [1, 0]);
    const d = decodeChunk(chunk);
    assert.equal(d.ts.length, 0);
    assert.equal(d.values.length, 0);
    const info = chunkInfo(chunk);
    assert.equal(info.count, 0);
    assert.ok(Number.isNaN(info.firstTs) && Number.isNaN(info.lastTs));
    assert.equal(new ChunkEncoder().finish().length, 2);
  });

  it('round-trips one sample, including −0 and NaN payloads', () => {
    for (let i = 0; i < specialValues.length; i++) {
      const chunk = assertRoundTrip([-42], specialValues.subarray(i, i + 1));
      // header 4 bytes (version, count, sv(-42) = 2·42+1, sv(-42)) + 64 value bits
      assert.equal(chunk.length, 4 + 8);
      assert.deepEqual(chunkInfo(chunk), { count: 1, firstTs: -42, lastTs: -42 });
    }
  });

  it('keeps −0 distinct from +0 and every special value across XOR codes', () => {
    const values = fromHalves([
      ...specialHalves,
      ...specialHalves.slice().reverse(),
      [0, 0],
      [0x80000000, 0],
      [0, 0],
    ]);
    const ts = Array.from(values, (_, i) => i * 1000);
    assertRoundTrip(ts, values);
  });

  it('handles the extremes of the safe integer range and spans beyond exact float deltas', () => {
    const cases = [
      [-MAX_SAFE, MAX_SAFE],
      [-MAX_SAFE, MAX_SAFE - 2, MAX_SAFE],
      [-MAX_SAFE + 3, MAX_SAFE - 7, MAX_SAFE - 5, MAX_SAFE - 3, MAX_SAFE],
      [-MAX_SAFE, -MAX_SAFE + 1, 0, 1, MAX_SAFE - 1, MAX_SAFE],
      [-5, -4, -3, -1, 0, 2],
      // delta 2^53 (not safe) then 2^53 − 4: the dod is tiny, but after an unsafe delta the previous
      // delta must count as 0 on both sides or the decoder drifts
      [-MAX_SAFE, 1, MAX_SAFE - 2],
      [-MAX_SAFE, 2, MAX_SAFE], // 2^53 + 1 is not even representable
    ];
    for (const ts of cases)
      assertRoundTrip(
        ts,
        Float64Array.from(ts, (_, i) => i / 3),
      );
  });

  it('round-trips runs at and around the run-length code limits', () => {
    for (const n of [2, 3, 4, 5, 4095, 4096, 4097, 4098, 8193, 8194, 12_290]) {
      const ts = Array.from({ length: n }, (_, i) => 5_000 + i * 1000);
      const values = fromHalves(
        Array.from({ length: n }, () => [0x7ff4dead, 0xbeef0001] as [number, number]),
      );
      const chunk = assertRoundTrip(ts, values);
      assert.ok(chunk.length < 40 + n / 100, `${n} constant samples took ${chunk.length} bytes`);
    }
  });

  it('round-trips chunks made of the densest runs (4095 repeats after each change)', () => {
    const n = 4096 * 6 + 1;
    const ts = Array.from({ length: n }, (_, i) => i * 1000);
    // sample 1 is the first change; then every 4096th sample changes value, leaving runs of 4095
    const values = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -1 : Math.floor((i - 1) / 4096)));
    const chunk = assertRoundTrip(ts, values);
    assert.ok(chunk.length < 60, `${chunk.length} bytes`);
  });

  it('decodes from a Buffer that is a slice of a larger pool, as SQLite blobs are', () => {
    const ts = [10, 20, 30, 45];
    const values = Float64Array.of(0.5, 0.25, 0.25, 7);
    const chunk = encodeChunk(ts, values);
    const pool = Buffer.alloc(chunk.length + 13, 0xff);
    pool.set(chunk, 5);
    const blob = pool.subarray(5, 5 + chunk.length);
    assert.deepEqual(Array.from(decodeChunk(blob).ts), ts);
    assert.deepEqual(bitsOf(decodeChunk(blob).values), bitsOf(values));
    assert.deepEqual(chunkInfo(blob), { count: 4, firstTs: 10, lastTs: 45 });
  });

  it('round-trips runs interrupted by jitter and value changes', () => {
    const rnd = mulberry32(7);
    const ts: number[] = [];
    const vs: number[] = [];
    let t = 1_700_000_000_000;
    let v = 3;
    for (let i = 0; i < 20_000; i++) {
      t += rnd() < 0.9 ? 1000 : 999 + Math.floor(rnd() * 3);
      if (rnd() < 0.05) v = Math.round(rnd() * 100) / 100;
      ts.push(t);
      vs.push(v);
    }
    assertRoundTrip(ts, Float64Array.from(vs));
  });
});

describe('chunk codec properties', () => {
  it('round-trips arbitrary float64 bit patterns with structured timestamps', () => {
    fc.assert(
      fc.property(series, ({ ts, values }) => {
        assertRoundTrip(ts, values);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips arbitrary increasing safe integers and fc.float64Array values', () => {
    fc.assert(
      fc.property(wideSeries, ({ ts, values }) => {
        assertRoundTrip(ts, values);
      }),
      { numRuns: 2500 },
    );
  });

  it('ChunkEncoder matches encodeChunk, and finish() midway leaves it usable', () => {
    fc.assert(
      fc.property(series, fc.nat(), ({ ts, values }, cutSeed) => {
        const cut = ts.length === 0 ? 0 : cutSeed % (ts.length + 1);
        const enc = new ChunkEncoder(cut);
        for (let i = 0; i < cut; i++) enc.append(ts[i], values[i]);
        assert.equal(enc.count, cut);
        assert.deepEqual(enc.finish(), encodeChunk(ts.slice(0, cut), values.slice(0, cut)));
        for (let i = cut; i < ts.length; i++) enc.append(ts[i], values[i]);
        assert.equal(enc.count, ts.length);
        assert.deepEqual(enc.finish(), encodeChunk(ts, values));
      }),
      { numRuns: 1500 },
    );
  });

  it('rejects every truncation of a valid chunk', () => {
    fc.assert(
      fc.property(series, ({ ts, values }) => {
        const chunk = encodeChunk(ts, values);
        for (let len = 0; len < chunk.length; len++) {
          assert.throws(() => decodeChunk(chunk.subarray(0, len)), ChunkFormatError);
        }
        const longer = new Uint8Array(chunk.length + 1);
        longer.set(chunk);
        assert.throws(() => decodeChunk(longer), ChunkFormatError);
      }),
      { numRuns: 400 },
    );
  });

  it('never hangs or escapes with a foreign error on corrupted chunks', () => {
    fc.assert(
      fc.property(
        series,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        ({ ts, values }, flips) => {
          const chunk = encodeChunk(ts, values).slice();
          for (const [at, mask] of flips) chunk[at % chunk.length] ^= mask;
          decodeOrThrow(chunk);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never hangs or escapes with a foreign error on random bytes', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.uint8Array({ maxLength: 80 }).map((b) => Uint8Array.of(1, ...b)),
      // a plausible header (first 0, last 1..63) in front of random bits, so the body decoder is reached
      fc
        .tuple(
          fc.integer({ min: 2, max: 40 }),
          fc.integer({ min: 1, max: 63 }),
          fc.uint8Array({ minLength: 8, maxLength: 120 }),
        )
        .map(([count, last, b]) => Uint8Array.of(1, count, 0x00, 2 * last, ...b)),
    );
    fc.assert(
      fc.property(bytes, (buf) => {
        decodeOrThrow(buf);
        try {
          chunkInfo(buf);
        } catch (err) {
          assert.ok(err instanceof ChunkFormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('chunk codec errors', () => {
  it('rejects non-increasing and non-integer timestamps without corrupting the encoder', () => {
    const enc = new ChunkEncoder();
    enc.append(1000, 1);
    for (const bad of [1000, 999, -5, Number.NaN, 1000.5, 2 ** 53, Number.POSITIVE_INFINITY]) {
      assert.throws(() => enc.append(bad, 2), RangeError);
    }
    enc.append(2000, 2);
    assert.equal(enc.count, 2);
    assert.deepEqual(Array.from(decodeChunk(enc.finish()).ts), [1000, 2000]);
    assert.throws(() => encodeChunk([1, 1], [0, 0]), /strictly increase/);
    assert.throws(() => encodeChunk([2, 1], [0, 0]), /strictly increase/);
    assert.throws(() => encodeChunk([1, 2], [0]), /2 timestamps but 1 values/);
    assert.throws(() => encodeChunk([Number.NaN], [0]), /safe integer/);
  });

  it('rejects hand-made corrupt chunks with a clear error', () => {
    const one = [...bitBytes(rawBits('3ff0000000000000'))];
    const cases: [string, number[], RegExp][] = [
      ['empty buffer', [], /truncated header/],
      ['unknown version', [2, 0], /unknown version 2/],
      ['bytes after empty', [1, 0, 0], /after an empty chunk/],
      ['count over the cap', [1, 0x81, 0x80, 0x80, 0x08, 0, 0, ...one], /exceeds/],
      ['count the body cannot hold', [1, 0xff, 0x7f, 0x00, 0x02, ...one], /too short/],
      ['one sample spanning time', [1, 1, 0x00, 0x02, ...one], /cannot span/],
      ['last before first', [1, 2, 0x04, 0x02, ...one, 0], /cannot span/],
      // second sample: dod 0 after a 0 delta keeps the timestamp → not increasing
      ['zero delta', [1, 2, 0x00, 0x02, ...bitBytes(`${rawBits('0')} 0 1 0`)], /not increasing/],
      // dod −8 from 0 → negative delta
      ['negative delta', [1, 2, 0x00, 0x02, ...bitBytes(`${rawBits('0')} 10 1000 0`)], /not increasing/],
      // dod 2 then '10' value code with no window yet
      ['window reuse first', [1, 2, 0x00, 0x04, ...bitBytes(`${rawBits('0')} 10 0010 10 1`)], /window reuse/],
      // '11' with lead 31, length 40 → 71 bits
      [
        'window wider than 64',
        [1, 2, 0x00, 0x04, ...bitBytes(`${rawBits('0')} 10 0010 11 11111 101000 ${'1'.repeat(40)}`)],
        /exceeds 64 bits/,
      ],
      // 2 samples: dod 2, same value; then a run of 2 for sample 3 of only 3 → passes the count
      [
        'run past the count',
        [1, 3, 0x00, 0x08, ...bitBytes(`${rawBits('0')} 10 0010 0 0 0 010`)],
        /passes the sample count/,
      ],
      [
        'last differs from header',
        [1, 2, 0x00, 0x06, ...bitBytes(`${rawBits('0')} 10 0010 0`)],
        /differs from header/,
      ],
      ['trailing byte', [1, 2, 0x00, 0x04, ...bitBytes(`${rawBits('0')} 10 0010 0`), 0], /trailing data/],
      ['non-zero padding', [1, 2, 0x00, 0x04, ...bitBytes(`${rawBits('0')} 10 0010 0 1`)], /trailing data/],
      // escape to an absolute timestamp of 2^62
      [
        'absolute timestamp out of range',
        [1, 2, 0x00, 0x04, ...bitBytes(`${rawBits('0')} 111111 01${'0'.repeat(62)} 0`)],
        /out of range/,
      ],
      // sample 2 is fine; sample 3 reads the padding bit as dod 0 and then runs out
      ['truncated body', [1, 3, 0x00, 0x08, ...one, 0b10001000], /truncated/],
      ['no room for 2 samples', [1, 2, 0x00, 0x04, ...one], /too short/],
    ];
    for (const [name, bytes, message] of cases) {
      assert.throws(
        () => decodeChunk(Uint8Array.from(bytes)),
        (err: unknown) => {
          assert.ok(err instanceof ChunkFormatError, `${name}: ${String(err)}`);
          assert.match(err.message, message, name);
          return true;
        },
      );
    }
    // the well-formed twin of the cases above decodes
    const ok = decodeChunk(Uint8Array.from([1, 2, 0x00, 0x04, ...bitBytes(`${rawBits('0')} 10 0010 0`)]));
    assert.deepEqual(Array.from(ok.ts), [0, 2]);
    assert.ok(MAX_CHUNK_SAMPLES >= 86_400 * 30);
  });
});

describe('chunk codec size', () => {
  it('packs 7200 constant samples at exactly 1000 ms into 32 bytes', () => {
    const n = 7200;
    const ts = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1000);
    const chunk = encodeChunk(ts, new Float64Array(n).fill(42.5));
    // header: 1 + count (2) + first (6: 6 bits, then 1.7e12/64 ≈ 2^34.6 in five 7-bit groups) + last (6)
    // body: 64 (first value) + 16 (dod 1000) + 1 (same value) + run 4096 (27) + run 3102 (2+11+12) = 133
    // bits → 17 bytes
    assert.equal(chunk.length, 15 + 17);
    assert.ok(chunk.length / n < 0.1);
  });

  it('keeps a noisy 1 Hz two-decimal gauge within a measured bound', () => {
    // CPU-% like: a random walk in [0, 100] rounded to 2 decimals, Date.now()-style jitter of a few ms.
    const rnd = mulberry32(12345);
    const n = 7200;
    const ts: number[] = [];
    const vs: number[] = [];
    let t = 1_700_000_000_000;
    let due = t;
    let v = 20;
    for (let i = 0; i < n; i++) {
      due += 1000;
      t = due + Math.floor(rnd() * 3);
      v = Math.min(100, Math.max(0, v + (rnd() - 0.5) * 10));
      ts.push(t);
      vs.push(Math.round(v * 100) / 100);
    }
    const chunk = assertRoundTrip(ts, Float64Array.from(vs));
    const perSample = chunk.length / n;
    // Decimal fractions are not binary-friendly: k/100 has a repeating binary expansion, so the XOR
    // of two such values keeps ~50 meaningful bits. Measured with this seed: 7.36 bytes/sample, of
    // which timestamps 0.78 (dods of −2..2 → mostly 6-bit codes) and values 6.85.
    assert.ok(perSample < 7.6, `${perSample.toFixed(3)} bytes/sample`);
    assert.ok(perSample > 5, `${perSample.toFixed(3)} bytes/sample is too small for this much noise`);
  });
});
