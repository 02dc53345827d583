import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { CpuCollector, cpuUsagePercent } from '../../../src/collect/linux/cpu.js';
import { parseStat } from '../../../src/collect/linux/stat.js';
import { type CpuTimes, zeroCpuTimes } from '../../../src/collect/sample.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'hostpulse-cpu-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A private copy of a fixture tree, so a test can replace proc/stat between reads. */
function copyTree(name: string): string {
  const dest = join(tmp, `${name}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(FIX, name), dest, { recursive: true });
  return dest;
}

const times = (t: Partial<CpuTimes>): CpuTimes => ({ ...zeroCpuTimes(), ...t });

describe('cpuUsagePercent', () => {
  it('is busy / (busy + idle + iowait) of the deltas', () => {
    const prev = times({ user: 10, system: 5, idle: 100, iowait: 2, steal: 1 });
    const cur = times({ user: 13, system: 6, idle: 104, iowait: 3, steal: 2, softirq: 1 });
    // busy: user 3 + system 1 + steal 1 + softirq 1 = 6; idle 4 + iowait 1 → total 11
    assert.equal(cpuUsagePercent(prev, cur), (6 / 11) * 100);
  });

  it('does not count guest time twice (already inside user/nice)', () => {
    const prev = times({ user: 10, idle: 10 });
    const cur = times({ user: 12, idle: 12, guest: 2, guestNice: 1 });
    assert.equal(cpuUsagePercent(prev, cur), 50);
  });

  it('floors a field that went backwards at 0 instead of letting it shrink the total', () => {
    const prev = times({ user: 10, idle: 100, iowait: 50 });
    const cur = times({ user: 11, idle: 103, iowait: 40 });
    // busy 1, idle 3, iowait −10 → 0: 1/4, not 1/(1+3−10)
    assert.equal(cpuUsagePercent(prev, cur), 25);
  });

  it('is 0 when no time elapsed and 100 when only busy fields moved', () => {
    const a = times({ user: 5, idle: 5 });
    assert.equal(cpuUsagePercent(a, a), 0);
    assert.equal(cpuUsagePercent(a, times({ user: 6, idle: 5 })), 100);
  });

  it('stays within [0, 100] for any pair of snapshots (property)', () => {
    const t = fc.record({
      user: fc.nat(),
      nice: fc.nat(),
      system: fc.nat(),
      idle: fc.nat(),
      iowait: fc.nat(),
      irq: fc.nat(),
      softirq: fc.nat(),
      steal: fc.nat(),
      guest: fc.nat(),
      guestNice: fc.nat(),
    });
    fc.assert(
      fc.property(t, t, (a, b) => {
        const p = cpuUsagePercent(a, b);
        assert.ok(p >= 0 && p <= 100, `${p}`);
      }),
    );
  });
});

describe('CpuCollector', () => {
  it('reports null on the warm-up read, then usage over the interval with backwards counters floored', () => {
    const root = copyTree('cpu-backwards');
    const c = new CpuCollector(root);
    const first = c.read();
    assert.equal(first.cpu.usagePercent, null);
    assert.deepEqual(
      first.cpu.cores.map((x) => x.usagePercent),
      [null, null],
    );
    assert.equal(first.kernel.procsRunning, 3);

    writeFileSync(join(root, 'proc/stat'), readFileSync(join(root, 'proc/stat.2')));
    const second = c.read();
    // cpu  3000 10 1200 14000 700 30 50 5 100 0 → 3210 10 1260 14080 670 30 60 5 120 0
    // busy: user 210 + system 60 + softirq 10 = 280 (guest +20 is inside user);
    // idle +80, iowait −30 → 0; total 360.
    assert.ok(Math.abs((second.cpu.usagePercent ?? -1) - (280 / 360) * 100) < 1e-9);
    // cpu0 1000 10 500 8000 300 … → 1060 10 520 8090 280 …: busy 80, idle 90, iowait −20 → 0
    assert.ok(Math.abs((second.cpu.cores[0].usagePercent ?? -1) - (80 / 170) * 100) < 1e-9);
    // cpu1: idle 6000→5990 and iowait 400→390 both went backwards; only busy time (200) moved.
    assert.equal(second.cpu.cores[1].usagePercent, 100);
    assert.equal(second.kernel.contextSwitches, 990000);
    assert.equal(second.cpu.times.user, 32.1);
  });

  it('gives a core that appears a null first tick and forgets a core that vanished', () => {
    const root = copyTree('cpu-backwards');
    const c = new CpuCollector(root);
    c.read();
    const stat = join(root, 'proc/stat');
    writeFileSync(
      stat,
      'cpu  300 0 0 300 0 0 0 0 0 0\ncpu0 100 0 0 200 0 0 0 0 0 0\ncpu2 200 0 0 100 0 0 0 0 0 0\nbtime 1\n',
    );
    const r = c.read();
    assert.deepEqual(
      r.cpu.cores.map((x) => x.cpu),
      [0, 2],
    );
    assert.equal(r.cpu.cores[1].usagePercent, null);
    assert.equal(typeof r.cpu.cores[0].usagePercent, 'number');
    assert.equal(r.cpu.logicalCores, 2);
    // cpu1 comes back: its old baseline must be gone, so it warms up again.
    writeFileSync(
      stat,
      'cpu  400 0 0 400 0 0 0 0 0 0\ncpu0 110 0 0 210 0 0 0 0 0 0\ncpu1 2000 0 700 6000 400 10 20 0 100 0\n',
    );
    const r2 = c.read();
    assert.deepEqual(
      r2.cpu.cores.map((x) => x.usagePercent),
      [50, null],
    );
  });

  it('merges cpufreq frequencies, falling back to /proc/cpuinfo for a core without scaling_cur_freq', () => {
    const r = new CpuCollector(`${FIX}cpufreq-4core`).read();
    // scaling_cur_freq (kHz): 2394311, 800012, missing, 1700000; cpuinfo "cpu MHz" of processor 2: 1234.567
    assert.deepEqual(
      r.cpu.cores.map((x) => x.freqMhz),
      [2394.311, 800.012, 1234.567, 1700],
    );
    assert.deepEqual(
      r.cpu.cores.map((x) => x.freqMaxMhz),
      [2400, 2400, 2400, 2300],
    );
    assert.deepEqual(
      r.cpu.cores.map((x) => x.freqMinMhz),
      [400, 400, 400, 500],
    );
    assert.ok(Math.abs((r.cpu.freqAvgMhz ?? 0) - (2394.311 + 800.012 + 1234.567 + 1700) / 4) < 1e-9);
    assert.equal(r.cpu.freqMaxMhz, 2400);
    assert.equal(r.cpu.freqMinMhz, 400);
    assert.equal(r.cpu.logicalCores, 4);
  });

  it('takes frequencies from /proc/cpuinfo on a VM without cpufreq', () => {
    const r = new CpuCollector(`${FIX}debian12-vm`).read();
    // cpu MHz		: 2596.144 for both processors; no cpufreq limits
    assert.deepEqual(
      r.cpu.cores.map((x) => [x.freqMhz, x.freqMinMhz, x.freqMaxMhz]),
      [
        [2596.144, null, null],
        [2596.144, null, null],
      ],
    );
    assert.equal(r.cpu.freqAvgMhz, 2596.144);
    assert.equal(r.cpu.freqMaxMhz, null);
  });

  it('leaves frequencies null where neither source has them (arm64 container)', () => {
    const r = new CpuCollector(`${FIX}container-arm64`).read();
    assert.deepEqual(
      r.cpu.cores.map((x) => x.freqMhz),
      [null, null],
    );
    assert.equal(r.cpu.freqAvgMhz, null);
    // cpu  52210 31 18877 9874530 2210 0 1432 0 0 0
    assert.deepEqual(r.cpu.times, parseStat(readFileSync(`${FIX}container-arm64/proc/stat`, 'latin1')).total);
    assert.equal(r.cpu.times.idle, 98745.3);
  });

  it('throws when proc/stat is missing (the host collector turns that into a failed part)', () => {
    assert.throws(() => new CpuCollector(join(tmp, 'nowhere')).read(), /ENOENT/);
  });
});
