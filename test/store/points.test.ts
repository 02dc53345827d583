import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricFamily } from '../../src/export/family.js';
import { compileNamePatterns, familiesToPoints, PointCache } from '../../src/store/points.js';
import { T0, testStore } from './tsdb/helpers.js';

const fams: MetricFamily[] = [
  { name: 'node_load1', help: '', type: 'gauge', samples: [{ labels: {}, value: 0.5 }] },
  {
    name: 'node_cpu_seconds_total',
    help: '',
    type: 'counter',
    samples: [
      { labels: { cpu: '0', mode: 'idle' }, value: 10 },
      { labels: { cpu: '0', mode: 'user' }, value: 2 },
    ],
  },
  { name: 'node_uname_info', help: '', type: 'gauge', samples: [{ labels: { release: '6.1' }, value: 1 }] },
  { name: 'node_netstat_Tcp_InSegs', help: '', type: 'untyped', samples: [{ labels: {}, value: 7 }] },
];

test('every sample becomes a point with the host label, the tick time and its type', () => {
  const pts = familiesToPoints(fams, 'web1', 1000, null);
  assert.equal(pts.length, 5);
  assert.deepEqual(pts[1], {
    name: 'node_cpu_seconds_total',
    labels: { cpu: '0', mode: 'idle', host: 'web1' },
    value: 10,
    ts: 1000,
    type: 'counter',
  });
  assert.equal(pts[0].type, 'gauge');
  assert.equal(pts[4].type, 'gauge', 'untyped is kept as a gauge');
});

test('exclude patterns drop whole families; * matches any run, anchored at both ends', () => {
  const re = compileNamePatterns(['node_netstat_*', 'node_*_info']);
  const names = familiesToPoints(fams, 'h', 1, re).map((p) => p.name);
  assert.deepEqual(names, ['node_load1', 'node_cpu_seconds_total', 'node_cpu_seconds_total']);
  assert.equal(compileNamePatterns([]), null);
  assert.equal(compileNamePatterns(['node_load'])?.test('node_load1'), false);
});

test('PointCache gives what familiesToPoints gives, tick after tick, reusing each series point', () => {
  const cache = new PointCache('web1', null);
  const first = cache.points(fams, 1000).slice();
  assert.deepEqual(first, familiesToPoints(fams, 'web1', 1000, null));
  assert.ok(
    first.every((p) => Object.isFrozen(p.labels)),
    'labels are frozen so the store may key by identity',
  );

  const next: MetricFamily[] = fams.map((f) => ({
    ...f,
    samples: f.samples.map((s) => ({ labels: { ...s.labels }, value: s.value + 1 })),
  }));
  const second = cache.points(next, 2000);
  assert.deepEqual(second, familiesToPoints(next, 'web1', 2000, null));
  for (let i = 0; i < first.length; i++) assert.equal(second[i], first[i], `point ${i} is the same object`);
  assert.equal(second[1].value, 11);
  assert.equal(second[1].ts, 2000);
});

test('PointCache builds a new point when a position holds another series, and honours exclude', () => {
  const cache = new PointCache('h', compileNamePatterns(['node_netstat_*']));
  const before = cache.points(fams, 1).slice();
  assert.equal(before.length, 4, 'node_netstat_Tcp_InSegs is excluded');
  const changed: MetricFamily[] = [
    fams[0],
    {
      ...fams[1],
      // cpu 1 instead of cpu 0 at position 0; position 1 also gains a label; one series gone at the end.
      samples: [
        { labels: { cpu: '1', mode: 'idle' }, value: 3 },
        { labels: { cpu: '0', mode: 'user', extra: 'x' }, value: 4 },
      ],
    },
    { ...fams[2], samples: [] },
    fams[3],
  ];
  const after = cache.points(changed, 2);
  assert.deepEqual(after, familiesToPoints(changed, 'h', 2, compileNamePatterns(['node_netstat_*'])));
  assert.equal(after.length, 3);
  assert.equal(after[0], before[0], 'node_load1 unchanged: same object');
  assert.notEqual(after[1], before[1]);
  assert.deepEqual(after[1].labels, { cpu: '1', mode: 'idle', host: 'h' });
  assert.deepEqual(after[2].labels, { cpu: '0', mode: 'user', extra: 'x', host: 'h' });
  // And back: the label set of before[1] is built again, not confused with the cached cpu 1 point.
  const back = cache.points(fams, 3);
  assert.deepEqual(back[1].labels, { cpu: '0', mode: 'idle', host: 'h' });
});

test('PointCache: a sample label named host is replaced by the agent host, as with spread', () => {
  const f: MetricFamily[] = [
    { name: 'm', help: '', type: 'gauge', samples: [{ labels: { host: 'other', a: '1' }, value: 1 }] },
  ];
  const cache = new PointCache('me', null);
  const a = cache.points(f, 1)[0];
  assert.deepEqual(a.labels, { host: 'me', a: '1' });
  assert.equal(cache.points(f, 2)[0], a, 'recognised again despite the host label in the sample');
});

test('the store files PointCache points under the right series across ticks and label changes', () => {
  const st = testStore();
  try {
    const cache = new PointCache('h', null);
    const fam = (labels: Record<string, string>, value: number): MetricFamily[] => [
      { name: 'g', help: '', type: 'gauge', samples: [{ labels, value }] },
    ];
    assert.equal(st.db.append(cache.points(fam({ d: 'a' }, 1), T0)).accepted, 1);
    assert.equal(st.db.append(cache.points(fam({ d: 'a' }, 2), T0 + 1000)).accepted, 1);
    assert.equal(st.db.append(cache.points(fam({ d: 'b' }, 3), T0 + 2000)).accepted, 1);
    assert.equal(st.db.append(cache.points(fam({ d: 'a' }, 4), T0 + 3000)).accepted, 1);
    // A second cache (a restarted agent) hands other objects for the same series.
    st.db.append(new PointCache('h', null).points(fam({ d: 'a' }, 5), T0 + 4000));
    assert.deepEqual(st.db.rawSamples('g', { d: 'a', host: 'h' }, T0, T0 + 9000), [
      [T0, 1],
      [T0 + 1000, 2],
      [T0 + 3000, 4],
      [T0 + 4000, 5],
    ]);
    assert.deepEqual(st.db.rawSamples('g', { d: 'b', host: 'h' }, T0, T0 + 9000), [[T0 + 2000, 3]]);
    // A repeated tick is a duplicate, found through the cached series as through the key.
    assert.equal(st.db.append(cache.points(fam({ d: 'a' }, 9), T0 + 3000)).duplicates, 1);
  } finally {
    st.cleanup();
  }
});

test('the store keys a frozen labels object by identity only together with the metric name', () => {
  const st = testStore();
  try {
    const labels = Object.freeze({ host: 'h' });
    st.db.append([{ name: 'x', labels, value: 1, ts: T0 }]);
    st.db.append([{ name: 'y', labels, value: 2, ts: T0 + 1000 }]);
    st.db.append([{ name: 'x', labels, value: 3, ts: T0 + 2000 }]);
    assert.deepEqual(st.db.rawSamples('x', { host: 'h' }, T0, T0 + 9000), [
      [T0, 1],
      [T0 + 2000, 3],
    ]);
    assert.deepEqual(st.db.rawSamples('y', { host: 'h' }, T0, T0 + 9000), [[T0 + 1000, 2]]);
  } finally {
    st.cleanup();
  }
});
