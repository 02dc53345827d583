import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ChunkFormatError } from '../../../src/store/tsdb/codec.js';
import { decodeInts, encodeInts, type IntOrder } from '../../../src/store/tsdb/intcodec.js';

const LIMIT = 2 ** 49;

/** '0'/'1' text (spaces ignored) → bytes, MSB first, last byte zero-padded. */
function bitBytes(bits: string): number[] {
  const s = bits.replace(/ /g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 8) out.push(Number.parseInt(s.slice(i, i + 8).padEnd(8, '0'), 2));
  return out;
}

function roundTrip(x: readonly number[], order: IntOrder): Uint8Array {
  const enc = encodeInts(x, order);
  assert.ok(enc !== null, 'integers within ±2^49 are accepted');
  assert.deepEqual(Array.from(decodeInts(enc)), x);
  return enc;
}

describe('integer codec: exact bits', () => {
  it('first differences with adaptive Rice codes', () => {
    // Differences 2, 0, −1 → zig-zag 4, 0, 1. k starts at 1 (a = 2, n = 1):
    // 4 with k=1: quotient 2 → '001', low bit '0'; then a = 6, n = 2 → k = 2: 0 → '1' '00';
    // then a = 6, n = 3 → k = 1: 1 → '1' '1'.
    const header = [2, 4, 1, 20 /* svarint 10 */, 1 /* g */];
    assert.deepEqual(Array.from(encodeInts([10, 12, 12, 11], 1) ?? []), [
      ...header,
      ...bitBytes('0010 100 11'),
    ]);
  });

  it('a constant tail is one run code once k reaches 0', () => {
    // Residual 0 with k=1 → '10'; then a = 2, n = 2 → k = 0: a run of the 3 remaining zeros, gamma(4).
    const enc = roundTrip([5, 5, 5, 5, 5], 1);
    assert.deepEqual(Array.from(enc), [2, 5, 1, 10, 1, ...bitBytes('10 00100')]);
  });

  it('second differences over the common step of the first differences', () => {
    // Differences 4096·[1, 1, 1, 2]: g = 4096, then second differences 1, 0, 0, 1 → zig-zag 2, 0, 0, 2.
    // 2 with k=1 → '01' '0'; 0 with k=1 → '10'; 0 with k=1 (a=4, n=3) → '10'; then k=0: a run of no
    // zeros, gamma(1) = '1', and the non-zero 2 as 2 − 1 = 1 with k=0 → '01'.
    const enc = roundTrip([0, 4096, 8192, 12288, 20480], 2);
    assert.deepEqual(Array.from(enc), [2, 5, 2, 0, 0x80, 0x20, ...bitBytes('010 10 10 1 01')]);
  });

  it('a quotient of 24 or more escapes to an explicit bit length', () => {
    // Differences 100, 1 (g = 1) → 200, 2. 200 with k=1 has quotient 100: 24 zeros, length 8, 200 in
    // 8 bits. Then a = 202, n = 2 → k = 7: 2 → '1' '0000010'.
    const enc = roundTrip([0, 100, 101], 1);
    assert.deepEqual(Array.from(enc), [
      2,
      3,
      1,
      0,
      1,
      ...bitBytes(`${'0'.repeat(24)} 001000 11001000 1 0000010`),
    ]);
  });

  it('empty and single-value columns', () => {
    assert.deepEqual(Array.from(roundTrip([], 1)), [2, 0]);
    assert.deepEqual(Array.from(roundTrip([-3], 2)), [2, 1, 2, 7 /* svarint −3 */, 1]);
  });
});

describe('integer codec: round trips', () => {
  const order = fc.constantFrom<IntOrder>(1, 2);
  const big = fc.integer({ min: -LIMIT, max: LIMIT });

  it('any integers within ±2^49, both orders (large and negative jumps included)', () => {
    const anyInts = fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), big), { maxLength: 300 });
    fc.assert(fc.property(anyInts, order, (x, o) => void roundTrip(x, o)));
  });

  it('counter-like columns: constant stretches, small steps, a common factor, rare bursts and resets', () => {
    const step = fc.oneof(
      { weight: 5, arbitrary: fc.constant(0) },
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 20 }) },
      { weight: 1, arbitrary: fc.integer({ min: -LIMIT, max: LIMIT }) },
    );
    const col = fc
      .record({
        start: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        factor: fc.constantFrom(1, 3, 4096),
        steps: fc.array(fc.tuple(step, fc.integer({ min: 1, max: 600 })), { maxLength: 30 }),
      })
      .map(({ start, factor, steps }) => {
        const x: number[] = [start];
        let v = start;
        for (const [s, times] of steps) {
          for (let i = 0; i < times; i++) {
            v += s * factor;
            if (Math.abs(v) > LIMIT) v = 0; // a reset, as a counter restarting would
            x.push(v);
          }
        }
        return x;
      });
    fc.assert(fc.property(col, order, (x, o) => void roundTrip(x, o)));
  });

  it('runs longer than one run code (4095 zeros), ending exactly at and around a cap', () => {
    for (const n of [4094, 4095, 4096, 4097, 8190, 8191, 8192, 12_000]) {
      for (const o of [1, 2] as const) {
        const x = Array.from({ length: n }, (_, i) => (o === 1 ? 7 : 7 + 3 * i));
        const enc = roundTrip(x, o);
        assert.ok(enc.length < 20, `${n} equal steps took ${enc.length} bytes`);
        roundTrip([...x, x[n - 1] + 1000], o);
      }
    }
  });

  it('refuses what is not an integer within ±2^49 (the caller keeps XOR for it)', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, LIMIT + 1, -LIMIT - 2]) {
      assert.equal(encodeInts([1, bad, 2], 1), null, String(bad));
    }
    assert.ok(encodeInts([LIMIT, -LIMIT, LIMIT], 2) !== null);
  });
});

describe('integer codec: corrupt input', () => {
  const sample = fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 1, maxLength: 200 });

  it('every truncation and any appended byte is refused', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom<IntOrder>(1, 2), (x, o) => {
        const enc = encodeInts(x, o) as Uint8Array;
        for (let len = 0; len < enc.length; len++) {
          assert.throws(() => decodeInts(enc.subarray(0, len)), ChunkFormatError, `length ${len}`);
        }
        const longer = new Uint8Array(enc.length + 1);
        longer.set(enc);
        assert.throws(() => decodeInts(longer), ChunkFormatError);
      }),
    );
  });

  it('flipped bytes either decode to count values or throw ChunkFormatError, never anything else', () => {
    fc.assert(
      fc.property(sample, fc.nat(), fc.integer({ min: 1, max: 255 }), (x, at, mask) => {
        const enc = (encodeInts(x, 1) as Uint8Array).slice();
        enc[at % enc.length] ^= mask;
        try {
          const out = decodeInts(enc);
          assert.ok(out.length <= 2 ** 24);
        } catch (e) {
          assert.ok(e instanceof ChunkFormatError, String(e));
        }
      }),
    );
  });

  it('a count the body cannot hold is refused before allocating', () => {
    // 2^24 samples with one byte of body: far more than the densest code (4095 samples in 24 bits).
    const bytes = [2, 0x80, 0x80, 0x80, 0x08, 1, 0, 1, 0x00];
    assert.throws(() => decodeInts(Uint8Array.from(bytes)), /too short/);
    assert.throws(() => decodeInts(Uint8Array.from([3, 0])), /version 3/);
    assert.throws(() => decodeInts(Uint8Array.from([2, 2, 3, 0, 1, 0x80])), /order 3/);
  });
});
