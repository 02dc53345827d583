import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CpuCore, type HostSample, zeroCpuTimes } from '../../src/collect/sample.js';
import { flatSample, isoUtc, round1 } from '../../src/views/flat.js';

function core(cpu: number, usagePercent: number | null, freqMhz: number | null = null): CpuCore {
  return { cpu, times: zeroCpuTimes(), usagePercent, freqMhz, freqMinMhz: null, freqMaxMhz: null };
}

function sample(over: Partial<HostSample> = {}): HostSample {
  return {
    // 2025-11-14T12:34:50.123Z
    ts: Date.UTC(2025, 10, 14, 12, 34, 50, 123),
    host: 'box1',
    cpu: {
      times: zeroCpuTimes(),
      usagePercent: 7.54,
      // Deliberately out of kernel order: the flat view must sort by index.
      cores: [core(2, 10.04), core(0, 3.0), core(3, 12.36), core(1, 4.96)],
      logicalCores: 4,
      freqAvgMhz: 2394.456,
      freqMaxMhz: 3500,
      freqMinMhz: 800,
    },
    kernel: { bootTime: 0, contextSwitches: 0, forks: 0, interrupts: 0, procsRunning: 0, procsBlocked: 0 },
    memory: {
      total: 17179869184,
      available: 9915445248,
      used: 7264423936,
      percent: 42.28,
      free: 0,
      buffers: 0,
      cached: 0,
      fields: {},
    },
    swap: { total: 2147483648, used: 1073741824, free: 1073741824, percent: 50 },
    filesystems: [],
    disks: [],
    network: { interfaces: [], primary: null },
    load: { load1: 0, load5: 0, load15: 0, runnable: 0, threads: 0 },
    uptime: { seconds: 0, bootTime: 0 },
    temperatures: [],
    ...over,
  };
}

describe('flatSample', () => {
  it('maps a HostSample to the reference keys with psutil-style rounding', () => {
    const f = flatSample(sample());
    assert.deepEqual(f, {
      ts_unix: 1763123690.123,
      ts_iso: '2025-11-14T12:34:50.123+00:00',
      host: 'box1',
      cpu_total: 7.5,
      cpu_per_core: [3.0, 5.0, 10.0, 12.4],
      mem_percent: 42.3,
      mem_total: 17179869184,
      mem_used: 7264423936,
      swap_percent: 50.0,
      swap_total: 2147483648,
      swap_used: 1073741824,
      freq_mhz: 2394.5,
    });
    // Exactly the reference's key set and order, since /metrics/latest serialises this object as-is.
    assert.deepEqual(Object.keys(f), [
      'ts_unix',
      'ts_iso',
      'host',
      'cpu_total',
      'cpu_per_core',
      'mem_percent',
      'mem_total',
      'mem_used',
      'swap_percent',
      'swap_total',
      'swap_used',
      'freq_mhz',
    ]);
  });

  it('reports 0 for the warm-up tick and for a core without a percent yet, null for unknown frequency', () => {
    const s = sample();
    s.cpu.usagePercent = null;
    s.cpu.cores = [core(0, null), core(1, 20.0)];
    s.cpu.freqAvgMhz = null;
    const f = flatSample(s);
    assert.equal(f.cpu_total, 0);
    assert.deepEqual(f.cpu_per_core, [0, 20]);
    assert.equal(f.freq_mhz, null);
  });

  it('does not reorder the caller’s cores array', () => {
    const s = sample();
    flatSample(s);
    assert.deepEqual(
      s.cpu.cores.map((c) => c.cpu),
      [2, 0, 3, 1],
    );
  });

  it('keeps ts_unix and ts_iso on the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => {
        const f = flatSample(sample({ ts: ms }));
        assert.equal(Math.round(f.ts_unix * 1000), ms);
        assert.match(f.ts_iso, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
        assert.equal(Date.parse(f.ts_iso), ms);
      }),
    );
  });
});

describe('round1 and isoUtc', () => {
  it('rounds to one decimal and maps non-finite values to 0', () => {
    assert.equal(round1(99.96), 100);
    assert.equal(round1(0.04), 0);
    assert.equal(round1(33.333), 33.3);
    assert.equal(round1(Number.NaN), 0);
    assert.equal(round1(null), 0);
  });

  it('formats the epoch with a +00:00 offset', () => {
    assert.equal(isoUtc(0), '1970-01-01T00:00:00.000+00:00');
  });
});
