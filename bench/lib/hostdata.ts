// Deterministic 1 Hz telemetry of one realistic Linux host, under the names and labels the agent
// stores (node_exporter's where it has the series, hostpulse_* for derived gauges), with the value
// resolutions the kernel and the collectors give them: CPU seconds in USER_HZ centiseconds, memory in
// kB, disk bytes in 512-byte sectors, disk times in ms scaled by 0.001 the way node_exporter (and so
// the agent, export/host-families.ts msSeconds) scales them, load averages with 2 decimals refreshed
// every 5 s, whole-degree coretemp readings. One activity level (a working-day curve, a slow random
// walk, bursts, a cron job every 15 min) drives CPU, memory, disk and network together, so series
// correlate the way a real host's do. Timestamps come from a drift-free 1 s ticker: a few ms late,
// rarely tens of ms, and every series of a tick carries the same timestamp.
//
// test/store/tsdb/realistic.ts has the store's own size fixture; it uses placeholder names
// (node_memory_bytes{kind}, /m0…/m19 mounts) and hand-picked shapes, so the bench keeps its own.

import type { Point } from '../../src/store/tsdb/tsdb.js';
import { mulberry32 } from './prng.js';

export { mulberry32 };

export interface SeriesDef {
  name: string;
  /** Includes the host label, as the agent stores it. */
  labels: Readonly<Record<string, string>>;
  type: 'counter' | 'gauge';
}

export interface HostDataOptions {
  /** Timestamp of the first tick's schedule (the ticker stamps a few ms after it). */
  startMs: number;
  seed?: number;
  /** Approximate series count: sets the number of CPUs (9 series each), then truncates. Default 100. */
  series?: number;
  /**
   * Derived hostpulse_* gauges at full double precision, as the agent emits them today (a ratio of
   * two deltas). Off: rounded to 1 decimal.
   */
  agentFloats?: boolean;
  host?: string;
}

const KB = 1024;
const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
/** Series that do not depend on the CPU count. */
const FIXED_SERIES = 64;
const PER_CPU_SERIES = 9;

/** CPUs that bring the series count nearest to `series` (100 → 4 CPUs). */
export function cpusFor(series: number): number {
  return Math.max(1, Math.round((series - FIXED_SERIES) / PER_CPU_SERIES));
}

export class HostData {
  readonly series: SeriesDef[];
  /** The current tick's values, in `series` order (overwritten by next()). */
  readonly values: Float64Array;
  /** The current tick's timestamp (ms). */
  ts = 0;
  /** Ticks generated so far. */
  tick = 0;

  private readonly r: () => number;
  private readonly all: SeriesDef[] = [];
  private readonly startMs: number;
  private readonly round1: (v: number) => number;
  private readonly ncpu: number;
  private readonly idx: Record<string, number> = {};

  // Activity state.
  private walk = 0;
  private burstLeft = 0;
  private burstLevel = 0;
  private prevTs: number;
  private jiffyAcc: number[];
  private cpuBias: number[];
  private cs: number[][];
  private load = [0, 0, 0];
  // Memory, in kB.
  private readonly memTotal = 16_318_864;
  private anon = 3_200_000;
  private cached = 5_100_000;
  private buffers = 212_000;
  private slab = 610_000;
  private srecl = 480_000;
  private kstack = 14_800;
  private pagetables = 38_200;
  private shmem = 182_000;
  private mapped = 640_000;
  private dirty = 1_200;
  private committed = 9_400_000;
  private activeShare = 0.55;
  private readonly swapTotal = 2 * 1_048_576;
  private swapFree = 2 * 1_048_576 - 52_480;
  // Kernel counters.
  private ctxt = 1_804_211_337;
  private intr = 912_004_518;
  private forks = 2_119_840;
  private readonly bootTime: number;
  // Disk nvme0n1 (sectors, ops, ms).
  private rdOps = 4_108_220;
  private rdSect = 712_334_208;
  private wrOps = 19_870_115;
  private wrSect = 1_904_442_112;
  private rdMs = 1_203_337;
  private wrMs = 9_882_016;
  private ioMs = 3_440_912;
  private ioWeightedMs = 5_004_187;
  // Filesystem / (blocks of 4 KiB) and inodes.
  private rootFree = 61_004_112;
  private rootFilesFree = 29_811_004;
  // Network eth0.
  private rxBytes = 188_334_990_112;
  private rxPackets = 201_334_871;
  private txBytes = 41_004_388_001;
  private txPackets = 120_889_340;
  private temps = [48, 46, 47, 45];

