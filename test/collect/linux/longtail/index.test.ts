import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  collectLongTail,
  DEFAULT_LONGTAIL_COLLECTORS,
  LONGTAIL_COLLECTORS,
} from '../../../../src/collect/linux/longtail/index.js';
import { DEBIAN12, EDGE, EMPTY } from './fixtures.js';

test('collector lists: processes is off by default, as in node_exporter 1.5', () => {
  assert.equal(LONGTAIL_COLLECTORS.length, 13);
  assert.ok(!DEFAULT_LONGTAIL_COLLECTORS.includes('processes'));
  assert.deepEqual([...DEFAULT_LONGTAIL_COLLECTORS, 'processes'].sort(), [...LONGTAIL_COLLECTORS].sort());
});

test('collectLongTail on the Debian 12 capture: no errors, unique family names', () => {
  const { families, errors } = collectLongTail(DEBIAN12);
  assert.deepEqual(errors, []);
  const names = families.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes('node_uname_info'));
  assert.ok(!names.some((n) => n.startsWith('node_processes_')));
  for (const f of families) assert.ok(f.samples.length > 0, f.name);
});

test('collectLongTail reports failing collectors and keeps their partial series', () => {
  const edge = collectLongTail(EDGE);
  assert.deepEqual(
    edge.errors.map((e) => e.collector),
    ['entropy'],
  );
  assert.match(edge.errors[0].error, /poolsize/);
  assert.ok(edge.families.some((f) => f.name === 'node_entropy_available_bits'));

  const empty = collectLongTail(EMPTY, { collectors: LONGTAIL_COLLECTORS });
  assert.deepEqual(empty.errors.map((e) => e.collector).sort(), [
    'entropy',
    'filefd',
    'netstat',
    'processes',
    'softnet',
    'uname',
    'vmstat',
  ]);
  assert.deepEqual(
    empty.families.map((f) => f.name),
    ['node_processes_threads', 'node_time_seconds', 'node_time_zone_offset_seconds'],
  );
});

test('collectLongTail runs only the collectors asked for', () => {
  const { families, errors } = collectLongTail(DEBIAN12, { collectors: ['filefd', 'entropy'] });
  assert.deepEqual(errors, []);
  assert.deepEqual(
    families.map((f) => f.name),
    [
      'node_filefd_allocated',
      'node_filefd_maximum',
      'node_entropy_available_bits',
      'node_entropy_pool_size_bits',
    ],
  );
});
