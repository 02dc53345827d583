import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lastHalf, max, median } from '../../bench/lib/stats.js';
import { formatTable } from '../../bench/lib/table.js';

test('median of odd and even counts, unsorted input left as it was', () => {
  const xs = [3, 1, 2];
  assert.equal(median(xs), 2);
  assert.deepEqual(xs, [3, 1, 2]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('median lies between the smallest and the largest value (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer(), { minLength: 1 }), (xs) => {
      const m = median(xs);
      assert.ok(m >= Math.min(...xs) && m <= max(xs));
    }),
  );
});

test('lastHalf keeps the later, larger half', () => {
  assert.deepEqual(lastHalf([1, 2, 3, 4, 5]), [3, 4, 5]);
  assert.deepEqual(lastHalf([1, 2, 3, 4]), [3, 4]);
  assert.deepEqual(lastHalf([7]), [7]);
});

test('formatTable pads the first column right and the others left, with a rule under the header', () => {
  const t = formatTable(
    ['agent', 'MiB'],
    [
      ['hostpulse', '66.5'],
      ['ne', '120.25'],
    ],
  );
  assert.equal(
    t,
    ['agent         MiB', '---------  ------', 'hostpulse    66.5', 'ne         120.25'].join('\n'),
  );
});

test('formatTable left-aligns as many leading text columns as asked', () => {
  const t = formatTable(['agent', 'path', 'ms'], [['hp', '/metrics/latest', '3.7']], 2);
  assert.equal(
    t,
    [
      `agent  path${' '.repeat(11 + 2 + 1)}ms`,
      '-----  ---------------  ---',
      'hp     /metrics/latest  3.7',
    ].join('\n'),
  );
});
