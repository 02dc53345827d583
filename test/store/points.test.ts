import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricFamily } from '../../src/export/family.js';
import { compileNamePatterns, familiesToPoints } from '../../src/store/points.js';

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
