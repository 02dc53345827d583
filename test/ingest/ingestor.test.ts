// The ingest path after the parsers: Ingestor's limits (checked once per labels object, since a
// parser's points of one line share one) into a real store, and CustomMetrics' latest values.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CustomMetrics } from '../../src/ingest/custom-metrics.js';
import { Ingestor } from '../../src/ingest/ingestor.js';
import type { Point } from '../../src/store/tsdb/tsdb.js';
import { T0, testStore } from '../store/tsdb/helpers.js';

const limits = { maxBodyMb: 10, maxLabels: 3, maxLabelLength: 8 };

/** The points of one line protocol line: one labels object, one point per field. */
function line(
  measurement: string,
  labels: Record<string, string>,
  fields: Record<string, number>,
  ts: number,
) {
  return Object.entries(fields).map(
    ([f, value]): Point => ({ name: `${measurement}_${f}`, labels, value, ts }),
  );
}

test('limits apply per point and per labels object; refused points are counted, the rest stored', () => {
  const t = testStore();
  try {
    const custom = new CustomMetrics();
    const ing = new Ingestor(t.db, custom, limits);
    const ok = { host: 'a', cpu: '0' };
    const long = { host: 'abcdefghi' }; // 9 characters, over 8
    const many = { a: '1', b: '2', c: '3', d: '4' };
    const badLabel = { '0x': 'v' };
    const points = [
      ...line('cpu', ok, { user: 1, system: 2 }, T0),
      ...line('mem', long, { used: 3, free: 4 }, T0),
      { name: 'bad-name', labels: ok, value: 5, ts: T0 },
      ...line('cpu', ok, { idle: 6 }, Number.NaN),
      ...line('disk', many, { used: 7 }, T0),
      ...line('disk', badLabel, { used: 8 }, T0),
      ...line('net', { host: 'a' }, { rx: 9, tx: 10 }, T0),
    ];
    const o = ing.ingest('influx', points);
    assert.equal(o.accepted, 4);
    assert.equal(o.rejected, 2 + 1 + 1 + 1 + 1);
    assert.deepEqual(ing.stats().refused, { label_too_long: 2, invalid: 3, too_many_labels: 1 });
    assert.deepEqual(
      o.errors.map((e) => e.message),
      [
        'label host is 9 characters, more than max_label_length 8',
        'label host is 9 characters, more than max_label_length 8',
        'invalid metric name "bad-name"',
        'invalid timestamp',
        '4 labels, more than max_labels 3',
        'invalid label name "0x"',
      ],
    );
    assert.deepEqual(
      t.db.listSeries().map((s) => s.name),
      ['cpu_user', 'cpu_system', 'net_rx', 'net_tx'],
    );
    assert.deepEqual(t.db.rawSamples('net_tx', { host: 'a' }, T0, T0), [[T0, 10]]);
    assert.equal(custom.size, 4);

    // Nothing refused: every point stored, duplicates counted.
    const again = ing.ingest('influx', [
      ...line('cpu', ok, { user: 1 }, T0),
      ...line('cpu', ok, { user: 2 }, T0 + 1),
    ]);
    assert.deepEqual([again.accepted, again.rejected, again.duplicates], [1, 0, 1]);
    assert.equal(ing.stats().accepted.influx, 5);
  } finally {
    t.cleanup();
  }
});

test('custom metrics keep the latest value per series, whatever the label order', () => {
  const c = new CustomMetrics();
  c.record([
    { name: 'm', labels: { b: '2', a: '1' }, value: 1, ts: 10 },
    { name: 'n', labels: { a: '1', b: '2' }, value: 2, ts: 10, type: 'counter' },
  ]);
  // Same label set in the other order: the same series. An older point does not replace a newer one.
  c.record([
    { name: 'm', labels: { a: '1', b: '2' }, value: 3, ts: 20 },
    { name: 'n', labels: { b: '2', a: '1' }, value: 4, ts: 5 },
    { name: 'm', labels: { a: '1', b: '3' }, value: 5, ts: 20 },
  ]);
  assert.equal(c.size, 3);
  assert.deepEqual(
    c.all().map((s) => [s.name, s.labels.b, s.value, s.ts, s.type]),
    [
      ['m', '2', 3, 20, 'gauge'],
      ['n', '2', 2, 10, 'counter'],
      ['m', '3', 5, 20, 'gauge'],
    ],
  );
  assert.deepEqual(c.names(), ['m', 'n']);
  assert.deepEqual(
    c.families().map((f) => [f.name, f.type, f.samples.length]),
    [
      ['m', 'gauge', 2],
      ['n', 'counter', 1],
    ],
  );
  assert.equal(c.clear(), 3);
  assert.equal(c.size, 0);
  c.record([{ name: 'm', labels: { a: '1', b: '2' }, value: 9, ts: 1 }]);
  assert.deepEqual(
    c.all().map((s) => s.value),
    [9],
  );
});

test('frozen labels objects (the line protocol parser shares one per tag set) are judged and keyed once, across requests', () => {
  const t = testStore();
  try {
    const custom = new CustomMetrics();
    const ing = new Ingestor(t.db, custom, limits);
    const good = Object.freeze({ host: 'a' });
    const bad = Object.freeze({ host: 'abcdefghi' });
    for (let k = 0; k < 2; k++) {
      const o = ing.ingest('influx', [
        ...line('cpu', good, { user: k, system: 10 + k }, T0 + k),
        ...line('cpu', bad, { user: k }, T0 + k),
      ]);
      assert.deepEqual([o.accepted, o.rejected], [2, 1]);
    }
    assert.deepEqual(ing.stats().refused, { label_too_long: 2 });
    assert.deepEqual(t.db.rawSamples('cpu_system', { host: 'a' }, T0, T0 + 1), [
      [T0, 10],
      [T0 + 1, 11],
    ]);
    // Custom metrics: a frozen and a plain object with the same labels are one series.
    custom.record([{ name: 'cpu_user', labels: { host: 'a' }, value: 7, ts: T0 + 5 }]);
    assert.equal(custom.size, 2);
    assert.deepEqual(
      custom.all().map((s) => [s.name, s.value]),
      [
        ['cpu_user', 7],
        ['cpu_system', 11],
      ],
    );
  } finally {
    t.cleanup();
  }
});
