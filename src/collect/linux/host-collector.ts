// One tick over every Linux collector. Each collector runs in its own try/catch with timing, so one
// broken source (a missing file in a container, a sysfs quirk) empties only its part of the sample.
import type {
  CollectorStats,
  CoolingDeviceSample,
  DiskSample,
  FilesystemError,
  FilesystemSample,
  HostCollector,
  HwmonChipSample,
  LoadSample,
  NetworkSample,
  TemperatureSample,
  TickResult,
  UptimeSample,
} from '../sample.js';
import { zeroCpuTimes } from '../sample.js';
import { CpuCollector, type CpuRead } from './cpu.js';
import { DiskCollector } from './diskstats.js';
import { readFilesystemsDetailed } from './filesystems.js';
import { readLoad } from './loadavg.js';
import { type MemoryRead, readMemory } from './meminfo.js';
import { type Ipv4Lookup, NetCollector } from './netdev.js';
import { SensorReader } from './temperatures.js';
import { readUptime } from './uptime.js';

export interface CollectorLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

export interface LinuxCollectorOptions {
  /** Filesystem root to read proc/sys/etc under: `/` live, `/host` in a container, a fixture in tests. */
  root: string;
  /** Value of the sample's `host` field. */
  host: string;
  log?: CollectorLog;
  /** Address/MAC lookup for the primary interface; defaults to os.networkInterfaces(). */
  ipv4Lookup?: Ipv4Lookup;
}

export const COLLECTOR_NAMES = [
  'cpu',
  'memory',
  'filesystems',
  'disks',
  'network',
  'load',
  'uptime',
  'temperatures',
] as const;
export type CollectorName = (typeof COLLECTOR_NAMES)[number];

// What a failed collector leaves in the sample: zeros, empty lists, and null for "unknown".
const emptyCpu = (): CpuRead => ({
  cpu: {
    times: zeroCpuTimes(),
    usagePercent: null,
    cores: [],
    logicalCores: 0,
    freqAvgMhz: null,
    freqMaxMhz: null,
    freqMinMhz: null,
  },
  kernel: { bootTime: 0, contextSwitches: 0, forks: 0, interrupts: 0, procsRunning: 0, procsBlocked: 0 },
});
const emptyMemory = (): MemoryRead => ({
  memory: { total: 0, available: 0, used: 0, percent: 0, free: 0, buffers: 0, cached: 0, fields: {} },
  swap: { total: 0, used: 0, free: 0, percent: 0 },
});
const emptyLoad = (): LoadSample => ({ load1: 0, load5: 0, load15: 0, runnable: 0, threads: 0 });
const emptyUptime = (): UptimeSample => ({ seconds: 0, bootTime: 0 });
const emptyNetwork = (): NetworkSample => ({ interfaces: [], primary: null });
const emptyList = <T>(): T[] => [];
const emptySensors = () => ({
  temperatures: emptyList<TemperatureSample>(),
  hwmon: emptyList<HwmonChipSample>(),
  coolingDevices: emptyList<CoolingDeviceSample>(),
});
const emptyFilesystems = () => ({
  filesystems: emptyList<FilesystemSample>(),
  errors: emptyList<FilesystemError>(),
});

class Slot {
  readonly stats: CollectorStats;
  private failing = false;

  constructor(
    name: CollectorName,
    private readonly log: CollectorLog | undefined,
  ) {
    this.stats = { name, runs: 0, failures: 0, lastDurationMs: 0, lastError: null };
  }

  /** Runs one collector: its value, or `empty()` and a recorded failure when it throws. */
  run<T>(failed: string[], empty: () => T, read: () => T): T {
    const t = performance.now();
    try {
      const v = read();
      this.finish(t, undefined, failed);
      return v;
    } catch (err) {
      this.finish(t, err ?? new Error('unknown error'), failed);
      return empty();
    }
  }

