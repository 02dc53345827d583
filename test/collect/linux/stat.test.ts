import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseStat, readStat } from '../../../src/collect/linux/stat.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;

describe('parseStat', () => {
  it('reads the captured Debian 12 VM in seconds (ticks / 100)', () => {
    const s = readStat(`${FIX}debian12-vm`);
    // cpu  16179 0 3315 44984 782 0 72 21 0 0
    assert.deepEqual(s.total, {
      user: 161.79,
      nice: 0,
      system: 33.15,
      idle: 449.84,
      iowait: 7.82,
      irq: 0,
      softirq: 0.72,
      steal: 0.21,
      guest: 0,
      guestNice: 0,
    });
    assert.deepEqual([...s.cores.keys()], [0, 1]);
    // cpu1 14075 0 2004 15834 700 0 63 13 0 0
    assert.equal(s.cores.get(1)?.user, 140.75);
    assert.equal(s.cores.get(1)?.idle, 158.34);
    assert.equal(s.cores.get(1)?.steal, 0.13);
    assert.deepEqual(s.kernel, {
      bootTime: 1795301087,
      contextSwitches: 581175,
      forks: 9671,
      interrupts: 269920,
      procsRunning: 3,
      procsBlocked: 0,
    });
  });

  it('fills columns an older kernel does not print with 0 (RHEL 6: no guest, guest_nice)', () => {
    const s = readStat(`${FIX}rhel6-old-kernel`);
    // cpu  98120 2 45511 8713356 12044 310 2051 0
    assert.equal(s.total.user, 981.2);
    assert.equal(s.total.softirq, 20.51);
    assert.equal(s.total.steal, 0);
    assert.equal(s.total.guest, 0);
    assert.equal(s.total.guestNice, 0);
    assert.equal(s.cores.get(0)?.irq, 3);
    assert.equal(s.kernel.bootTime, 1356998400);
  });

  it('handles a 2.4-era line with only four columns and no trailing newline', () => {
    const s = parseStat('cpu  100 5 50 1000\ncpu0 100 5 50 1000');
    assert.equal(s.total.user, 1);
    assert.equal(s.total.nice, 0.05);
    assert.equal(s.total.idle, 10);
    assert.equal(s.total.iowait, 0);
    assert.equal(s.cores.get(0)?.system, 0.5);
    assert.equal(s.kernel.bootTime, 0);
  });

  it('keys cores by their kernel number, not their position (offline CPUs leave gaps)', () => {
    const s = parseStat('cpu  30 0 0 0 0 0 0 0 0 0\ncpu0 10 0 0 0 0 0 0 0 0 0\ncpu3 20 0 0 0 0 0 0 0 0 0\n');
    assert.deepEqual([...s.cores.keys()], [0, 3]);
    assert.equal(s.cores.get(3)?.user, 0.2);
  });

  it('rejects text without the aggregate cpu line', () => {
    assert.throws(() => parseStat(''), /no aggregate "cpu" line/);
    assert.throws(() => parseStat('ctxt 5\nbtime 7\n'), /no aggregate/);
  });

  it('rejects a cpu line with a non-numeric field', () => {
    assert.throws(() => parseStat('cpu  10 x 3 4\n'), /unexpected character/);
  });

  it('reads every generated cpu line back exactly (property)', () => {
    const tick = fc.integer({ min: 0, max: 2 ** 40 });
    fc.assert(
      fc.property(fc.array(tick, { minLength: 10, maxLength: 10 }), fc.nat({ max: 511 }), (v, n) => {
        const line = v.join(' ');
        const s = parseStat(`cpu  ${line}\ncpu${n} ${line}\nbtime 12\n`);
        const want = v.map((x) => x / 100);
        const core = s.cores.get(n);
        assert.ok(core);
        assert.deepEqual(Object.values(core), want);
        assert.deepEqual(Object.values(s.total), want);
        assert.equal(s.kernel.bootTime, 12);
      }),
    );
  });

  it('reads the same numbers as a plain split of the real /proc/stat', () => {
    const text = readFileSync('/proc/stat', 'latin1');
    const s = parseStat(text);
    const line = text.split('\n').find((l) => l.startsWith('cpu0 '));
    assert.ok(line);
    const f = line.split(/\s+/).slice(1).map(Number);
    assert.equal(s.cores.get(0)?.user, f[0] / 100);
    assert.equal(s.cores.get(0)?.idle, f[3] / 100);
  });
});