  constructor(opts: HostDataOptions) {
    const seed = opts.seed ?? 1;
    this.r = mulberry32(seed);
    this.startMs = opts.startMs;
    this.prevTs = opts.startMs - 1000;
    const agent = opts.agentFloats === true;
    this.round1 = agent ? (v) => v : (v) => Math.round(v * 10) / 10;
    const want = opts.series ?? 100;
    this.ncpu = cpusFor(want);
    this.bootTime = Math.floor(opts.startMs / 1000) - 3_888_000 - Math.floor(this.r() * 86_400);
    this.jiffyAcc = Array.from({ length: this.ncpu }, () => this.r());
    this.cpuBias = Array.from({ length: this.ncpu }, (_, c) => 1.25 - (0.5 * c) / Math.max(1, this.ncpu - 1));
    // Cumulative centiseconds per CPU and mode, plausible for a host up ~45 days.
    this.cs = Array.from({ length: this.ncpu }, () => {
      const up = 3_888_000 * 100;
      const user = Math.floor(up * (0.12 + 0.04 * this.r()));
      const system = Math.floor(up * 0.04);
      const iowait = Math.floor(up * 0.004);
      const softirq = Math.floor(up * 0.003);
      const steal = Math.floor(up * 0.002);
      const nice = Math.floor(up * 0.0004);
      return [
        user,
        nice,
        system,
        up - user - system - iowait - softirq - steal - nice,
        iowait,
        0,
        softirq,
        steal,
      ];
    });
    this.load = [1.2, 1.1, 1.0];

    const host = opts.host ?? 'edge-01';
    const add = (name: string, type: 'counter' | 'gauge', labels: Record<string, string> = {}) => {
      const key = `${name}${JSON.stringify(labels)}`;
      this.idx[key] = this.all.length;
      this.all.push({ name, labels: { ...labels, host }, type });
    };
    for (let c = 0; c < this.ncpu; c++)
      for (const mode of CPU_MODES) add('node_cpu_seconds_total', 'counter', { cpu: String(c), mode });
    add('hostpulse_cpu_usage_percent', 'gauge', { cpu: 'total' });
    for (let c = 0; c < this.ncpu; c++) add('hostpulse_cpu_usage_percent', 'gauge', { cpu: String(c) });
    add('node_load1', 'gauge');
    add('node_load5', 'gauge');
    add('node_load15', 'gauge');
    add('node_boot_time_seconds', 'gauge');
    add('node_context_switches_total', 'counter');
    add('node_intr_total', 'counter');
    add('node_forks_total', 'counter');
    add('node_procs_running', 'gauge');
    add('node_procs_blocked', 'gauge');
    for (const f of MEMINFO) add(`node_memory_${f}_bytes`, 'gauge');
    add('hostpulse_memory_used_percent', 'gauge');
    add('hostpulse_swap_used_percent', 'gauge');
    const disk = { device: 'nvme0n1' };
    for (const n of DISK_COUNTERS) add(n, 'counter', disk);
    add('node_disk_io_now', 'gauge', disk);
    add('hostpulse_disk_read_bytes_per_second', 'gauge', disk);
    add('hostpulse_disk_written_bytes_per_second', 'gauge', disk);
    add('hostpulse_disk_busy_percent', 'gauge', disk);
    for (const fs of FILESYSTEMS) {
      for (const n of FS_GAUGES) add(n, 'gauge', fs);
      add('hostpulse_filesystem_used_percent', 'gauge', fs);
    }
    const eth = { device: 'eth0' };
    for (const n of NET_COUNTERS) add(n, 'counter', eth);
    add('hostpulse_network_receive_bytes_per_second', 'gauge', eth);
    add('hostpulse_network_transmit_bytes_per_second', 'gauge', eth);
    for (let i = 0; i < this.temps.length; i++)
      add('node_hwmon_temp_celsius', 'gauge', { chip: 'platform_coretemp_0', sensor: `temp${i + 1}` });

    this.series = this.all.slice(0, Math.min(want, this.all.length));
    this.values = new Float64Array(this.all.length);
  }

  /** Series index of a name and labels (without host), for tests. */
  indexOf(name: string, labels: Record<string, string> = {}): number {
    return this.idx[`${name}${JSON.stringify(labels)}`] ?? -1;
  }

