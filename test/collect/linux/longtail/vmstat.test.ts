import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CollectorError } from '../../../../src/collect/linux/longtail/builder.js';
import {
  collectVmstat,
  parseVmstat,
  VMSTAT_DEFAULT_FIELDS,
} from '../../../../src/collect/linux/longtail/vmstat.js';
import { DEBIAN12, EDGE, EMPTY, family, names, value } from './fixtures.js';

test('parseVmstat keeps every line in order', () => {
  assert.deepEqual(parseVmstat('nr_free_pages 10\npgfault 42\n'), [
    { name: 'nr_free_pages', value: 10 },
    { name: 'pgfault', value: 42 },
  ]);
});

test('parseVmstat rejects a bad value anywhere, like node_exporter', () => {
  assert.throws(() => parseVmstat('pgfault 1\nnr_x abc\n'), /invalid value/);
});

test('default field filter matches node_exporter', () => {
  for (const f of ['oom_kill', 'pgpgin', 'pswpout', 'pgfault', 'pgmajfault'])
    assert.ok(VMSTAT_DEFAULT_FIELDS.test(f), f);
  for (const f of ['nr_free_pages', 'pgscan_kswapd', 'workingset_refault_anon', 'pgsteal_direct']) {
    assert.ok(!VMSTAT_DEFAULT_FIELDS.test(f), f);
  }
});

test('collectVmstat on the Debian 12 capture', () => {
  const fams = collectVmstat(DEBIAN12);
  assert.deepEqual(names(fams), [
    'node_vmstat_oom_kill',
    'node_vmstat_pgfault',
    'node_vmstat_pgmajfault',
    'node_vmstat_pgpgin',
    'node_vmstat_pgpgout',
    'node_vmstat_pswpin',
    'node_vmstat_pswpout',
  ]);
  assert.equal(value(fams, 'node_vmstat_pgpgin'), 1686745);
  assert.equal(value(fams, 'node_vmstat_pgfault'), 5584870);
  assert.equal(value(fams, 'node_vmstat_pgmajfault'), 1841);
  const f = family(fams, 'node_vmstat_pgfault');
  assert.equal(f.type, 'untyped');
  assert.equal(f.help, '/proc/vmstat information field pgfault.');
});

test('collectVmstat on hand-made edges: uint64 max rounds like float64', () => {
  const fams = collectVmstat(EDGE);
  assert.equal(value(fams, 'node_vmstat_pgfault'), 2 ** 64);
  assert.equal(value(fams, 'node_vmstat_oom_kill'), 3);
  assert.equal(value(fams, 'node_vmstat_pswpin'), 12);
  assert.ok(!names(fams).includes('node_vmstat_pgscan_kswapd'));
});

test('collectVmstat with a custom field pattern', () => {
  const fams = collectVmstat(EDGE, /^nr_/);
  assert.deepEqual(names(fams), ['node_vmstat_nr_free_pages', 'node_vmstat_nr_zone_inactive_anon']);
  assert.equal(value(fams, 'node_vmstat_nr_free_pages'), 3943590);
});

test('collectVmstat without /proc/vmstat fails', () => {
  assert.throws(
    () => collectVmstat(EMPTY),
    (e: unknown) => e instanceof CollectorError && e.collector === 'vmstat' && e.partial.length === 0,
  );
});
