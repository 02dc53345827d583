// A HostSample as Prometheus metric families: node_exporter 1.5's names, labels, types, HELP and
// value arithmetic for its default Linux collectors (cpu, cpufreq, meminfo, loadavg, stat,
// diskstats, filesystem, netdev, hwmon, thermal_zone), plus the hostpulse_* derived gauges. Pure
// and cheap: no I/O, one pass over the sample; names, types and HELP come from the catalog. Label
// names are written in sorted order, as client_golang writes them, so a series reads the same.
import {
  hwmonSpec,
  type MetricSpec,
  memoryFieldSpec,
  metric,
  NETDEV_RECEIVE_COLUMNS,
  NETDEV_TRANSMIT_COLUMNS,
} from '../collect/catalog.js';
import { NETDEV_COUNTER_KEYS } from '../collect/linux/netdev.js';
import type { CpuTimes, DiskSample, HostSample, NetInterfaceSample } from '../collect/sample.js';
import type { MetricFamily } from './family.js';

/** node_exporter's default --collector.netdev.device-exclude. */
export const NETDEV_DEVICE_EXCLUDE = /^lo$/;

export interface HostFamiliesOptions {
  /** Interfaces left out of node_network_* and hostpulse_network_*; node_exporter's `^lo$` by default. */
  netdevExclude?: RegExp;
}

type Labels = Record<string, string>;

/** Families in first-use order; one per name, HELP and TYPE from the first spec that named it. */
class Families {
  private readonly byName = new Map<string, MetricFamily>();

  add(spec: MetricSpec | string, labels: Labels, value: number): void {
    const s = typeof spec === 'string' ? metric(spec) : spec;
    let f = this.byName.get(s.name);
    if (f === undefined) {
      f = { name: s.name, help: s.help, type: s.type, samples: [] };
      this.byName.set(s.name, f);
    }
    f.samples.push({ labels, value });
  }

  list(): MetricFamily[] {
    return [...this.byName.values()];
  }
}

// node_exporter multiplies milliseconds by 0.001 (not ÷1000); the two differ in the last bit for
// some values (107737 ms → 107.73700000000001 s), so the sample's seconds are turned back into
// whole milliseconds first and scaled the same way.
const msSeconds = (seconds: number): number => Math.round(seconds * 1000) * 0.001;

const CPU_MODES: readonly (keyof CpuTimes)[] = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
];

function cpuFamilies(s: HostSample, out: Families): void {
  for (const core of s.cpu.cores) {
    const cpu = String(core.cpu);
    const t = core.counters ?? core.times;
    for (const mode of CPU_MODES) out.add('node_cpu_seconds_total', { cpu, mode }, t[mode]);
    out.add('node_cpu_guest_seconds_total', { cpu, mode: 'user' }, t.guest);
    out.add('node_cpu_guest_seconds_total', { cpu, mode: 'nice' }, t.guestNice);
  }
  for (const cpu of s.cpu.isolated ?? []) out.add('node_cpu_isolated', { cpu: String(cpu) }, 1);
  const th = s.cpu.throttles;
  if (th !== undefined) {
    for (const p of th.packages) out.add('node_cpu_package_throttles_total', { package: p.package }, p.count);
    for (const c of th.cores)
      out.add('node_cpu_core_throttles_total', { core: c.core, package: c.package }, c.count);
  }
  // cpufreq: each file node_exporter finds becomes one series, kHz × 1000.
  for (const core of s.cpu.cores) {
    const f = core.cpufreq;
    if (f === undefined || f === null) continue;
    const labels = { cpu: String(core.cpu) };
    if (f.cpuinfoCurKhz !== null) out.add('node_cpu_frequency_hertz', labels, f.cpuinfoCurKhz * 1000);
    if (f.cpuinfoMaxKhz !== null) out.add('node_cpu_frequency_max_hertz', labels, f.cpuinfoMaxKhz * 1000);
    if (f.cpuinfoMinKhz !== null) out.add('node_cpu_frequency_min_hertz', labels, f.cpuinfoMinKhz * 1000);
    if (f.scalingCurKhz !== null) out.add('node_cpu_scaling_frequency_hertz', labels, f.scalingCurKhz * 1000);
    if (f.scalingMaxKhz !== null)
      out.add('node_cpu_scaling_frequency_max_hertz', labels, f.scalingMaxKhz * 1000);
    if (f.scalingMinKhz !== null)
      out.add('node_cpu_scaling_frequency_min_hertz', labels, f.scalingMinKhz * 1000);
  }
  const k = s.kernel;
  out.add('node_boot_time_seconds', {}, k.bootTime);
  out.add('node_context_switches_total', {}, k.contextSwitches);
  out.add('node_forks_total', {}, k.forks);
  out.add('node_intr_total', {}, k.interrupts);
  out.add('node_procs_blocked', {}, k.procsBlocked);
  out.add('node_procs_running', {}, k.procsRunning);
}

