import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Ring } from '../../src/store/ring.js';

test('keeps the last `capacity` items, oldest first, and filters by time', () => {
  const r = new Ring<{ t: number }>(3, (x) => x.t);
  assert.equal(r.latest(), undefined);
  assert.deepEqual(r.since(0), []);
  for (let t = 1; t <= 5; t++) r.push({ t });
  assert.equal(r.size, 3);
  assert.deepEqual(
    r.since(0).map((x) => x.t),
    [3, 4, 5],
  );
  assert.deepEqual(
    r.since(4).map((x) => x.t),
    [4, 5],
  );
  assert.deepEqual(r.since(6), []);
  assert.equal(r.latest()?.t, 5);
});

test('since() equals a brute-force filter of the last N pushes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }),
      fc.integer({ min: -5, max: 200 }),
      (cap, steps, since) => {
        const r = new Ring<number>(cap, (x) => x);
        const all: number[] = [];
        let t = 0;
        for (const d of steps) {
          t += d;
          r.push(t);
          all.push(t);
        }
        const expected = all.slice(-cap).filter((x) => x >= since);
        assert.deepEqual(r.since(since), expected);
      },
    ),
  );
});

test('rejects a capacity below 1', () => {
  assert.throws(() => new Ring<number>(0, (x) => x), /capacity/);
});