  async runAsync<T>(failed: string[], empty: () => T, read: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      const v = await read();
      this.finish(t, undefined, failed);
      return v;
    } catch (err) {
      this.finish(t, err ?? new Error('unknown error'), failed);
      return empty();
    }
  }

  /** Records a run; a failure is logged once per failure streak (first failure after success). */
  private finish(started: number, err: unknown, failed: string[]): void {
    const s = this.stats;
    s.runs++;
    s.lastDurationMs = performance.now() - started;
    if (err === undefined) {
      s.lastError = null;
      if (this.failing) {
        this.failing = false;
        this.log?.info?.({ collector: s.name }, `collector ${s.name} recovered`);
      }
      return;
    }
    s.failures++;
    s.lastError = err instanceof Error ? err.message : String(err);
    failed.push(s.name);
    if (!this.failing) {
      this.failing = true;
      this.log?.warn({ collector: s.name, err: s.lastError }, `collector ${s.name} failed`);
    }
  }
}

/** A value built on first use; a constructor that throws is retried on the next call. */
function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => {
    v ??= make();
    return v;
  };
}

/**
 * The Linux HostCollector. Collectors run one after another (cpu first, closest to the tick's
 * start; filesystems last, the only asynchronous one). `lastError` in stats() is the error of the
 * most recent run (null once the collector works again); `failures` keeps the history.
 */
export function createLinuxCollector(opts: LinuxCollectorOptions): HostCollector {
  const root = opts.root === '/' ? '/' : opts.root.replace(/\/+$/, '');
  // Readers build paths as `${root}/proc/...`; an empty prefix keeps live paths plain (/proc/...).
  const prefix = root === '/' ? '' : root;
  const slots = new Map<CollectorName, Slot>();
  for (const name of COLLECTOR_NAMES) slots.set(name, new Slot(name, opts.log));
  const slot = (name: CollectorName): Slot => slots.get(name) as Slot;
  const cpuSlot = slot('cpu');
  const memorySlot = slot('memory');
  const fsSlot = slot('filesystems');
  const diskSlot = slot('disks');
  const netSlot = slot('network');
  const loadSlot = slot('load');
  const uptimeSlot = slot('uptime');
  const tempSlot = slot('temperatures');

  // Stateful collectors are built lazily inside their own try/catch: a constructor that throws
  // must count as that collector's failure, not break the whole agent.
  const ipv4Lookup = opts.ipv4Lookup;
  const cpu = lazy(() => new CpuCollector(prefix));
  const disks = lazy(() => new DiskCollector(prefix));
  const net = lazy(() => new NetCollector(prefix, { ipv4Lookup }));
  const sensors = lazy(() => new SensorReader(prefix));

  return {
    async collect(wallMs: number): Promise<TickResult> {
      const failed: string[] = [];
      const cpuRead = cpuSlot.run(failed, emptyCpu, () => cpu().read());
      const mem = memorySlot.run(failed, emptyMemory, () => readMemory(prefix));
      const load = loadSlot.run(failed, emptyLoad, () => readLoad(prefix));
      const btime = cpuRead.kernel.bootTime;
      const uptime = uptimeSlot.run(failed, emptyUptime, () =>
        readUptime(prefix, wallMs, btime > 0 ? btime : undefined),
      );
      const diskList = diskSlot.run(failed, emptyList<DiskSample>, () => disks().read(performance.now()));
      const network = netSlot.run(failed, emptyNetwork, () => net().read(performance.now()));
      const { temperatures, hwmon, coolingDevices } = tempSlot.run(failed, emptySensors, () =>
        sensors().read(performance.now()),
      );
      const { filesystems, errors: filesystemErrors } = await fsSlot.runAsync(failed, emptyFilesystems, () =>
        readFilesystemsDetailed(root),
      );

      return {
        sample: {
          ts: wallMs,
          host: opts.host,
          cpu: cpuRead.cpu,
          kernel: cpuRead.kernel,
          memory: mem.memory,
          swap: mem.swap,
          filesystems,
          disks: diskList,
          network,
          load,
          uptime,
          temperatures,
          filesystemErrors,
          hwmon,
          coolingDevices,
          failed: [...failed],
        },
        failed,
      };
    },

    stats(): CollectorStats[] {
      return COLLECTOR_NAMES.map((name) => ({ ...slot(name).stats }));
    },
  };
}
