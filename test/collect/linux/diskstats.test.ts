import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DISK_DEVICE_EXCLUDE, DiskCollector, parseDiskstats } from '../../../src/collect/linux/diskstats.js';

const FIXTURES = new URL('../../fixtures/proc/', import.meta.url).pathname;

test('parseDiskstats reads the 14-, 18- and 20-field layouts', () => {
  const text = [
    '   8       0 sda 1 2 3 4 5 6 7 8 9 10 11',
    '   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15',
    ' 259       0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17',
    '   8       1 sda1 1 2 3 4', // 2.4-era partition line: too short, skipped
    '',
  ].join('\n');
  const [a, b, c, ...rest] = parseDiskstats(text);
  assert.equal(rest.length, 0);
  assert.deepEqual(a, {
    major: 8,
    minor: 0,
    device: 'sda',
    readsCompleted: 1,
    readsMerged: 2,
    sectorsRead: 3,
    readTimeMs: 4,
    writesCompleted: 5,
    writesMerged: 6,
    sectorsWritten: 7,
    writeTimeMs: 8,
    ioInProgress: 9,
    ioTimeMs: 10,
    ioTimeWeightedMs: 11,
    discards: null,
    flush: null,
  });
  assert.deepEqual(b.discards, { completed: 12, merged: 13, sectors: 14, timeMs: 15 });
  assert.equal(b.flush, null);
  assert.deepEqual(c.discards, { completed: 12, merged: 13, sectors: 14, timeMs: 15 });
  assert.deepEqual(c.flush, { requests: 16, timeMs: 17 });
});

test('parseDiskstats round-trips any counters printed in the kernel format', () => {
  const counter = fc.nat({ max: 2 ** 48 });
  fc.assert(
    fc.property(
      fc.array(counter, { minLength: 17, maxLength: 17 }),
      fc.constantFrom(14, 18, 20),
      (v, width) => {
        const line = `${'259'.padStart(4)} ${'3'.padStart(7)} nvme1n1 ${v.slice(0, width - 3).join(' ')}`;
        const [r] = parseDiskstats(`${line}\n`);
        assert.equal(r.device, 'nvme1n1');
        assert.equal(r.sectorsWritten, v[6]);
        assert.equal(r.ioTimeWeightedMs, v[10]);
        assert.equal(r.discards?.timeMs ?? null, width >= 18 ? v[14] : null);
        assert.equal(r.flush?.timeMs ?? null, width === 20 ? v[16] : null);
      },
    ),
  );
});

test('the default filter drops RAM, loop, floppy and partitions but keeps whole disks, dm and md', () => {
  for (const d of [
    'ram0',
    'zram0',
    'loop12',
    'fd0',
    'sda1',
    'vdb3',
    'xvda1',
    'hdc2',
    'nvme0n1p1',
    'nvme12n3p45',
  ]) {
    assert.ok(DISK_DEVICE_EXCLUDE.test(d), d);
  }
  for (const d of ['sda', 'vda', 'xvdf', 'nvme0n1', 'dm-0', 'md127', 'sr0', 'mmcblk0', 'sdaa']) {
    assert.ok(!DISK_DEVICE_EXCLUDE.test(d), d);
  }
});

test('DiskCollector keeps sda, sr0, nvme0n1, dm-0 and md0 from the partitions fixture, in node_exporter units', () => {
  const c = new DiskCollector(join(FIXTURES, 'disks-partitions'));
  const disks = c.read(10_000);
  assert.deepEqual(
    disks.map((d) => d.device),
    ['sda', 'sr0', 'nvme0n1', 'dm-0', 'md0'],
  );
  const sda = disks[0];
  // "8 0 sda 10000 500 800000 4000 20000 1000 1600000 9000 2 12000 13500 100 0 4096 50 300 20"
  assert.deepEqual(sda, {
    device: 'sda',
    major: 8,
    minor: 0,
    readsCompleted: 10000,
    readsMerged: 500,
    readBytes: 800000 * 512,
    readTimeSeconds: 4,
    writesCompleted: 20000,
    writesMerged: 1000,
    writtenBytes: 1600000 * 512,
    writeTimeSeconds: 9,
    ioInProgress: 2,
    ioTimeSeconds: 12,
    ioTimeWeightedSeconds: 13.5,
    discardsCompleted: 100,
    discardsMerged: 0,
    discardedSectors: 4096,
    discardTimeSeconds: 0.05,
    flushRequests: 300,
    flushRequestsTimeSeconds: 0.02,
    rates: null,
  });
  assert.ok(
    disks.every((d) => d.rates === null),
    'first sight has no rates',
  );
});

