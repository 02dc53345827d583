// CPU usage over a tick from two /proc/stat snapshots, plus per-core frequencies.
import { readdirSync, readFileSync } from 'node:fs';
import type { CpuCore, CpuFreqFiles, CpuSample, CpuThrottles, CpuTimes, KernelStat } from '../sample.js';
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

/** node_exporter's idle jump-back limit: a larger drop means the core was hot-plugged. */
export const JUMP_BACK_SECONDS = 3;

const TIME_FIELDS: readonly (keyof CpuTimes)[] = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
];

/**
 * node_exporter 1.5's updateCPUStats for one core: each field keeps its last exported value when the
 * kernel's goes backwards (iowait and idle do on some kernels and hypervisors), except that idle
 * dropping by JUMP_BACK_SECONDS or more resets the core's baseline, since then the core went
 * offline and came back. `prev` is the last exported value (undefined for a new core).
 */
export function guardCounters(prev: CpuTimes | undefined, cur: CpuTimes): CpuTimes {
  if (prev === undefined || prev.idle - cur.idle >= JUMP_BACK_SECONDS) return { ...cur };
  const out = { ...prev };
  for (const k of TIME_FIELDS) if (cur[k] >= prev[k]) out[k] = cur[k];
  return out;
}

/** Parses /sys/devices/system/cpu/isolated ("", "3", "2-5,8"); throws on text the kernel would not print. */
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.replace(/\n+$/, '').split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) throw new Error(`invalid cpu list entry "${part}"`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let c = from; c <= to; c++) out.push(c);
  }
  return out;
}

function readUint(path: string): number | null {
  try {
    const t = readFileSync(path, 'latin1').trim();
    return /^\d+$/.test(t) ? Number(t) : null;
  } catch {
    return null;
  }
}

interface ThrottleCpu {
  dir: string;
  pkg: string;
  core: string;
}

/**
 * Thermal throttle counters the way node_exporter's cpu collector reads them: CPUs in glob order,
 * per (package, core) the first CPU whose core_throttle_count reads, per package the first whose
 * package_throttle_count reads. Which CPUs have a thermal_throttle directory (x86 only) and their
 * topology are found once and again every `reprobeEvery` reads, so machines without it pay nothing.
 */
export class ThrottleReader {
  private cpus: ThrottleCpu[] | null = null;
  private reads = 0;

  constructor(
    private readonly root: string,
    private readonly reprobeEvery = 300,
  ) {}

  private probe(): ThrottleCpu[] {
    const base = `${this.root}/sys/devices/system/cpu`;
    let names: string[];
    try {
      names = readdirSync(base).filter((n) => /^cpu\d/.test(n));
    } catch {
      return [];
    }
    // Go's filepath.Glob sorts by byte order: cpu10 comes before cpu2.
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: ThrottleCpu[] = [];
    for (const n of names) {
      const dir = `${base}/${n}`;
      let hasThrottle = false;
      try {
        hasThrottle = readdirSync(`${dir}/thermal_throttle`).length > 0;
      } catch {
        continue;
      }
      const pkg = readUint(`${dir}/topology/physical_package_id`);
      const core = readUint(`${dir}/topology/core_id`);
      if (hasThrottle && pkg !== null && core !== null)
        out.push({ dir, pkg: String(pkg), core: String(core) });
    }
    return out;
  }

  read(): CpuThrottles | undefined {
    if (this.cpus === null || ++this.reads >= this.reprobeEvery) {
      this.reads = 0;
      this.cpus = this.probe();
    }
    if (this.cpus.length === 0) return undefined;
    const cores: CpuThrottles['cores'] = [];
    const packages: CpuThrottles['packages'] = [];
    const seenCore = new Set<string>();
    const seenPkg = new Set<string>();
    for (const c of this.cpus) {
      const coreKey = `${c.pkg}/${c.core}`;
      if (!seenCore.has(coreKey)) {
        const n = readUint(`${c.dir}/thermal_throttle/core_throttle_count`);
        if (n !== null) {
          seenCore.add(coreKey);
          cores.push({ package: c.pkg, core: c.core, count: n });
        }
      }
      if (!seenPkg.has(c.pkg)) {
        const n = readUint(`${c.dir}/thermal_throttle/package_throttle_count`);
        if (n !== null) {
          seenPkg.add(c.pkg);
          packages.push({ package: c.pkg, count: n });
        }
      }
    }
    return { cores, packages };
  }
}

/** CPUs in /sys/devices/system/cpu/isolated; undefined when the file is absent (old kernels, containers). */
export function readIsolated(root: string): number[] | undefined {
  let text: string;
  try {
    text = readFileSync(`${root}/sys/devices/system/cpu/isolated`, 'latin1');
  } catch {
    return undefined;
  }
  try {
    return parseCpuList(text);
  } catch {
    return undefined;
  }
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
  private readonly exported = new Map<number, CpuTimes>();
  private readonly throttle: ThrottleReader;
  // Read once, as node_exporter does at start: isolcpus= is a boot parameter.
  private isolated: number[] | undefined | null = null;

  constructor(root: string) {
    this.root = root;
    this.freq = new FreqReader(root);
    this.throttle = new ThrottleReader(root);
  }

  /** Kept per CPU id for the process lifetime, as node_exporter keeps its cache. */
  private guard(id: number, times: CpuTimes): CpuTimes {
    const g = guardCounters(this.exported.get(id), times);
    this.exported.set(id, g);
    return g;
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
    let files: (CpuFreqFiles | null)[];
    try {
      files = this.freq.files(ids);
    } catch {
      files = ids.map(() => null);
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
        counters: this.guard(id, times),
        cpufreq: files[i],
      };
      if (f.curMhz !== null) {
        freqSum += f.curMhz;
        freqCount++;
      }
      if (f.maxMhz !== null && (freqMax === null || f.maxMhz > freqMax)) freqMax = f.maxMhz;
      if (f.minMhz !== null && (freqMin === null || f.minMhz < freqMin)) freqMin = f.minMhz;
    }

    if (this.isolated === null) this.isolated = readIsolated(this.root);
    let throttles: CpuThrottles | undefined;
    try {
      throttles = this.throttle.read();
    } catch {
      throttles = undefined;
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
        ...(this.isolated === undefined ? {} : { isolated: this.isolated }),
        ...(throttles === undefined ? {} : { throttles }),
      },
      kernel,
    };
  }
}
