// The typed shape of one collector tick. Every other view (REST shapes, CSV rows, Prometheus
// exposition, store points) is derived from a HostSample, never from /proc directly.

/** Cumulative CPU time in seconds (procfs USER_HZ ticks / 100), as node_exporter reports them. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export interface CpuCore {
  /** Kernel CPU index (the N of `cpuN` in /proc/stat). */
  cpu: number;
  times: CpuTimes;
  /** Busy percent over the last tick; null on the warm-up tick or for a core that just appeared. */
  usagePercent: number | null;
  /** Current frequency in MHz (cpufreq scaling_cur_freq, else /proc/cpuinfo "cpu MHz"); null if unknown. */
  freqMhz: number | null;
  /** cpufreq limits in MHz when sysfs exposes them. */
  freqMinMhz: number | null;
  freqMaxMhz: number | null;
  /**
   * The times as node_exporter exports them: a field that went backwards keeps its last value, and
   * idle dropping by 3 s or more (a hotplugged core) restarts the series. Absent off Linux.
   */
  counters?: CpuTimes;
  /** This core's cpufreq sysfs files, kHz as printed; null without a cpufreq directory. */
  cpufreq?: CpuFreqFiles | null;
}

/** cpufreq sysfs values of one core in kHz; null for a file the driver does not provide. */
export interface CpuFreqFiles {
  cpuinfoCurKhz: number | null;
  cpuinfoMinKhz: number | null;
  cpuinfoMaxKhz: number | null;
  scalingCurKhz: number | null;
  scalingMinKhz: number | null;
  scalingMaxKhz: number | null;
}

/** Thermal throttle counters from /sys/devices/system/cpu/cpuN/thermal_throttle (x86). */
export interface CpuThrottles {
  /** One per (package, core), read from the first CPU of that core, as node_exporter does. */
  cores: { package: string; core: string; count: number }[];
  /** One per package, read from its first CPU. */
  packages: { package: string; count: number }[];
}

export interface CpuSample {
  /** Aggregate "cpu" line of /proc/stat. */
  times: CpuTimes;
  /** Busy percent (all cores) over the last tick; null on the warm-up tick. */
  usagePercent: number | null;
  cores: CpuCore[];
  logicalCores: number;
  /** Average current frequency over cores that report one. */
  freqAvgMhz: number | null;
  /** Highest max frequency any core reports (cpufreq cpuinfo_max_freq), else null. */
  freqMaxMhz: number | null;
  freqMinMhz: number | null;
  /** CPUs listed in /sys/devices/system/cpu/isolated (isolcpus=), read once at start. */
  isolated?: number[];
  throttles?: CpuThrottles;
}

/** Kernel-wide counters from /proc/stat. */
export interface KernelStat {
  /** Boot time, unix seconds ("btime"). */
  bootTime: number;
  contextSwitches: number;
  forks: number;
  interrupts: number;
  procsRunning: number;
  procsBlocked: number;
}

export interface MemorySample {
  total: number;
  available: number;
  /** total − available, the figure `free`/psutil users expect. */
  used: number;
  percent: number;
  free: number;
  buffers: number;
  cached: number;
  /** Every /proc/meminfo field in bytes (kB fields × 1024; page counts like HugePages_* as-is). */
  fields: Record<string, number>;
  /** The fields printed without a unit (HugePages_Total…): their value is a count, not bytes. */
  unitless?: string[];
}

export interface SwapSample {
  total: number;
  used: number;
  free: number;
  percent: number;
}

export interface FilesystemSample {
  device: string;
  mountpoint: string;
  fstype: string;
  /** Bytes. */
  size: number;
  free: number;
  avail: number;
  used: number;
  /** used / (used + avail) × 100, as df computes it. */
  percent: number;
  files: number;
  filesFree: number;
  readonly: boolean;
}

export interface DiskRates {
  readBytesPerSec: number;
  writeBytesPerSec: number;
  readsPerSec: number;
  writesPerSec: number;
  /** Share of the interval the device had I/O in flight (io_ticks delta / elapsed). */
  busyPercent: number;
}

/** One physical disk from /proc/diskstats; counters are cumulative. */
export interface DiskSample {
  device: string;
  major: number;
  minor: number;
  readsCompleted: number;
  readsMerged: number;
  readBytes: number;
  readTimeSeconds: number;
  writesCompleted: number;
  writesMerged: number;
  writtenBytes: number;
  writeTimeSeconds: number;
  ioInProgress: number;
  ioTimeSeconds: number;
  ioTimeWeightedSeconds: number;
  /** Kernel ≥ 4.18 fields; null when the line is shorter. */
  discardsCompleted: number | null;
  discardsMerged: number | null;
  discardedSectors: number | null;
  discardTimeSeconds: number | null;
  /** Kernel ≥ 5.5 fields; null when the line is shorter. */
  flushRequests: number | null;
  flushRequestsTimeSeconds: number | null;
  /** Per-second rates over the last tick; null on the first sight of the device. */
  rates: DiskRates | null;
  /**
   * udev properties of the device (`E:` lines of /run/udev/data/b<major>:<minor>) that node_exporter
   * exports (ID_MODEL, ID_SERIAL_SHORT, ID_FS_TYPE, DM_NAME, ID_ATA…); empty when udev has no record.
   */
  udev?: Readonly<Record<string, string>>;
}