function cpuUsage(s: HostSample, out: Families): void {
  if (s.cpu.usagePercent !== null)
    out.add('hostpulse_cpu_usage_percent', { cpu: 'total' }, s.cpu.usagePercent);
  for (const core of s.cpu.cores)
    if (core.usagePercent !== null)
      out.add('hostpulse_cpu_usage_percent', { cpu: String(core.cpu) }, core.usagePercent);
  if (s.cpu.freqAvgMhz !== null) out.add('hostpulse_cpu_frequency_average_hertz', {}, s.cpu.freqAvgMhz * 1e6);
}

// The catalog builds a meminfo or hwmon spec (regex, names, HELP) per call; a host lists the same
// few dozen fields every tick, so each spec is built once. The sets are bounded by the kernel and the
// hardware; the cap only guards against a pathological source.
const SPEC_MEMO_MAX = 4096;
const memorySpecs = new Map<string, [MetricSpec | undefined, MetricSpec | undefined]>();

function memorySpec(field: string, hasUnit: boolean): MetricSpec {
  let pair = memorySpecs.get(field);
  if (pair === undefined) {
    if (memorySpecs.size >= SPEC_MEMO_MAX) memorySpecs.clear();
    pair = [undefined, undefined];
    memorySpecs.set(field, pair);
  }
  const i = hasUnit ? 1 : 0;
  pair[i] ??= memoryFieldSpec(field, hasUnit);
  return pair[i];
}

type HwmonSpec = ReturnType<typeof hwmonSpec>;
const hwmonSpecs = new Map<string, Map<string, [HwmonSpec | undefined, HwmonSpec | undefined]>>();
let hwmonSpecCount = 0;

function cachedHwmonSpec(type: string, element: string, hasBare: boolean): HwmonSpec {
  let byElement = hwmonSpecs.get(type);
  if (byElement === undefined) {
    byElement = new Map();
    hwmonSpecs.set(type, byElement);
  }
  let pair = byElement.get(element);
  if (pair === undefined) {
    if (++hwmonSpecCount > SPEC_MEMO_MAX) {
      hwmonSpecs.clear();
      hwmonSpecCount = 0;
      return hwmonSpec(type, element, hasBare);
    }
    pair = [undefined, undefined];
    byElement.set(element, pair);
  }
  const i = hasBare ? 1 : 0;
  // null (no series for this element) is remembered too: only undefined means not asked yet.
  if (pair[i] === undefined) pair[i] = hwmonSpec(type, element, hasBare);
  return pair[i];
}

function memoryFamilies(s: HostSample, out: Families): void {
  const fields = s.memory.fields;
  const unitless = s.memory.unitless;
  for (const field in fields) {
    // Samples from before `unitless` existed: the kernel prints only HugePages_* without a unit.
    const hasUnit = unitless === undefined ? !field.startsWith('HugePages_') : !unitless.includes(field);
    out.add(memorySpec(field, hasUnit), {}, fields[field]);
  }
}

