import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { collectPressure, parsePsi } from '../../../../src/collect/linux/longtail/pressure.js';
import { collectSchedstat, parseSchedstat } from '../../../../src/collect/linux/longtail/schedstat.js';
import { collectSoftnet, parseSoftnet } from '../../../../src/collect/linux/longtail/softnet.js';
import { DEBIAN12, EDGE, EMPTY, family, names, value } from './fixtures.js';

test('parseSchedstat takes the last three counters of cpuN lines', () => {
  const text =
    'version 15\ntimestamp 1\ncpu0 0 0 0 0 0 0 100 200 3\ndomain0 03 1 2 3\ncpu1 0 0 0 0 0 0 4 5 6\n';
  assert.deepEqual(parseSchedstat(text), [
    { cpu: '0', runningNanoseconds: 100, waitingNanoseconds: 200, runTimeslices: 3 },
    { cpu: '1', runningNanoseconds: 4, waitingNanoseconds: 5, runTimeslices: 6 },
  ]);
  assert.deepEqual(parseSchedstat('cpu0 1 2 3\n'), []);
});

test('collectSchedstat on the hand-made version-15 file', () => {
  const fams = collectSchedstat(DEBIAN12);
  // cpu0 0 0 0 0 0 0 2066413744 160349232 21455
  assert.equal(value(fams, 'node_schedstat_running_seconds_total', { cpu: '0' }), 2.066413744);
  assert.equal(value(fams, 'node_schedstat_waiting_seconds_total', { cpu: '0' }), 0.160349232);
  assert.equal(value(fams, 'node_schedstat_timeslices_total', { cpu: '1' }), 19980);
  assert.equal(family(fams, 'node_schedstat_timeslices_total').type, 'counter');
  assert.equal(
    family(fams, 'node_schedstat_waiting_seconds_total').help,
    'Number of seconds spent by processing waiting for this CPU.',
  );
  assert.deepEqual(collectSchedstat(EDGE), []);
});

test('parseSoftnet reads the first three hex columns and needs nine', () => {
  assert.deepEqual(parseSoftnet('0000000a 00000001 000000ff 0 0 0 0 0 0\n'), [
    { processed: 10, dropped: 1, timeSqueezed: 255 },
  ]);
  assert.throws(() => parseSoftnet('0000000a 00000001 000000ff\n'), /at least 9/);
  assert.throws(() => parseSoftnet('1ffffffff 0 0 0 0 0 0 0 0\n'), /invalid/);
});

test('parseSoftnet round-trips uint32 rows', () => {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff), fc.nat(0xffffffff)), { maxLength: 8 }),
      (rows) => {
        const text = rows
          .map(([a, b, c]) => `${[a, b, c].map(hex).join(' ')} ${'00000000 '.repeat(10)}\n`)
          .join('');
        assert.deepEqual(
          parseSoftnet(text),
          rows.map(([processed, dropped, timeSqueezed]) => ({ processed, dropped, timeSqueezed })),
        );
      },
    ),
  );
});

test('collectSoftnet labels rows by index', () => {
  const fams = collectSoftnet(EDGE);
  assert.equal(value(fams, 'node_softnet_processed_total', { cpu: '0' }), 0xabcd);
  assert.equal(value(fams, 'node_softnet_processed_total', { cpu: '1' }), 2147483647);
  assert.equal(value(fams, 'node_softnet_dropped_total', { cpu: '1' }), 255);
  assert.equal(value(fams, 'node_softnet_times_squeezed_total', { cpu: '0' }), 10);
  assert.equal(
    family(fams, 'node_softnet_times_squeezed_total').help,
    'Number of times processing packets ran out of quota',
  );
  const deb = collectSoftnet(DEBIAN12);
  assert.equal(value(deb, 'node_softnet_processed_total', { cpu: '1' }), 0x22a4);
  assert.throws(() => collectSoftnet(EMPTY), /could not get softnet statistics/);
});

test('parsePsi reads some and full lines', () => {
  assert.deepEqual(parsePsi('some avg10=0.02 avg60=0.46 avg300=1.53 total=13892170\n'), {
    some: { avg10: 0.02, avg60: 0.46, avg300: 1.53, total: 13892170 },
  });
  assert.throws(() => parsePsi('some avg10=x avg60=0 avg300=0 total=1\n'), /malformed/);
  assert.deepEqual(parsePsi('other 1\n'), {});
});

test('collectPressure converts microseconds to seconds', () => {
  const fams = collectPressure(DEBIAN12);
  assert.deepEqual(names(fams), [
    'node_pressure_cpu_waiting_seconds_total',
    'node_pressure_io_stalled_seconds_total',
    'node_pressure_io_waiting_seconds_total',
    'node_pressure_memory_stalled_seconds_total',
    'node_pressure_memory_waiting_seconds_total',
  ]);
  // debian12/proc/pressure: cpu some total=23948343, io some 7391261 full 6992929.
  assert.equal(value(fams, 'node_pressure_cpu_waiting_seconds_total'), 23948343 / 1e6);
  assert.equal(value(fams, 'node_pressure_io_waiting_seconds_total'), 7391261 / 1e6);
  assert.equal(value(fams, 'node_pressure_io_stalled_seconds_total'), 6992929 / 1e6);
  assert.equal(value(fams, 'node_pressure_memory_stalled_seconds_total'), 0);
  assert.equal(family(fams, 'node_pressure_cpu_waiting_seconds_total').type, 'counter');
});

test('collectPressure stops quietly at the first missing resource', () => {
  const fams = collectPressure(EDGE);
  assert.deepEqual(names(fams), ['node_pressure_cpu_waiting_seconds_total']);
  assert.equal(value(fams, 'node_pressure_cpu_waiting_seconds_total'), 123.456789);
  assert.deepEqual(collectPressure(EMPTY), []);
});
