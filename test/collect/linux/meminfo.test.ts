import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memoryFrom, parseMeminfo, readMemory } from '../../../src/collect/linux/meminfo.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;

describe('parseMeminfo', () => {
  it('turns kB fields into bytes and keeps unit-less page counts as they are', () => {
    const f = parseMeminfo(readFileSync(`${FIX}cpufreq-4core/proc/meminfo`, 'latin1'));
    assert.equal(f.MemTotal, 7997780 * 1024);
    assert.equal(f['Active(anon)'], 3120656 * 1024);
    assert.equal(f.VmallocTotal, 34359738367 * 1024);
    assert.equal(f.HugePages_Total, 4);
    assert.equal(f.HugePages_Free, 3);
    assert.equal(f.Hugepagesize, 2048 * 1024);
    // 51 lines in the file, one field each
    assert.equal(Object.keys(f).length, 51);
  });

  it('skips lines without a value instead of inventing zeros', () => {
    assert.deepEqual(parseMeminfo('MemTotal:  10 kB\nBroken:\nAlso: x kB\n\nMemFree: 3 kB'), {
      MemTotal: 10240,
      MemFree: 3072,
    });
  });

  it('reads back any generated file (property)', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_()]{0,20}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.tuple(fc.nat(), fc.boolean())), (d) => {
        const text = Object.entries(d)
          .map(([k, [v, kb]]) => `${k}:${' '.repeat(8)}${v}${kb ? ' kB' : ''}`)
          .join('\n');
        const want: Record<string, number> = {};
        for (const [k, [v, kb]] of Object.entries(d)) want[k] = kb ? v * 1024 : v;
        assert.deepEqual(parseMeminfo(`${text}\n`), want);
      }),
    );
  });
});

describe('memoryFrom / readMemory', () => {
  it('computes used = total − MemAvailable and swap figures (laptop with swap in use)', () => {
    const { memory, swap } = readMemory(`${FIX}cpufreq-4core`);
    const total = 7997780 * 1024;
    const avail = 3021460 * 1024;
    assert.equal(memory.total, total);
    assert.equal(memory.available, avail);
    assert.equal(memory.used, total - avail);
    assert.equal(memory.percent, ((7997780 - 3021460) / 7997780) * 100);
    assert.equal(memory.free, 412344 * 1024);
    assert.equal(memory.buffers, 201348 * 1024);
    assert.equal(memory.cached, 2708596 * 1024);
    // SwapTotal 8388604 kB, SwapFree 6291452 kB
    assert.equal(swap.total, 8388604 * 1024);
    assert.equal(swap.free, 6291452 * 1024);
    assert.equal(swap.used, (8388604 - 6291452) * 1024);
    assert.equal(swap.percent, ((8388604 - 6291452) / 8388604) * 100);
  });

  it('reports 0 % swap on a machine without swap (the captured VM)', () => {
    const { memory, swap } = readMemory(`${FIX}debian12-vm`);
    assert.deepEqual(swap, { total: 0, used: 0, free: 0, percent: 0 });
    assert.equal(memory.total, 24684084 * 1024);
    assert.equal(memory.used, (24684084 - 24391940) * 1024);
  });

  it('estimates available as free + buffers + cached on kernels without MemAvailable (RHEL 6)', () => {
    const { memory, swap } = readMemory(`${FIX}rhel6-old-kernel`);
    const avail = (233436 + 139460 + 1069312) * 1024;
    assert.equal(memory.available, avail);
    assert.equal(memory.used, 1922028 * 1024 - avail);
    assert.equal(memory.fields.MemAvailable, undefined);
    assert.equal(swap.used, (4128764 - 4104188) * 1024);
  });

  it('gives 0 % for an empty field set rather than NaN, and never a negative used', () => {
    assert.equal(memoryFrom({}).memory.percent, 0);
    const odd = memoryFrom({ MemTotal: 100, MemAvailable: 150, SwapTotal: 10, SwapFree: 20 });
    assert.equal(odd.memory.used, 0);
    assert.equal(odd.swap.used, 0);
  });

  it('rejects a missing file and a file without MemTotal', () => {
    assert.throws(() => readMemory(`${FIX}does-not-exist`), /ENOENT/);
    const root = mkdtempSync(join(tmpdir(), 'hostpulse-mem-'));
    try {
      mkdirSync(join(root, 'proc'));
      writeFileSync(join(root, 'proc/meminfo'), 'MemFree:  10 kB\n');
      assert.throws(() => readMemory(root), /no MemTotal/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
