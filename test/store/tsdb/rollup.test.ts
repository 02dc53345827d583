import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encodeChunk } from '../../../src/store/tsdb/codec.js';
import {
  chooseScale,
  decodeValues,
  encodeValues,
  packColumns,
  unpackColumns,
} from '../../../src/store/tsdb/columns.js';
import {
  computeSteps,
  decodeSteps,
  emptySteps,
  encodeSteps,
  replaceRange,
  STALE_MS,
} from '../../../src/store/tsdb/rollup.js';
import { approxEqual } from './reference.js';

test('decimal scale: the fewest places that make every value an integer, 0 otherwise', () => {
  assert.equal(chooseScale([1, 2, -3]), 0);
  assert.equal(chooseScale([0.5, 1]), 1);
  assert.equal(chooseScale([1.5, 2.25]), 2);
  assert.equal(chooseScale([0.1, 0.2, 0.3]), 1);
  assert.equal(chooseScale([123456.78]), 2);
  assert.equal(chooseScale([1e-7]), 0); // needs 7 places, more than the 6 tried
  assert.equal(chooseScale([Math.PI]), 0);
  assert.equal(chooseScale([Number.NaN, 1.5]), 0);
  assert.equal(chooseScale([Number.POSITIVE_INFINITY]), 0);
  assert.equal(chooseScale([]), 0);
});

const bits = (x: number) => {
  const f = new Float64Array([x]);
  return new BigUint64Array(f.buffer)[0];
};

test('value columns round-trip bit for bit, scaled or not', () => {
  const decimals = fc.array(
    fc
      .integer({ min: -1e9, max: 1e9 })
      .chain((n) => fc.constantFrom(n, n / 10, n / 100, n / 1000, n * 0.001, n * 0.01)),
    { maxLength: 80 },
  );
  const anyDoubles = fc.array(fc.double(), { maxLength: 80 });
  fc.assert(
    fc.property(fc.oneof(decimals, anyDoubles), (values) => {
      const enc = encodeValues(values);
      const back = decodeValues(enc.data, enc.scale);
      assert.equal(back.length, values.length);
      for (let i = 0; i < values.length; i++)
        assert.equal(bits(back[i]), bits(values[i]), `value ${i}: ${values[i]}`);
    }),
  );
});

test('milliseconds × 0.001 (node_exporter seconds) get the multiply scale and stay exact', () => {
  // 0.001 * 107737 is 107.73700000000001, not the double nearest 107.737 (which is 107737 / 1000).
  assert.notEqual(0.001 * 107_737, 107_737 / 1000);
  const values = [0.001 * 107_737, 0.001 * 107_740, 0.001 * 107_752];
  const scale = chooseScale(values);
  assert.equal(scale, 6 + 3);
  const back = decodeValues(encodeValues(values).data, scale);
  for (let i = 0; i < values.length; i++) assert.equal(bits(back[i]), bits(values[i]));
  // A column mixing both forms fits neither at 3 places; 4 places do not help either: kept as is.
  assert.equal(chooseScale([0.001 * 107_737, 107_737 / 1000]), 0);
});

test('decimal scaling makes centisecond counters markedly smaller', () => {
  // CPU seconds advance in USER_HZ centiseconds: as floats 0.01 never ends in binary.
  const values: number[] = [];
  let cs = 123_456_789;
  for (let i = 0; i < 3600; i++) {
    cs += 37 + (i % 7) * 11;
    values.push(cs / 100);
  }
  const scaled = encodeValues(values);
  assert.equal(scaled.scale, 2);
  const unscaled = encodeChunk(
    values.map((_, i) => i),
    values,
  );
  assert.ok(scaled.data.length * 2 < unscaled.length, `${scaled.data.length} vs ${unscaled.length} bytes`);
});