  /** Advances one second: fills `values` and `ts`. */
  next(): void {
    const r = this.r;
    const i = this.tick++;
    const sched = this.startMs + i * 1000;
    // Timer lateness: 1–3 ms, sometimes up to 20 ms, rarely a GC pause or a busy host.
    const u = r();
    const late =
      u < 0.97 ? 1 + Math.floor(r() * 3) : u < 0.9995 ? 4 + Math.floor(r() * 17) : 30 + Math.floor(r() * 200);
    const ts = sched + late;
    const dt = ts - this.prevTs;
    this.prevTs = ts;
    this.ts = ts;
    const v = this.values;

    // Activity: working-day curve (UTC), slow walk, bursts, a cron job every 15 minutes.
    const hour = (sched / 3_600_000) % 24;
    const day = 0.12 + 0.33 * Math.max(0, Math.sin((Math.PI * (hour - 7)) / 14));
    this.walk = 0.9995 * this.walk + 0.004 * gauss(r);
    if (this.burstLeft > 0) this.burstLeft--;
    else if (r() < 1 / 2400) {
      this.burstLeft = 20 + Math.floor(r() * 400);
      this.burstLevel = 0.25 + 0.6 * r();
    }
    const cron = (sched / 1000) % 900 < 12 ? 0.35 : 0;
    const level = clamp(day + this.walk + (this.burstLeft > 0 ? this.burstLevel : 0) + cron, 0.01, 0.97);

    // CPU: USER_HZ jiffies per CPU over the tick interval, split across modes.
    let k = 0;
    let busyAll = 0;
    let totalAll = 0;
    const usage: number[] = [];
    const diskBusy = clamp(level * 0.3 + (this.burstLeft > 0 ? 0.2 : 0) + 0.05 * gauss(r), 0, 1);
    for (let c = 0; c < this.ncpu; c++) {
      const before = Math.floor(this.jiffyAcc[c]);
      this.jiffyAcc[c] += dt / 10;
      const inc = Math.floor(this.jiffyAcc[c]) - before;
      const b = clamp(level * this.cpuBias[c] + 0.06 * gauss(r), 0, 1);
      const busy = Math.min(inc, Math.round(inc * b));
      const system = Math.min(busy, Math.round(busy * (0.22 + 0.05 * r())));
      const softirq = Math.min(busy - system, r() < 0.3 + level ? 1 : 0);
      const steal = Math.min(busy - system - softirq, r() < 0.08 ? 1 : 0);
      const nice = Math.min(busy - system - softirq - steal, r() < 0.002 ? 1 + Math.floor(r() * 3) : 0);
      const user = busy - system - softirq - steal - nice;
      const iowait = Math.min(inc - busy, r() < diskBusy * 0.5 ? 1 + Math.floor(r() * 3) : 0);
      const idle = inc - busy - iowait;
      const d = [user, nice, system, idle, iowait, 0, softirq, steal];
      const cs = this.cs[c];
      for (let m = 0; m < 8; m++) {
        cs[m] += d[m];
        v[k++] = cs[m] / 100;
      }
      const total = inc;
      const used = total - idle - iowait;
      busyAll += used;
      totalAll += total;
      usage.push(total > 0 ? (used / total) * 100 : 0);
    }
    v[k++] = this.round1(totalAll > 0 ? (busyAll / totalAll) * 100 : 0);
    for (let c = 0; c < this.ncpu; c++) v[k++] = this.round1(usage[c]);

    // Load averages: the kernel refreshes them every 5 s from the runnable + uninterruptible count.
    const running = Math.max(1, poisson(r, level * this.ncpu * 1.1));
    const blocked = r() < diskBusy * 0.1 ? 1 : 0;
    if (i % 5 === 0) {
      const n = running + blocked - 1 + level * this.ncpu * 0.3;
      const e = [Math.exp(-5 / 60), Math.exp(-5 / 300), Math.exp(-5 / 900)];
      for (let j = 0; j < 3; j++) this.load[j] = this.load[j] * e[j] + n * (1 - e[j]);
    }
    for (let j = 0; j < 3; j++) v[k++] = Math.round(this.load[j] * 100) / 100;
    v[k++] = this.bootTime;
    this.ctxt += poisson(r, 1800 + 9000 * level);
    this.intr += poisson(r, 1200 + 5000 * level);
    this.forks += poisson(r, 1 + 12 * level + cron * 40);
    v[k++] = this.ctxt;
    v[k++] = this.intr;
    v[k++] = this.forks;
    v[k++] = running;
    v[k++] = blocked;

    // Disk nvme0n1: journal commits every 5 s, writes with activity, rare reads (mostly cached).
    let wOps = 0;
    let wSect = 0;
    if (i % 5 === 0) {
      wOps += 1 + poisson(r, 2);
      wSect += 8 * wOps;
    }
    if (r() < 0.15 + diskBusy) {
      const n = 1 + poisson(r, 40 * diskBusy);
      wOps += n;
      wSect += 8 * n * (1 + Math.floor(r() * 16));
    }
    let rOps = 0;
    let rSect = 0;
    if (r() < 0.02 + diskBusy * 0.3) {
      rOps = 1 + poisson(r, 30 * diskBusy);
      rSect = 8 * rOps * (1 + Math.floor(r() * 32));
    }
    const rMs = rOps > 0 ? Math.round(rOps * (0.08 + 0.2 * r())) : 0;
    const wMs = wOps > 0 ? Math.round(wOps * (0.02 + 0.05 * r())) + 1 : 0;
    const ioMs = Math.min(dt, rOps + wOps > 0 ? Math.max(1, Math.round((rMs + wMs) * 0.7)) : 0);
    this.rdOps += rOps;
    this.rdSect += rSect;
    this.wrOps += wOps;
    this.wrSect += wSect;
    this.rdMs += rMs;
    this.wrMs += wMs;
    this.ioMs += ioMs;
    this.ioWeightedMs += rMs + wMs;

    // Memory (kB): anon follows activity, page cache grows with reads and is trimmed now and then.
    const anonTarget = 2_600_000 + 3_000_000 * level;
    this.anon += 4 * Math.round(((anonTarget - this.anon) * 0.002 + 300 * gauss(r)) / 4);
    this.cached += Math.floor(rSect / 2);
    if (r() < 0.00005) this.cached -= 4 * Math.floor((this.cached * 0.04 * r()) / 4);
    this.cached = clamp(this.cached + (r() < 0.3 ? 4 * Math.floor(r() * 8) : 0), 1_000_000, 9_500_000);
    if (r() < 0.05) this.buffers += 4 * Math.floor((r() - 0.45) * 10);
    this.slab += r() < 0.4 ? 4 * Math.round(gauss(r) * 6) : 0;
    this.srecl = Math.round((this.slab * 0.79) / 4) * 4;
    if (r() < 0.1) this.kstack += 16 * Math.round(gauss(r));
    if (r() < 0.2) this.pagetables += 4 * Math.round(gauss(r) * 3);
    if (r() < 0.01) this.shmem += 4 * Math.round(gauss(r) * 10);
    if (r() < 0.3) this.mapped += 4 * Math.round(gauss(r) * 5);
    this.dirty = i % 5 === 0 ? 4 * Math.floor(r() * 30) : this.dirty + Math.floor(wSect / 2);
    this.committed = clamp(
      this.committed + 4 * Math.round(gauss(r) * 200 + (level - 0.3) * 300),
      6_000_000,
      20_000_000,
    );
    if (r() < 0.01) this.activeShare = clamp(this.activeShare + 0.01 * gauss(r), 0.4, 0.7);
    if (r() < 0.0005) this.swapFree -= 4 * Math.floor(r() * 64);
    const used = this.anon + this.cached + this.buffers + this.slab + this.kstack + this.pagetables + 180_000;
    const free = this.memTotal - used;
    const available = free + Math.round(this.cached * 0.85) + this.srecl + this.buffers;
    const file = this.cached + this.buffers;
    const activeFile = Math.round((file * this.activeShare) / 4) * 4;
    const activeAnon = Math.round((this.anon * 0.9) / 4) * 4;
    const mem: Record<(typeof MEMINFO)[number], number> = {
      MemTotal: this.memTotal,
      MemFree: free,
      MemAvailable: available,
      Buffers: this.buffers,
      Cached: this.cached,
      Active: activeFile + activeAnon,
      Inactive: file - activeFile + this.anon - activeAnon,
      Dirty: this.dirty,
      AnonPages: this.anon - this.shmem,
      Mapped: this.mapped,
      Shmem: this.shmem,
      Slab: this.slab,
      SReclaimable: this.srecl,
      SUnreclaim: this.slab - this.srecl,
      PageTables: this.pagetables,
      Committed_AS: this.committed,
      SwapTotal: this.swapTotal,
      SwapFree: this.swapFree,
    };
    for (const f of MEMINFO) v[k++] = mem[f] * KB;
    v[k++] = this.round1(((this.memTotal - available) / this.memTotal) * 100);
    v[k++] = this.round1(((this.swapTotal - this.swapFree) / this.swapTotal) * 100);

    // DISK_COUNTERS order.
    v[k++] = this.rdOps;
    v[k++] = this.rdSect * 512;
    v[k++] = this.rdMs * 0.001;
    v[k++] = this.wrOps;
    v[k++] = this.wrSect * 512;
    v[k++] = this.wrMs * 0.001;
    v[k++] = this.ioMs * 0.001;
    v[k++] = this.ioWeightedMs * 0.001;
    v[k++] = r() < diskBusy * 0.2 ? 1 : 0;
    const sec = dt / 1000;
    v[k++] = this.round1((rSect * 512) / sec);
    v[k++] = this.round1((wSect * 512) / sec);
    v[k++] = this.round1(Math.min(100, (ioMs / dt) * 100));

    // Filesystems: / loses and regains blocks with writes and log rotation; /boot never changes.
    if (wOps > 0 && r() < 0.4) this.rootFree -= Math.floor(r() * wOps * 2);
    if (r() < 0.0008) this.rootFree += Math.floor(r() * 60_000);
    if (r() < 0.05) this.rootFilesFree += Math.round(gauss(r) * 3);
    for (const fs of FILESYSTEMS) {
      const root = fs.mountpoint === '/';
      const size = root ? 122_546_800 : 249_830;
      const free = root ? this.rootFree : 181_220;
      const avail = root ? free - 6_127_340 : free - 12_491;
      const files = root ? 31_260_672 : 65_536;
      const filesFree = root ? this.rootFilesFree : 65_180;
      v[k++] = size * 4096;
      v[k++] = free * 4096;
      v[k++] = avail * 4096;
      v[k++] = files;
      v[k++] = filesFree;
      v[k++] = this.round1(((size - avail) / size) * 100);
    }

    // Network eth0: a steady trickle plus traffic that follows activity.
    const rxP = poisson(r, 15 + 400 * level * level);
    const txP = poisson(r, 10 + 250 * level * level);
    const rxB = rxP * (66 + Math.floor(r() * 900));
    const txB = txP * (54 + Math.floor(r() * 400));
    this.rxBytes += rxB;
    this.rxPackets += rxP;
    this.txBytes += txB;
    this.txPackets += txP;
    v[k++] = this.rxBytes;
    v[k++] = this.rxPackets;
    v[k++] = this.txBytes;
    v[k++] = this.txPackets;
    v[k++] = this.round1(rxB / sec);
    v[k++] = this.round1(txB / sec);

    // coretemp: whole degrees, following the package load with lag.
    for (let j = 0; j < this.temps.length; j++) {
      const target = 38 + 40 * level + (j === 0 ? 3 : 0);
      if (r() < 0.15) this.temps[j] += Math.sign(target - this.temps[j] + gauss(r) * 2);
      v[k++] = this.temps[j];
    }
    if (k !== this.all.length) throw new Error(`hostdata: wrote ${k} values for ${this.all.length} series`);
  }