test('DiskCollector rates between two snapshots, with a reset counter and hot-plugged devices', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-disks-'));
  try {
    cpSync(join(FIXTURES, 'disks-partitions'), root, { recursive: true });
    const c = new DiskCollector(root);
    c.read(10_000);
    renameSync(join(root, 'proc/diskstats.next'), join(root, 'proc/diskstats'));
    const disks = c.read(12_500); // 2.5 s later
    assert.deepEqual(
      disks.map((d) => d.device),
      ['sda', 'sr0', 'nvme0n1', 'dm-0', 'sdb'],
    );
    const by = new Map(disks.map((d) => [d.device, d]));
    // sda: +10240 sectors read, +20480 written, +250 reads, +500 writes, io_ticks +1000 ms, over 2.5 s
    assert.deepEqual(by.get('sda')?.rates, {
      readBytesPerSec: (10240 * 512) / 2.5,
      writeBytesPerSec: (20480 * 512) / 2.5,
      readsPerSec: 100,
      writesPerSec: 200,
      busyPercent: 40,
    });
    // nvme0n1 was reset: read counters fell (rate 0, not negative); writes +400, +8192 sectors;
    // io_ticks +5000 ms in 2.5 s is more than the interval and is clamped to 100 %
    assert.deepEqual(by.get('nvme0n1')?.rates, {
      readBytesPerSec: 0,
      writeBytesPerSec: (8192 * 512) / 2.5,
      readsPerSec: 0,
      writesPerSec: 160,
      busyPercent: 100,
    });
    assert.deepEqual(by.get('dm-0')?.rates, {
      readBytesPerSec: 0,
      writeBytesPerSec: 0,
      readsPerSec: 0,
      writesPerSec: 0,
      busyPercent: 0,
    });
    assert.equal(by.get('sdb')?.rates, null, 'a device seen for the first time has no rates');
    // and the counters themselves are reported as read, even when they went backwards
    assert.equal(by.get('nvme0n1')?.readsCompleted, 100);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('DiskCollector gives no rates for a zero or backwards interval and keeps its baseline', () => {
  const text = readFileSync(join(FIXTURES, 'disks-partitions/proc/diskstats.next'), 'utf8');
  const first = readFileSync(join(FIXTURES, 'disks-partitions/proc/diskstats'), 'utf8');
  const c = new DiskCollector('/nonexistent');
  c.update(parseDiskstats(first), 1000);
  assert.equal(c.update(parseDiskstats(text), 1000)[0].rates, null);
  assert.equal(c.update(parseDiskstats(text), 900)[0].rates, null);
  // the baseline is still the t=1000 read of the first snapshot: sda reads +250 over 1 s
  assert.equal(c.update(parseDiskstats(text), 2000)[0].rates?.readsPerSec, 250);
});

test('DiskCollector evaluates the device filter once per name per refresh period', () => {
  class CountingRegExp extends RegExp {
    calls = 0;
    override test(s: string): boolean {
      this.calls++;
      return super.test(s);
    }
  }
  const exclude = new CountingRegExp(DISK_DEVICE_EXCLUDE.source);
  const c = new DiskCollector(join(FIXTURES, 'disks-partitions'), { refreshMs: 60_000, exclude });
  c.read(0);
  assert.equal(exclude.calls, 14); // one per line of the fixture
  c.read(1_000);
  c.read(59_999);
  assert.equal(exclude.calls, 14, 'cached verdicts are reused within the period');
  c.read(60_000);
  assert.equal(exclude.calls, 28, 'the cache is rebuilt after refreshMs');
});

test('DiskCollector on the captured Debian VM keeps vda only', () => {
  const disks = new DiskCollector(join(FIXTURES, 'debian12-vm')).read(0);
  // by hand from proc/diskstats: loop0–7 and zram0 are excluded
  assert.deepEqual(
    disks.map((d) => d.device),
    ['vda'],
  );
  assert.equal(disks[0].readBytes, 2207586 * 512);
  assert.equal(disks[0].flushRequests, 3737);
});