test('a column identical to an earlier one is stored as a 2-byte reference and reads back equal', () => {
  const ts = [60_000, 120_000, 180_000, 240_000];
  const last = [100.25, 101.5, 103, 104.75];
  const other = [1, 2, 3, 4];
  const one = packColumns(ts, [other, last]);
  const two = packColumns(ts, [other, last, [...last]]);
  assert.equal(two.length, one.length + 2);
  const back = unpackColumns(two);
  assert.equal(back.columns.length, 3);
  assert.deepEqual(Array.from(back.columns[1]), last);
  assert.deepEqual(Array.from(back.columns[2]), last);
  back.columns[2][0] = 0; // a copy, not a shared array
  assert.equal(back.columns[1][0], 100.25);
  // -0 and 0 differ in bits: not the same column.
  const z = unpackColumns(
    packColumns(
      [1, 2],
      [
        [0, 1],
        [-0, 1],
      ],
    ),
  );
  assert.ok(Object.is(z.columns[1][0], -0));
});

test('column container round-trips timestamps and several columns', () => {
  const ts = [60_000, 120_000, 240_000];
  const c = [
    [1.5, 2.5, -3],
    [10, 20, 30],
    [Number.NaN, 0, 1e300],
  ];
  const back = unpackColumns(packColumns(ts, c));
  assert.deepEqual(Array.from(back.ts), ts);
  assert.deepEqual(Array.from(back.columns[0]), c[0]);
  assert.deepEqual(Array.from(back.columns[1]), c[1]);
  assert.ok(Number.isNaN(back.columns[2][0]));
  assert.deepEqual(Array.from(back.columns[2]).slice(1), [0, 1e300]);
});

test('steps of a hand-made gauge and counter', () => {
  // 60 s steps. Samples at 10 s, 50 s (step 0), 70 s (step 60 000), 200 s (step 180 000).
  const ts = [10_000, 50_000, 70_000, 200_000];
  const g = computeSteps(ts, [3, 1, 4, 1.5], 60_000, false);
  assert.deepEqual(g.ts, [0, 60_000, 180_000]);
  assert.deepEqual(g.min, [1, 4, 1.5]);
  assert.deepEqual(g.max, [3, 4, 1.5]);
  assert.deepEqual(g.sum, [4, 4, 1.5]);
  assert.deepEqual(g.count, [2, 1, 1]);
  assert.deepEqual(g.last, [1, 4, 1.5]);
  assert.equal(g.inc, null);

  // Counter 100 → 110 → 5 (reset: +5) → 7; previous sample 95 at 5 s before the first: +5.
  const c = computeSteps(ts, [100, 110, 5, 7], 60_000, true, { ts: 5_000, value: 95 });
  assert.deepEqual(c.inc, [5 + 10, 5, 2]);
  // The same previous sample more than STALE_MS before the first sample does not bridge.
  const far = computeSteps(ts, [100, 110, 5, 7], 60_000, true, { ts: 10_000 - STALE_MS - 1, value: 95 });
  assert.deepEqual(far.inc, [10, 5, 2]);
});

test('sums stay decimal: 0.1 + 0.2 is 0.3 in a rollup', () => {
  const s = computeSteps([1, 2], [0.1, 0.2], 60_000, false);
  assert.equal(s.sum[0], 0.3);
});

test('NaN samples are skipped, not values', () => {
  const s = computeSteps([1_000, 2_000, 3_000], [5, Number.NaN, 7], 60_000, true);
  assert.deepEqual(s.count, [2]);
  assert.deepEqual(s.min, [5]);
  assert.deepEqual(s.inc, [2]);
  assert.deepEqual(computeSteps([1_000], [Number.NaN], 60_000, false).ts, []);
});

