// Synthetic host telemetry shaped like a 1 Hz node_exporter-style tick: many near-constant gauges,
// counters with kernel resolutions (USER_HZ centiseconds, sector bytes, packet counts) and noisy
// gauges. Used by the size test and by measurement scripts, so bytes/sample figures mean something.

import { mulberry32 } from '../../../bench/lib/prng.js';
import type { Point } from '../../../src/store/tsdb/tsdb.js';

interface Gen {
  name: string;
  labels: Record<string, string>;
  type: 'counter' | 'gauge';
  next(i: number): number;
}

/** ~100 series: 50 near-constant gauges, 30 counters, 20 noisy gauges. */
export function hostSeries(seed = 1): Gen[] {
  const r = mulberry32(seed);
  const gens: Gen[] = [];
  const host = 'edge-01';
  // Near-constant gauges: sizes, limits, info values, slow-moving temperatures and disk space.
  for (let i = 0; i < 20; i++) {
    const v = Math.floor(r() * 1e12);
    gens.push({
      name: 'node_filesystem_size_bytes',
      labels: { host, mountpoint: `/m${i}` },
      type: 'gauge',
      next: () => v,
    });
  }
  for (let i = 0; i < 20; i++) {
    let v = Math.floor(r() * 1e11) * 4096;
    gens.push({
      name: 'node_filesystem_avail_bytes',
      labels: { host, mountpoint: `/m${i}` },
      type: 'gauge',
      next: () => {
        if (r() < 0.01) v -= 4096 * Math.floor(r() * 100);
        return v;
      },
    });
  }
  for (let i = 0; i < 10; i++) {
    let v = 40 + Math.floor(r() * 20);
    gens.push({
      name: 'node_hwmon_temp_celsius',
      labels: { host, chip: 'coretemp', sensor: `temp${i}` },
      type: 'gauge',
      next: () => {
        if (r() < 0.05) v += r() < 0.5 ? -1 : 1;
        return v;
      },
    });
  }
  // Counters: CPU seconds in centiseconds, bytes, packets, sectors.
  const modes = ['user', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'nice'];
  for (let c = 0; c < 2; c++) {
    for (const mode of modes) {
      let cs = Math.floor(r() * 1e7);
      const rate = mode === 'idle' ? 80 : mode === 'user' ? 10 : mode === 'system' ? 5 : 0.3;
      gens.push({
        name: 'node_cpu_seconds_total',
        labels: { host, cpu: String(c), mode },
        type: 'counter',
        next: () => {
          cs += Math.max(0, Math.round(rate + (r() - 0.5) * rate));
          return cs / 100;
        },
      });
    }
  }
  for (let i = 0; i < 14; i++) {
    let v = Math.floor(r() * 1e10);
    const kind = i % 2 === 0 ? 'bytes' : 'packets';
    const busy = r() < 0.5;
    gens.push({
      name: `node_network_receive_${kind}_total`,
      labels: { host, device: `eth${i >> 1}` },
      type: 'counter',
      next: () => {
        if (!busy && r() < 0.8) return v;
        v += kind === 'bytes' ? Math.floor(r() * 20000) : Math.floor(r() * 20);
        return v;
      },
    });
  }
  // Noisy gauges: usage percentages and memory that moves every tick.
  for (let i = 0; i < 10; i++) {
    gens.push({
      name: 'hostpulse_cpu_usage_percent',
      labels: { host, cpu: String(i) },
      type: 'gauge',
      next: () => Math.round(r() * 30 * 100) / 100,
    });
  }
  for (let i = 0; i < 10; i++) {
    let v = 4e9 + Math.floor(r() * 1e8) * 4096;
    gens.push({
      name: 'node_memory_bytes',
      labels: { host, kind: `k${i}` },
      type: 'gauge',
      next: () => {
        v += 4096 * Math.floor((r() - 0.5) * 50);
        return v;
      },
    });
  }
  return gens;
}

/** `seconds` ticks of all series from `startMs`, with a few ms of ticker jitter. */
export function* hostTicks(startMs: number, seconds: number, seed = 1): Generator<Point[]> {
  const gens = hostSeries(seed);
  const r = mulberry32(seed + 7);
  for (let i = 0; i < seconds; i++) {
    const ts = startMs + i * 1000 + Math.floor(r() * 3);
    yield gens.map((g) => ({ name: g.name, labels: g.labels, type: g.type, value: g.next(i), ts }));
  }
}