function diskFamilies(d: DiskSample, out: Families): void {
  const device = d.device;
  const u = d.udev ?? {};
  out.add(
    'node_disk_info',
    {
      device,
      major: String(d.major),
      minor: String(d.minor),
      model: u.ID_MODEL ?? '',
      path: u.ID_PATH ?? '',
      revision: u.ID_REVISION ?? '',
      serial: u.ID_SERIAL_SHORT ?? '',
      wwn: u.ID_WWN ?? '',
    },
    1,
  );
  const labels = { device };
  out.add('node_disk_reads_completed_total', labels, d.readsCompleted);
  out.add('node_disk_reads_merged_total', labels, d.readsMerged);
  out.add('node_disk_read_bytes_total', labels, d.readBytes);
  out.add('node_disk_read_time_seconds_total', labels, msSeconds(d.readTimeSeconds));
  out.add('node_disk_writes_completed_total', labels, d.writesCompleted);
  out.add('node_disk_writes_merged_total', labels, d.writesMerged);
  out.add('node_disk_written_bytes_total', labels, d.writtenBytes);
  out.add('node_disk_write_time_seconds_total', labels, msSeconds(d.writeTimeSeconds));
  out.add('node_disk_io_now', labels, d.ioInProgress);
  out.add('node_disk_io_time_seconds_total', labels, msSeconds(d.ioTimeSeconds));
  out.add('node_disk_io_time_weighted_seconds_total', labels, msSeconds(d.ioTimeWeightedSeconds));
  // Kernel ≥ 4.18 lines carry discards, ≥ 5.5 flushes; shorter lines export only what they have.
  if (d.discardsCompleted !== null) {
    out.add('node_disk_discards_completed_total', labels, d.discardsCompleted);
    out.add('node_disk_discards_merged_total', labels, d.discardsMerged ?? 0);
    out.add('node_disk_discarded_sectors_total', labels, d.discardedSectors ?? 0);
    out.add('node_disk_discard_time_seconds_total', labels, msSeconds(d.discardTimeSeconds ?? 0));
  }
  if (d.flushRequests !== null) {
    out.add('node_disk_flush_requests_total', labels, d.flushRequests);
    out.add(
      'node_disk_flush_requests_time_seconds_total',
      labels,
      msSeconds(d.flushRequestsTimeSeconds ?? 0),
    );
  }
  if (u.ID_FS_TYPE)
    out.add(
      'node_disk_filesystem_info',
      {
        device,
        type: u.ID_FS_TYPE,
        usage: u.ID_FS_USAGE ?? '',
        uuid: u.ID_FS_UUID ?? '',
        version: u.ID_FS_VERSION ?? '',
      },
      1,
    );
  if (u.DM_NAME)
    out.add(
      'node_disk_device_mapper_info',
      {
        device,
        lv_layer: u.DM_LV_LAYER ?? '',
        lv_name: u.DM_LV_NAME ?? '',
        name: u.DM_NAME,
        uuid: u.DM_UUID ?? '',
        vg_name: u.DM_VG_NAME ?? '',
      },
      1,
    );
  if (u.ID_ATA) {
    for (const [prop, name] of ATA_PROPS) {
      const raw = u[prop];
      const v = raw === undefined ? Number.NaN : parseGoFloat(raw);
      if (!Number.isNaN(v)) out.add(name, labels, v);
    }
  }
}

const ATA_PROPS: readonly [string, string][] = [
  ['ID_ATA_WRITE_CACHE', 'node_disk_ata_write_cache'],
  ['ID_ATA_WRITE_CACHE_ENABLED', 'node_disk_ata_write_cache_enabled'],
  ['ID_ATA_ROTATION_RATE_RPM', 'node_disk_ata_rotation_rate_rpm'],
];