interface Case {
  ts: number[];
  values: number[];
  counter: boolean;
  prev: { ts: number; value: number } | null;
  step: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    gaps: fc.array(fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 900_000 })), {
      minLength: 1,
      maxLength: 120,
    }),
    start: fc.integer({ min: 0, max: 10_000_000 }),
    kind: fc.constantFrom('gauge', 'counter'),
    raw: fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 120, maxLength: 120 }),
    resets: fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
    decimals: fc.constantFrom(1, 10, 100),
    prevGap: fc.option(fc.integer({ min: 1, max: 2 * STALE_MS })),
    step: fc.constantFrom(60_000, 3_600_000),
  })
  .map((r) => {
    const ts: number[] = [];
    let t = r.start;
    for (const g of r.gaps) {
      t += g;
      ts.push(t);
    }
    const values: number[] = [];
    let acc = 1_000;
    for (let i = 0; i < ts.length; i++) {
      if (r.kind === 'counter') {
        acc = r.resets[i] && i % 9 === 4 ? Math.abs(r.raw[i]) : acc + Math.abs(r.raw[i]);
        values.push(acc / r.decimals);
      } else values.push(r.raw[i] / r.decimals);
    }
    const prev = r.prevGap === null ? null : { ts: ts[0] - r.prevGap, value: 900 / r.decimals };
    return { ts, values, counter: r.kind === 'counter', prev, step: r.step };
  });

test('computeSteps equals a brute-force per-step reference', () => {
  fc.assert(
    fc.property(caseArb, ({ ts, values, counter, prev, step }) => {
      const got = computeSteps(ts, values, step, counter, prev);
      // Reference: group samples by step; every consecutive pair (prev included) at most STALE_MS
      // apart adds its reset-aware delta to the later sample's step.
      const groups = new Map<number, number[]>();
      const inc = new Map<number, number>();
      for (let i = 0; i < ts.length; i++) {
        const k = Math.floor(ts[i] / step) * step;
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k)?.push(i);
        const p = i > 0 ? { ts: ts[i - 1], value: values[i - 1] } : prev;
        let d = 0;
        if (p && ts[i] - p.ts <= STALE_MS) d = values[i] >= p.value ? values[i] - p.value : values[i];
        inc.set(k, (inc.get(k) ?? 0) + d);
      }
      const keys = [...groups.keys()];
      assert.deepEqual(got.ts, keys);
      keys.forEach((k, j) => {
        const idx = groups.get(k) ?? [];
        const vs = idx.map((i) => values[i]);
        assert.equal(got.min[j], Math.min(...vs));
        assert.equal(got.max[j], Math.max(...vs));
        assert.equal(got.count[j], vs.length);
        assert.equal(got.last[j], vs[vs.length - 1]);
        assert.ok(
          approxEqual(
            got.sum[j],
            vs.reduce((a, b) => a + b, 0),
          ),
          `sum ${got.sum[j]}`,
        );
        if (counter) {
          assert.ok(
            approxEqual(got.inc?.[j] ?? Number.NaN, inc.get(k) ?? 0),
            `inc ${got.inc?.[j]} vs ${inc.get(k)}`,
          );
          assert.ok((got.inc?.[j] ?? -1) >= 0, 'an increase is never negative');
        } else assert.equal(got.inc, null);
      });
      // Stored and read back, the steps are the same numbers.
      assert.deepEqual(decodeSteps(encodeSteps(got)), got);
    }),
    { numRuns: 300 },
  );
});

test('replaceRange swaps exactly the steps of one window', () => {
  const base = computeSteps([0, 60_000, 120_000, 180_000], [1, 2, 3, 4], 60_000, false);
  const fresh = computeSteps([60_000, 90_000], [20, 30], 60_000, false);
  const r = replaceRange(base, 60_000, 180_000, fresh);
  assert.deepEqual(r.ts, [0, 60_000, 180_000]);
  assert.deepEqual(r.sum, [1, 50, 4]);
  assert.deepEqual(r.count, [1, 2, 1]);
  assert.deepEqual(replaceRange(emptySteps(false), 0, 60_000, fresh).ts, [60_000]);
});
