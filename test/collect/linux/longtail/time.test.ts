import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  clocksourceDirs,
  collectTime,
  parseClocksource,
} from '../../../../src/collect/linux/longtail/time.js';
import { localZone, parseTzFooter, parseTzif, zoneName } from '../../../../src/collect/linux/longtail/tz.js';
import { DEBIAN12, EDGE, EMPTY, family, value } from './fixtures.js';

const NOW = new Date('2026-03-01T12:00:00.250Z');

test('collectTime: wall clock, zone and the Debian 12 clocksource', () => {
  const fams = collectTime(DEBIAN12, NOW);
  assert.equal(value(fams, 'node_time_seconds'), 1772366400.25);
  const zone = localZone(NOW);
  assert.equal(
    value(fams, 'node_time_zone_offset_seconds', { time_zone: zone.name }),
    0 - NOW.getTimezoneOffset() * 60,
  );
  // debian12/sys/devices/system/clocksource/clocksource0: available "tsc kvm-clock", current "tsc".
  assert.deepEqual(
    family(fams, 'node_time_clocksource_available_info').samples.map((s) => s.labels),
    [
      { clocksource: 'tsc', device: '0' },
      { clocksource: 'kvm-clock', device: '0' },
    ],
  );
  assert.deepEqual(family(fams, 'node_time_clocksource_current_info').samples, [
    { labels: { clocksource: 'tsc', device: '0' }, value: 1 },
  ]);
  assert.equal(
    family(fams, 'node_time_clocksource_current_info').help,
    "Current clocksource read from '/sys/devices/system/clocksource'.",
  );
});

test('collectTime labels clocksources by sorted glob index', () => {
  const fams = collectTime(EDGE, NOW);
  assert.equal(family(fams, 'node_time_clocksource_available_info').samples.length, 4);
  assert.equal(
    value(fams, 'node_time_clocksource_current_info', { clocksource: 'arch_sys_counter', device: '1' }),
    1,
  );
  assert.deepEqual(
    clocksourceDirs(['clocksource2', 'clocksource10', 'power', 'clocksource1', 'clocksourceX']),
    ['clocksource1', 'clocksource10', 'clocksource2'],
  );
  assert.deepEqual(parseClocksource('0', 'tsc hpet acpi_pm ', 'tsc'), {
    device: '0',
    available: ['tsc', 'hpet', 'acpi_pm'],
    current: 'tsc',
  });
});

test('collectTime without clocksources still reports time and zone', () => {
  const fams = collectTime(EMPTY, NOW);
  assert.deepEqual(
    fams.map((f) => f.name),
    ['node_time_seconds', 'node_time_zone_offset_seconds'],
  );
});

/** A TZif v2 file: CET/CEST with two transitions and a POSIX footer. */
function tzif(transitions: number[], typeIdx: number[], footer: string): Buffer {
  const header = (timecnt: number, typecnt: number, charcnt: number) => {
    const h = Buffer.alloc(44);
    h.write('TZif2', 0, 'latin1');
    h.writeUInt32BE(timecnt, 32);
    h.writeUInt32BE(typecnt, 36);
    h.writeUInt32BE(charcnt, 40);
    return h;
  };
  const chars = Buffer.from('CET\0CEST\0', 'latin1');
  const times = Buffer.alloc(8 * transitions.length);
  for (const [i, t] of transitions.entries()) times.writeBigInt64BE(BigInt(t), i * 8);
  const types = Buffer.alloc(12);
  types.writeInt32BE(3600, 0);
  types[4] = 0;
  types[5] = 0;
  types.writeInt32BE(7200, 6);
  types[10] = 1;
  types[11] = 4;
  return Buffer.concat([
    header(0, 0, 0),
    header(transitions.length, 2, chars.length),
    times,
    Buffer.from(typeIdx),
    types,
    chars,
    Buffer.from(`\n${footer}\n`, 'latin1'),
  ]);
}

test('parseTzif and zoneName follow transitions, then the footer', () => {
  const info = parseTzif(tzif([1000, 2000], [1, 0], 'CET-1CEST,M3.5.0,M10.5.0/3'));
  assert.deepEqual(info.types, [
    { offsetSeconds: 3600, isDst: false, abbr: 'CET' },
    { offsetSeconds: 7200, isDst: true, abbr: 'CEST' },
  ]);
  assert.deepEqual(info.transitions, [
    { at: 1000, type: 1 },
    { at: 2000, type: 0 },
  ]);
  assert.equal(info.footer, 'CET-1CEST,M3.5.0,M10.5.0/3');
  assert.equal(zoneName(info, 500, 3600), 'CET');
  assert.equal(zoneName(info, 1500, 7200), 'CEST');
  assert.equal(zoneName(info, 5000, 7200), 'CEST');
  assert.equal(zoneName(info, 5000, 3600), 'CET');
  assert.throws(() => parseTzif(Buffer.from('nope')), /TZif/);
});

test('parseTzFooter reads std/dst names and offsets', () => {
  assert.deepEqual(parseTzFooter('UTC0'), { std: 'UTC', stdOffsetSeconds: 0 });
  assert.deepEqual(parseTzFooter('<+0530>-5:30'), { std: '+0530', stdOffsetSeconds: 19800 });
  assert.deepEqual(parseTzFooter('EST5EDT,M3.2.0,M11.1.0'), {
    std: 'EST',
    stdOffsetSeconds: -18000,
    dst: 'EDT',
    dstOffsetSeconds: -14400,
  });
});

test('zoneName on the system tzdata, when installed', (t) => {
  const path = '/usr/share/zoneinfo/Europe/Berlin';
  if (!existsSync(path)) {
    t.skip('no tzdata');
    return;
  }
  const info = parseTzif(readFileSync(path));
  assert.equal(zoneName(info, Date.UTC(2024, 0, 15) / 1000, 3600), 'CET');
  assert.equal(zoneName(info, Date.UTC(2024, 6, 15) / 1000, 7200), 'CEST');
  assert.equal(zoneName(info, Date.UTC(2040, 6, 15) / 1000, 7200), 'CEST');
});
