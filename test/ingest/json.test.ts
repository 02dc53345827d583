import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseMetricBatch, parseSimpleMetric, timestampMs } from '../../src/ingest/json.js';
import { parseSnapshotPost } from '../../src/ingest/snapshot.js';

const NOW = 1_763_000_000_000;

test('simple metric: name, value, tags, timestamp units, metric_type', () => {
  const r = parseSimpleMetric(
    { name: 'q_depth', value: 3, tags: { q: 'a', n: 2 }, timestamp: 1_700_000_000, metric_type: 'counter' },
    NOW,
  );
  assert.deepEqual(r, {
    points: [
      { name: 'q_depth', labels: { q: 'a', n: '2' }, value: 3, ts: 1_700_000_000_000, type: 'counter' },
    ],
    rejected: 0,
    errors: [],
  });
  assert.equal(parseSimpleMetric({ name: 'x', value: true }, NOW).points[0].value, 1);
  assert.equal(parseSimpleMetric({ name: 'x', value: 1 }, NOW).points[0].ts, NOW);
});

test('timestamps in s, ms, µs and ns are told apart by magnitude', () => {
  assert.equal(timestampMs(1_700_000_000, NOW), 1_700_000_000_000);
  assert.equal(timestampMs(1_700_000_000_123, NOW), 1_700_000_000_123);
  assert.equal(timestampMs(1_700_000_000_123_456, NOW), 1_700_000_000_123);
  assert.equal(timestampMs(1_704_067_200_000_000_000, NOW), 1_704_067_200_000);
  assert.equal(timestampMs('1700000000', NOW), 1_700_000_000_000);
  assert.equal(timestampMs(-1, NOW), null);
  assert.equal(timestampMs('soon', NOW), null);
});

test('each bad simple metric names its field', () => {
  const cases: [unknown, string][] = [
    [null, '$'],
    [{ value: 1 }, '$.name'],
    [{ name: '1abc', value: 1 }, '$.name'],
    [{ name: 'a', value: 'x' }, '$.value'],
    [{ name: 'a' }, '$.value'],
    [{ name: 'a', value: 1, tags: [] }, '$.tags'],
    [{ name: 'a', value: 1, tags: { 'bad-key': 'v' } }, '$.tags.bad-key'],
    [{ name: 'a', value: 1, tags: { __name__: 'v' } }, '$.tags.__name__'],
    [{ name: 'a', value: 1, tags: { k: { nested: 1 } } }, '$.tags.k'],
    [{ name: 'a', value: 1, timestamp: 'later' }, '$.timestamp'],
    [{ name: 'a', value: 1, metric_type: 'histogramz' }, '$.metric_type'],
  ];
  for (const [body, field] of cases) {
    const r = parseSimpleMetric(body, NOW);
    assert.equal(r.points.length, 0, JSON.stringify(body));
    assert.equal(r.rejected, 1);
    assert.equal(r.errors[0].field, field, JSON.stringify(body));
  }
});

test('batch: fields fan out, value keeps the name, bad items are rejected alone', () => {
  const r = parseMetricBatch(
    {
      metrics: [
        { name: 'cpu', fields: { user: 1.5, value: 9 }, tags: { core: '0' } },
        { name: 'cpu', fields: {} },
        { name: 'mem', fields: { used: 'lots', free: 3 } },
      ],
    },
    NOW,
  );
  assert.deepEqual(
    r.points.map((p) => [p.name, p.value]),
    [
      ['cpu_user', 1.5],
      ['cpu', 9],
      ['mem_free', 3],
    ],
  );
  assert.equal(r.rejected, 2);
  assert.deepEqual(
    r.errors.map((e) => e.field),
    ['metrics[1].fields', 'metrics[2].fields.used'],
  );
  assert.equal(parseMetricBatch({ metric: [] }, NOW).errors[0].field, '$.metrics');
});

test('fuzz: any JSON value into either format returns a result, never throws, and counts add up', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      for (const r of [parseSimpleMetric(v, NOW), parseMetricBatch(v, NOW), parseSnapshotPost(v, NOW)]) {
        assert.ok(Array.isArray(r.points) && r.rejected >= 0);
        for (const p of r.points) assert.ok(Number.isFinite(p.ts) && typeof p.value === 'number');
      }
    }),
    { numRuns: 15_000 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('a', 'b_c', 'x:y'), fc.string()),
            fields: fc.dictionary(fc.string(), fc.oneof(fc.double(), fc.boolean(), fc.string())),
            tags: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
            timestamp: fc.oneof(fc.integer(), fc.double(), fc.string()),
          },
          { requiredKeys: [] },
        ),
      ),
      (metrics) => {
        const r = parseMetricBatch({ metrics }, NOW);
        const fieldCount = metrics.reduce(
          (n, m) => n + (m.fields && Object.keys(m.fields).length > 0 ? Object.keys(m.fields).length : 1),
          0,
        );
        assert.ok(r.points.length + r.rejected <= fieldCount);
      },
    ),
    { numRuns: 5_000 },
  );
});