  /** The current tick as store points, with fresh label objects the way the agent builds them. */
  points(): Point[] {
    const out: Point[] = new Array(this.series.length);
    for (let i = 0; i < this.series.length; i++) {
      const s = this.series[i];
      out[i] = { name: s.name, labels: { ...s.labels }, value: this.values[i], ts: this.ts, type: s.type };
    }
    return out;
  }
}

const MEMINFO = [
  'MemTotal',
  'MemFree',
  'MemAvailable',
  'Buffers',
  'Cached',
  'Active',
  'Inactive',
  'Dirty',
  'AnonPages',
  'Mapped',
  'Shmem',
  'Slab',
  'SReclaimable',
  'SUnreclaim',
  'PageTables',
  'Committed_AS',
  'SwapTotal',
  'SwapFree',
] as const;

const DISK_COUNTERS = [
  'node_disk_reads_completed_total',
  'node_disk_read_bytes_total',
  'node_disk_read_time_seconds_total',
  'node_disk_writes_completed_total',
  'node_disk_written_bytes_total',
  'node_disk_write_time_seconds_total',
  'node_disk_io_time_seconds_total',
  'node_disk_io_time_weighted_seconds_total',
] as const;

const FS_GAUGES = [
  'node_filesystem_size_bytes',
  'node_filesystem_free_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_files',
  'node_filesystem_files_free',
] as const;

const FILESYSTEMS = [
  { device: '/dev/nvme0n1p2', fstype: 'ext4', mountpoint: '/' },
  { device: '/dev/nvme0n1p1', fstype: 'vfat', mountpoint: '/boot/efi' },
] as const;

const NET_COUNTERS = [
  'node_network_receive_bytes_total',
  'node_network_receive_packets_total',
  'node_network_transmit_bytes_total',
  'node_network_transmit_packets_total',
] as const;

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

/** Standard normal (Box–Muller, one of the pair). */
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Poisson: Knuth below 30, a rounded normal above. */
function poisson(r: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}