const GO_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** strconv.ParseFloat for the decimal forms sysfs and udev print; NaN where Go would fail. */
export function parseGoFloat(text: string): number {
  if (!GO_FLOAT.test(text)) return Number.NaN;
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function diskRates(d: DiskSample, out: Families): void {
  const r = d.rates;
  if (r === null) return;
  const labels = { device: d.device };
  out.add('hostpulse_disk_read_bytes_per_second', labels, r.readBytesPerSec);
  out.add('hostpulse_disk_written_bytes_per_second', labels, r.writeBytesPerSec);
  out.add('hostpulse_disk_reads_per_second', labels, r.readsPerSec);
  out.add('hostpulse_disk_writes_per_second', labels, r.writesPerSec);
  out.add('hostpulse_disk_busy_percent', labels, r.busyPercent);
}

const RX_KEYS = NETDEV_COUNTER_KEYS.slice(0, 8);
const TX_KEYS = NETDEV_COUNTER_KEYS.slice(8);
const RX_NAMES = NETDEV_RECEIVE_COLUMNS.map((c) => metric(`node_network_receive_${c}_total`));
const TX_NAMES = NETDEV_TRANSMIT_COLUMNS.map((c) => metric(`node_network_transmit_${c}_total`));

function netFamilies(n: NetInterfaceSample, out: Families): void {
  const labels = { device: n.name };
  for (let i = 0; i < RX_KEYS.length; i++) out.add(RX_NAMES[i], labels, n[RX_KEYS[i]]);
  if (n.rxNohandler !== undefined) out.add('node_network_receive_nohandler_total', labels, n.rxNohandler);
  for (let i = 0; i < TX_KEYS.length; i++) out.add(TX_NAMES[i], labels, n[TX_KEYS[i]]);
}

function netRates(n: NetInterfaceSample, out: Families): void {
  const r = n.rates;
  if (r === null) return;
  const labels = { device: n.name };
  out.add('hostpulse_network_receive_bytes_per_second', labels, r.rxBytesPerSec);
  out.add('hostpulse_network_transmit_bytes_per_second', labels, r.txBytesPerSec);
  out.add('hostpulse_network_receive_packets_per_second', labels, r.rxPacketsPerSec);
  out.add('hostpulse_network_transmit_packets_per_second', labels, r.txPacketsPerSec);
}

function hwmonFamilies(s: HostSample, out: Families): void {
  for (const chip of s.hwmon ?? []) {
    if (chip.chipName !== null)
      out.add('node_hwmon_chip_names', { chip: chip.chip, chip_name: chip.chipName }, 1);
    for (const sensor of chip.sensors) {
      const labels = { chip: chip.chip, sensor: sensor.sensor };
      if (sensor.label !== null)
        out.add(
          'node_hwmon_sensor_label',
          { chip: chip.chip, label: sensor.label, sensor: sensor.sensor },
          1,
        );
      const v = sensor.values;
      const bare = v[''];
      switch (sensor.type) {
        case 'beep_enable':
          out.add('node_hwmon_beep_enabled', labels, bare === 1 ? 1 : 0);
          continue;
        case 'vrm':
          if (bare !== undefined) out.add('node_hwmon_voltage_regulator_version', labels, bare);
          continue;
        case 'update_interval':
          if (bare !== undefined) out.add('node_hwmon_update_interval_seconds', labels, bare * 0.001);
          continue;
      }
      for (const element in v) {
        const spec = cachedHwmonSpec(sensor.type, element, bare !== undefined);
        if (spec === null) continue;
        const raw = v[element];
        out.add(spec, labels, spec.divisor === 1 ? raw * spec.scale : raw / spec.divisor);
      }
    }
  }
}

function thermalFamilies(s: HostSample, out: Families): void {
  for (const t of s.temperatures) {
    if (t.source !== 'thermal') continue;
    out.add(
      'node_thermal_zone_temp',
      { type: t.sensor, zone: t.chip.replace(/^thermal_zone/, '') },
      t.celsius,
    );
  }
  for (const c of s.coolingDevices ?? []) {
    out.add('node_cooling_device_cur_state', { name: c.name, type: c.type }, c.curState);
    out.add('node_cooling_device_max_state', { name: c.name, type: c.type }, c.maxState);
  }
}

/**
 * Every host family /metrics serves for this sample, node_exporter's first (grouped by collector),
 * then hostpulse_*. Parts whose collector failed this tick (sample.failed) are left out rather than
 * served as zeros, as node_exporter leaves out a failed collector's series.
 */
export function hostFamilies(sample: HostSample, opts: HostFamiliesOptions = {}): MetricFamily[] {
  const failed = new Set(sample.failed ?? []);
  const ok = (part: string): boolean => !failed.has(part);
  const exclude = opts.netdevExclude ?? NETDEV_DEVICE_EXCLUDE;
  const out = new Families();
  const derived = new Families();

  if (ok('cpu')) {
    cpuFamilies(sample, out);
    cpuUsage(sample, derived);
  }
  if (ok('memory')) {
    memoryFamilies(sample, out);
    derived.add('hostpulse_memory_used_percent', {}, sample.memory.percent);
    derived.add('hostpulse_swap_used_percent', {}, sample.swap.percent);
  }
  if (ok('load')) {
    out.add('node_load1', {}, sample.load.load1);
    out.add('node_load5', {}, sample.load.load5);
    out.add('node_load15', {}, sample.load.load15);
  }
  if (ok('disks')) {
    for (const d of sample.disks) {
      diskFamilies(d, out);
      diskRates(d, derived);
    }
  }
  if (ok('filesystems')) {
    for (const f of sample.filesystems) {
      const labels = { device: f.device, fstype: f.fstype, mountpoint: f.mountpoint };
      out.add('node_filesystem_device_error', labels, 0);
      out.add('node_filesystem_size_bytes', labels, f.size);
      out.add('node_filesystem_free_bytes', labels, f.free);
      out.add('node_filesystem_avail_bytes', labels, f.avail);
      out.add('node_filesystem_files', labels, f.files);
      out.add('node_filesystem_files_free', labels, f.filesFree);
      out.add('node_filesystem_readonly', labels, f.readonly ? 1 : 0);
      derived.add('hostpulse_filesystem_used_percent', labels, f.percent);
    }
    for (const e of sample.filesystemErrors ?? [])
      out.add(
        'node_filesystem_device_error',
        { device: e.device, fstype: e.fstype, mountpoint: e.mountpoint },
        1,
      );
  }
  if (ok('network')) {
    for (const n of sample.network.interfaces) {
      if (exclude.test(n.name)) continue;
      netFamilies(n, out);
      netRates(n, derived);
    }
  }
  if (ok('temperatures')) {
    hwmonFamilies(sample, out);
    thermalFamilies(sample, out);
  }
  return [...out.list(), ...derived.list()];
}