export interface NetRates {
  rxBytesPerSec: number;
  txBytesPerSec: number;
  rxPacketsPerSec: number;
  txPacketsPerSec: number;
}

/** One interface from /proc/net/dev; counters are cumulative. */
export interface NetInterfaceSample {
  name: string;
  rxBytes: number;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  rxFifo: number;
  rxFrame: number;
  rxCompressed: number;
  rxMulticast: number;
  txBytes: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
  txFifo: number;
  txColls: number;
  txCarrier: number;
  txCompressed: number;
  rates: NetRates | null;
  /** rx_nohandler from sysfs statistics (packets dropped for lack of a protocol handler); absent if unknown. */
  rxNohandler?: number;
}

export interface PrimaryInterface {
  name: string;
  ipv4: string | null;
  mac: string | null;
}

export interface NetworkSample {
  interfaces: NetInterfaceSample[];
  /** Interface of the default route (lowest metric), with its IPv4 address; null when there is none. */
  primary: PrimaryInterface | null;
}

export interface LoadSample {
  load1: number;
  load5: number;
  load15: number;
  /** Runnable scheduling entities and total entities (4th field of /proc/loadavg). */
  runnable: number;
  threads: number;
}

export interface UptimeSample {
  seconds: number;
  /** Boot time, unix seconds. */
  bootTime: number;
}

export interface TemperatureSample {
  source: 'hwmon' | 'thermal';
  /** hwmon chip name (node_exporter's chip label form) or thermal zone name. */
  chip: string;
  /** hwmon sensor id (temp1…) or the zone type. */
  sensor: string;
  /** Human label (tempN_label, else sensor). */
  label: string;
  celsius: number;
  maxCelsius: number | null;
  critCelsius: number | null;
}

/** A mount that passed the filters but whose statfs failed or hangs (node_filesystem_device_error 1). */
export interface FilesystemError {
  device: string;
  mountpoint: string;
  fstype: string;
}

/** One hwmon chip with every sensor attribute node_exporter reads (see catalog hwmonSpec). */
export interface HwmonChipSample {
  /** node_exporter's chip label (device path based, else the name file, else hwmonN). */
  chip: string;
  /** The `name` file, cleaned as node_exporter does; null when absent. */
  chipName: string | null;
  /** Sensors in name order, e.g. `temp1`, `fan2`, `in0`, `beep_enable0`. */
  sensors: HwmonSensorSample[];
}

export interface HwmonSensorSample {
  /** `<type><n>`; n is 0 for files without a number (beep_enable, vrm, update_interval). */
  sensor: string;
  type: string;
  /** Contents of `<sensor>_label`, if any. */
  label: string | null;
  /** Numeric attributes by name after `<sensor>_` ('' for the bare `<sensor>` file), in sysfs units. */
  values: Record<string, number>;
}

export interface CoolingDeviceSample {
  /** N of cooling_deviceN. */
  name: string;
  type: string;
  curState: number;
  maxState: number;
}

export interface HostSample {
  /** Wall-clock time of the tick, unix milliseconds. */
  ts: number;
  host: string;
  cpu: CpuSample;
  kernel: KernelStat;
  memory: MemorySample;
  swap: SwapSample;
  filesystems: FilesystemSample[];
  disks: DiskSample[];
  network: NetworkSample;
  load: LoadSample;
  uptime: UptimeSample;
  temperatures: TemperatureSample[];
  /** Mounts whose statfs failed or timed out this tick. */
  filesystemErrors?: FilesystemError[];
  /** Every hwmon chip's sensors (temperatures, fans, voltages, power…). */
  hwmon?: HwmonChipSample[];
  coolingDevices?: CoolingDeviceSample[];
  /** Collectors that failed this tick (names as in CollectorStats); their parts hold empty values. */
  failed?: string[];
}

export const zeroCpuTimes = (): CpuTimes => ({
  user: 0,
  nice: 0,
  system: 0,
  idle: 0,
  iowait: 0,
  irq: 0,
  softirq: 0,
  steal: 0,
  guest: 0,
  guestNice: 0,
});

/** What a tick produced plus which collectors failed in it (their parts hold empty values). */
export interface TickResult {
  sample: HostSample;
  failed: string[];
}

export interface CollectorStats {
  name: string;
  runs: number;
  failures: number;
  lastDurationMs: number;
  lastError: string | null;
}

/** The host collector used by the agent: one call per tick; never throws. */
export interface HostCollector {
  collect(wallMs: number): Promise<TickResult>;
  stats(): CollectorStats[];
}
