// CPU usage over a tick from two /proc/stat snapshots, plus per-core frequencies.
import type { CpuCore, CpuSample, CpuTimes, KernelStat } from '../sample.js';
import { type CoreFreq, FreqReader } from './cpufreq.js';
import { readStat } from './stat.js';

/** Growth of a cumulative counter; a counter that went backwards contributes nothing. */
const grew = (prev: number, cur: number): number => (cur > prev ? cur - prev : 0);

/**
 * Busy percent between two snapshots of the same CPU (or of the aggregate line):
 * busy = total − idle − iowait, where total is user+nice+system+idle+iowait+irq+softirq+steal.
 * guest and guestNice are left out because the kernel already counts them inside user and nice.
 * Each field's delta is taken on its own and floored at 0, because iowait (and on some
 * hypervisors idle) can go backwards between reads; a backwards field must not make the busy
 * share jump. No elapsed time gives 0.
 */
export function cpuUsagePercent(prev: CpuTimes, cur: CpuTimes): number {
  const busy =
    grew(prev.user, cur.user) +
    grew(prev.nice, cur.nice) +
    grew(prev.system, cur.system) +
    grew(prev.irq, cur.irq) +
    grew(prev.softirq, cur.softirq) +
    grew(prev.steal, cur.steal);
  const total = busy + grew(prev.idle, cur.idle) + grew(prev.iowait, cur.iowait);
  if (total <= 0) return 0;
  const pct = (busy / total) * 100;
  return Math.min(pct, 100);
}

export interface CpuRead {
  cpu: CpuSample;
  kernel: KernelStat;
}

/**
 * Stateful reader: keeps the previous snapshot (aggregate and per core) so each read reports
 * usage over the interval since the last one. The first read is a warm-up (usage null); a core
 * that appears (hotplug) is null for its first tick, and a core that vanished is forgotten.
 */
export class CpuCollector {
  private readonly root: string;
  private readonly freq: FreqReader;
  private prevTotal: CpuTimes | null = null;
  private prevCores = new Map<number, CpuTimes>();

  constructor(root: string) {
    this.root = root;
    this.freq = new FreqReader(root);
  }

  read(): CpuRead {
    const { total, cores, kernel } = readStat(this.root);
    const ids = [...cores.keys()];
    let freqs: CoreFreq[];
    try {
      freqs = this.freq.read(ids);
    } catch {
      // Frequencies are decoration; a sysfs surprise must not cost the usage numbers.
      freqs = ids.map(() => ({ curMhz: null, minMhz: null, maxMhz: null }));
    }

    const list: CpuCore[] = new Array(ids.length);
    let freqSum = 0;
    let freqCount = 0;
    let freqMax: number | null = null;
    let freqMin: number | null = null;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const times = cores.get(id) as CpuTimes;
      const prev = this.prevCores.get(id);
      const f = freqs[i];
      list[i] = {
        cpu: id,
        times,
        usagePercent: prev === undefined ? null : cpuUsagePercent(prev, times),
        freqMhz: f.curMhz,
        freqMinMhz: f.minMhz,
        freqMaxMhz: f.maxMhz,
      };
      if (f.curMhz !== null) {
        freqSum += f.curMhz;
        freqCount++;
      }
      if (f.maxMhz !== null && (freqMax === null || f.maxMhz > freqMax)) freqMax = f.maxMhz;
      if (f.minMhz !== null && (freqMin === null || f.minMhz < freqMin)) freqMin = f.minMhz;
    }

    const usage = this.prevTotal === null ? null : cpuUsagePercent(this.prevTotal, total);
    this.prevTotal = total;
    // The fresh map holds only cores seen now, so a removed core leaves no stale baseline behind.
    this.prevCores = cores;

    return {
      cpu: {
        times: total,
        usagePercent: usage,
        cores: list,
        logicalCores: ids.length,
        freqAvgMhz: freqCount > 0 ? freqSum / freqCount : null,
        freqMaxMhz: freqMax,
        freqMinMhz: freqMin,
      },
      kernel,
    };
  }
}
