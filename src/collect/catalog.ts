// The one catalog of host series: every name /metrics serves for the host, with its type, unit,
// HELP text and label names. The exposition, the API docs and the dashboard all read it, so a
// series is described once. node_exporter's series keep its names, labels, types and HELP text
// verbatim (1.5.0, Linux); hostpulse_* are the derived gauges node_exporter lacks.
//
// Two families have names that depend on the machine: node_memory_<field> (one per /proc/meminfo
// line) and the generic node_hwmon_<type>_<attribute> series. They are described by a rule
// (memoryFieldSpec, hwmonSpec) and listed in DYNAMIC_METRICS for the docs.
import type { MetricType } from '../export/family.js';

export type MetricUnit =
  | 'seconds'
  | 'unixtime_seconds'
  | 'bytes'
  | 'bytes_per_second'
  | 'per_second'
  | 'percent'
  | 'ratio'
  | 'hertz'
  | 'celsius'
  | 'volts'
  | 'amperes'
  | 'watts'
  | 'joules'
  | 'rpm'
  | 'count'
  | 'boolean'
  | 'info'
  | '';

/** node_exporter collector a series comes from (its --collector.<name>); `hostpulse` for derived gauges. */
export type CatalogCollector =
  | 'cpu'
  | 'cpufreq'
  | 'meminfo'
  | 'loadavg'
  | 'stat'
  | 'diskstats'
  | 'filesystem'
  | 'netdev'
  | 'hwmon'
  | 'thermal_zone'
  | 'hostpulse';

export interface MetricSpec {
  name: string;
  type: MetricType;
  unit: MetricUnit;
  help: string;
  labels: readonly string[];
  collector: CatalogCollector;
}

/** A family whose concrete names depend on the machine, described by a pattern for the docs. */
export interface DynamicMetricSpec {
  /** e.g. `node_memory_<field>_bytes`. */
  pattern: string;
  match: RegExp;
  type: MetricType;
  unit: MetricUnit;
  /** What the HELP lines say, with the variable part in angle brackets. */
  help: string;
  labels: readonly string[];
  collector: CatalogCollector;
}

const spec = (
  collector: CatalogCollector,
  name: string,
  type: MetricType,
  unit: MetricUnit,
  labels: readonly string[],
  help: string,
): MetricSpec => ({ name, type, unit, help, labels, collector });

const CPU_MODE = ['cpu', 'mode'] as const;
const CPU = ['cpu'] as const;
const DEVICE = ['device'] as const;
const FS = ['device', 'fstype', 'mountpoint'] as const;
const HWMON = ['chip', 'sensor'] as const;
const NONE: readonly string[] = [];

/** /proc/net/dev columns in order, as node_exporter names them (receive_<col>, transmit_<col>). */
export const NETDEV_RECEIVE_COLUMNS = [
  'bytes',
  'packets',
  'errs',
  'drop',
  'fifo',
  'frame',
  'compressed',
  'multicast',
] as const;
export const NETDEV_TRANSMIT_COLUMNS = [
  'bytes',
  'packets',
  'errs',
  'drop',
  'fifo',
  'colls',
  'carrier',
  'compressed',
] as const;

const netdev = (direction: 'receive' | 'transmit', column: string): MetricSpec =>
  spec(
    'netdev',
    `node_network_${direction}_${column}_total`,
    'counter',
    column === 'bytes' ? 'bytes' : 'count',
    DEVICE,
    `Network device statistic ${direction}_${column}.`,
  );

export const HOST_METRICS: readonly MetricSpec[] = [
  // cpu
  spec(
    'cpu',
    'node_cpu_seconds_total',
    'counter',
    'seconds',
    CPU_MODE,
    'Seconds the CPUs spent in each mode.',
  ),
  spec(
    'cpu',
    'node_cpu_guest_seconds_total',
    'counter',
    'seconds',
    CPU_MODE,
    'Seconds the CPUs spent in guests (VMs) for each mode.',
  ),
  spec(
    'cpu',
    'node_cpu_core_throttles_total',
    'counter',
    'count',
    ['package', 'core'],
    'Number of times this CPU core has been throttled.',
  ),
  spec(
    'cpu',
    'node_cpu_package_throttles_total',
    'counter',
    'count',
    ['package'],
    'Number of times this CPU package has been throttled.',
  ),
  spec(
    'cpu',
    'node_cpu_isolated',
    'gauge',
    'boolean',
    CPU,
    'Whether each core is isolated, information from /sys/devices/system/cpu/isolated.',
  ),
  // cpufreq
  spec(
    'cpufreq',
    'node_cpu_frequency_hertz',
    'gauge',
    'hertz',
    CPU,
    'Current cpu thread frequency in hertz.',
  ),
  spec(
    'cpufreq',
    'node_cpu_frequency_max_hertz',
    'gauge',
    'hertz',
    CPU,
    'Maximum cpu thread frequency in hertz.',
  ),
  spec(
    'cpufreq',
    'node_cpu_frequency_min_hertz',
    'gauge',
    'hertz',
    CPU,
    'Minimum cpu thread frequency in hertz.',
  ),
  spec(
    'cpufreq',
    'node_cpu_scaling_frequency_hertz',
    'gauge',
    'hertz',
    CPU,
    'Current scaled CPU thread frequency in hertz.',
  ),
  spec(
    'cpufreq',
    'node_cpu_scaling_frequency_max_hertz',
    'gauge',
    'hertz',
    CPU,
    'Maximum scaled CPU thread frequency in hertz.',
  ),
  spec(
    'cpufreq',
    'node_cpu_scaling_frequency_min_hertz',
    'gauge',
    'hertz',
    CPU,
    'Minimum scaled CPU thread frequency in hertz.',
  ),
  // loadavg
  spec('loadavg', 'node_load1', 'gauge', '', NONE, '1m load average.'),
  spec('loadavg', 'node_load5', 'gauge', '', NONE, '5m load average.'),
  spec('loadavg', 'node_load15', 'gauge', '', NONE, '15m load average.'),
  // stat
  spec('stat', 'node_boot_time_seconds', 'gauge', 'unixtime_seconds', NONE, 'Node boot time, in unixtime.'),
  spec('stat', 'node_context_switches_total', 'counter', 'count', NONE, 'Total number of context switches.'),
  spec('stat', 'node_forks_total', 'counter', 'count', NONE, 'Total number of forks.'),
  spec('stat', 'node_intr_total', 'counter', 'count', NONE, 'Total number of interrupts serviced.'),
  spec(
    'stat',
    'node_procs_blocked',
    'gauge',
    'count',
    NONE,
    'Number of processes blocked waiting for I/O to complete.',
  ),
  spec('stat', 'node_procs_running', 'gauge', 'count', NONE, 'Number of processes in runnable state.'),
  // diskstats
  spec(
    'diskstats',
    'node_disk_info',
    'gauge',
    'info',
    ['device', 'major', 'minor', 'path', 'wwn', 'model', 'serial', 'revision'],
    'Info of /sys/block/<block_device>.',
  ),
  spec(
    'diskstats',
    'node_disk_reads_completed_total',
    'counter',
    'count',
    DEVICE,
    'The total number of reads completed successfully.',
  ),
  spec(
    'diskstats',
    'node_disk_reads_merged_total',
    'counter',
    'count',
    DEVICE,
    'The total number of reads merged.',
  ),
  spec(
    'diskstats',
    'node_disk_read_bytes_total',
    'counter',
    'bytes',
    DEVICE,
    'The total number of bytes read successfully.',
  ),
  spec(
    'diskstats',
    'node_disk_read_time_seconds_total',
    'counter',
    'seconds',
    DEVICE,
    'The total number of seconds spent by all reads.',
  ),
  spec(
    'diskstats',
    'node_disk_writes_completed_total',
    'counter',
    'count',
    DEVICE,
    'The total number of writes completed successfully.',
  ),
  spec(
    'diskstats',
    'node_disk_writes_merged_total',
    'counter',
    'count',
    DEVICE,
    'The number of writes merged.',
  ),
  spec(
    'diskstats',
    'node_disk_written_bytes_total',
    'counter',
    'bytes',
    DEVICE,
    'The total number of bytes written successfully.',
  ),
  spec(
    'diskstats',
    'node_disk_write_time_seconds_total',
    'counter',
    'seconds',
    DEVICE,
    'This is the total number of seconds spent by all writes.',
  ),
  spec(
    'diskstats',
    'node_disk_io_now',
    'gauge',
    'count',
    DEVICE,
    'The number of I/Os currently in progress.',
  ),
  spec(
    'diskstats',
    'node_disk_io_time_seconds_total',
    'counter',
    'seconds',
    DEVICE,
    'Total seconds spent doing I/Os.',
  ),
  spec(
    'diskstats',
    'node_disk_io_time_weighted_seconds_total',
    'counter',
    'seconds',
    DEVICE,
    'The weighted # of seconds spent doing I/Os.',
  ),
  spec(
    'diskstats',
    'node_disk_discards_completed_total',
    'counter',
    'count',
    DEVICE,
    'The total number of discards completed successfully.',
  ),
  spec(
    'diskstats',
    'node_disk_discards_merged_total',
    'counter',
    'count',
    DEVICE,
    'The total number of discards merged.',
  ),
  spec(
    'diskstats',
    'node_disk_discarded_sectors_total',
    'counter',
    'count',
    DEVICE,
    'The total number of sectors discarded successfully.',
  ),
  spec(
    'diskstats',
    'node_disk_discard_time_seconds_total',
    'counter',
    'seconds',
    DEVICE,
    'This is the total number of seconds spent by all discards.',
  ),
  spec(
    'diskstats',
    'node_disk_flush_requests_total',
    'counter',
    'count',
    DEVICE,
    'The total number of flush requests completed successfully',
  ),
  spec(
    'diskstats',
    'node_disk_flush_requests_time_seconds_total',
    'counter',
    'seconds',
    DEVICE,
    'This is the total number of seconds spent by all flush requests.',
  ),
  spec(
    'diskstats',
    'node_disk_filesystem_info',
    'gauge',
    'info',
    ['device', 'type', 'usage', 'uuid', 'version'],
    'Info about disk filesystem.',
  ),
  spec(
    'diskstats',
    'node_disk_device_mapper_info',
    'gauge',
    'info',
    ['device', 'name', 'uuid', 'vg_name', 'lv_name', 'lv_layer'],
    'Info about disk device mapper.',
  ),
  spec('diskstats', 'node_disk_ata_write_cache', 'gauge', 'boolean', DEVICE, 'ATA disk has a write cache.'),
  spec(
    'diskstats',
    'node_disk_ata_write_cache_enabled',
    'gauge',
    'boolean',
    DEVICE,
    'ATA disk has its write cache enabled.',
  ),
  spec(
    'diskstats',
    'node_disk_ata_rotation_rate_rpm',
    'gauge',
    'rpm',
    DEVICE,
    'ATA disk rotation rate in RPMs (0 for SSDs).',
  ),
  // filesystem
  spec('filesystem', 'node_filesystem_size_bytes', 'gauge', 'bytes', FS, 'Filesystem size in bytes.'),
  spec('filesystem', 'node_filesystem_free_bytes', 'gauge', 'bytes', FS, 'Filesystem free space in bytes.'),
  spec(
    'filesystem',
    'node_filesystem_avail_bytes',
    'gauge',
    'bytes',
    FS,
    'Filesystem space available to non-root users in bytes.',
  ),
  spec('filesystem', 'node_filesystem_files', 'gauge', 'count', FS, 'Filesystem total file nodes.'),
  spec('filesystem', 'node_filesystem_files_free', 'gauge', 'count', FS, 'Filesystem total free file nodes.'),
  spec('filesystem', 'node_filesystem_readonly', 'gauge', 'boolean', FS, 'Filesystem read-only status.'),
  spec(
    'filesystem',
    'node_filesystem_device_error',
    'gauge',
    'boolean',
    FS,
    'Whether an error occurred while getting statistics for the given device.',
  ),
  // netdev
  ...NETDEV_RECEIVE_COLUMNS.map((c) => netdev('receive', c)),
  netdev('receive', 'nohandler'),
  ...NETDEV_TRANSMIT_COLUMNS.map((c) => netdev('transmit', c)),
  // hwmon: the fixed names; the per-attribute ones follow hwmonSpec
  spec(
    'hwmon',
    'node_hwmon_chip_names',
    'gauge',
    'info',
    ['chip', 'chip_name'],
    'Annotation metric for human-readable chip names',
  ),
  spec(
    'hwmon',
    'node_hwmon_sensor_label',
    'gauge',
    'info',
    ['chip', 'sensor', 'label'],
    'Label for given chip and sensor',
  ),
  spec('hwmon', 'node_hwmon_beep_enabled', 'gauge', 'boolean', HWMON, 'Hardware beep enabled'),
  spec('hwmon', 'node_hwmon_voltage_regulator_version', 'gauge', '', HWMON, 'Hardware voltage regulator'),
  spec(
    'hwmon',
    'node_hwmon_update_interval_seconds',
    'gauge',
    'seconds',
    HWMON,
    'Hardware monitor update interval',
  ),
  // thermal_zone
  spec(
    'thermal_zone',
    'node_thermal_zone_temp',
    'gauge',
    'celsius',
    ['zone', 'type'],
    'Zone temperature in Celsius',
  ),
  spec(
    'thermal_zone',
    'node_cooling_device_cur_state',
    'gauge',
    '',
    ['name', 'type'],
    'Current throttle state of the cooling device',
  ),
  spec(
    'thermal_zone',
    'node_cooling_device_max_state',
    'gauge',
    '',
    ['name', 'type'],
    'Maximum throttle state of the cooling device',
  ),
  // hostpulse: derived over the last tick; absent on the warm-up tick and for a device seen for the first time
  spec(
    'hostpulse',
    'hostpulse_cpu_usage_percent',
    'gauge',
    'percent',
    CPU,
    'CPU busy time over the last tick in percent (all modes but idle and iowait), per core and for all cores (cpu="total").',
  ),
  spec(
    'hostpulse',
    'hostpulse_cpu_frequency_average_hertz',
    'gauge',
    'hertz',
    NONE,
    'Current CPU frequency averaged over the cores that report one (cpufreq, else /proc/cpuinfo).',
  ),
  spec(
    'hostpulse',
    'hostpulse_memory_used_percent',
    'gauge',
    'percent',
    NONE,
    'Memory in use (MemTotal - MemAvailable) in percent of MemTotal.',
  ),
  spec(
    'hostpulse',
    'hostpulse_swap_used_percent',
    'gauge',
    'percent',
    NONE,
    'Swap in use (SwapTotal - SwapFree) in percent of SwapTotal; 0 without swap.',
  ),
  spec(
    'hostpulse',
    'hostpulse_filesystem_used_percent',
    'gauge',
    'percent',
    FS,
    'Filesystem space in use in percent, as df computes it: used / (used + available to non-root users).',
  ),
  spec(
    'hostpulse',
    'hostpulse_disk_read_bytes_per_second',
    'gauge',
    'bytes_per_second',
    DEVICE,
    'Bytes read per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_disk_written_bytes_per_second',
    'gauge',
    'bytes_per_second',
    DEVICE,
    'Bytes written per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_disk_reads_per_second',
    'gauge',
    'per_second',
    DEVICE,
    'Reads completed per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_disk_writes_per_second',
    'gauge',
    'per_second',
    DEVICE,
    'Writes completed per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_disk_busy_percent',
    'gauge',
    'percent',
    DEVICE,
    'Share of the last tick the device had I/O in flight, in percent (iostat %util).',
  ),
  spec(
    'hostpulse',
    'hostpulse_network_receive_bytes_per_second',
    'gauge',
    'bytes_per_second',
    DEVICE,
    'Bytes received per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_network_transmit_bytes_per_second',
    'gauge',
    'bytes_per_second',
    DEVICE,
    'Bytes transmitted per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_network_receive_packets_per_second',
    'gauge',
    'per_second',
    DEVICE,
    'Packets received per second over the last tick.',
  ),
  spec(
    'hostpulse',
    'hostpulse_network_transmit_packets_per_second',
    'gauge',
    'per_second',
    DEVICE,
    'Packets transmitted per second over the last tick.',
  ),
];

const BY_NAME = new Map<string, MetricSpec>(HOST_METRICS.map((m) => [m.name, m]));

/** The catalog entry of a fixed-name series; throws for a name not in the catalog (a programming error). */
export function metric(name: string): MetricSpec {
  const m = BY_NAME.get(name);
  if (m === undefined) throw new Error(`metric ${name} is not in the catalog`);
  return m;
}

// ---- meminfo ----

/**
 * node_exporter's name for a /proc/meminfo field: `(x)` becomes `_x` (Active(anon) → Active_anon)
 * and a field with a unit (always kB) gets `_bytes`, its value × 1024.
 */
export function memoryFieldSpec(field: string, hasUnit: boolean): MetricSpec {
  const key = `${field.replace(/\((.*)\)/, '_$1')}${hasUnit ? '_bytes' : ''}`;
  return {
    name: `node_memory_${key}`,
    type: 'gauge',
    unit: hasUnit ? 'bytes' : 'count',
    help: `Memory information field ${key}.`,
    labels: NONE,
    collector: 'meminfo',
  };
}

// ---- hwmon ----

/** Sensor types node_exporter reads from an hwmon directory (`<type><n>_<attribute>` files). */
export const HWMON_SENSOR_TYPES: readonly string[] = [
  'vrm',
  'beep_enable',
  'update_interval',
  'in',
  'cpu',
  'fan',
  'pwm',
  'temp',
  'curr',
  'power',
  'energy',
  'humidity',
  'intrusion',
];

/** node_exporter's cleanMetricName: lower case, characters outside [a-z0-9:_] to `_`, outer `_` trimmed. */
export function cleanMetricName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9:_]/g, '_')
    .replace(/^_+|_+$/g, '');
}

export interface HwmonSeriesSpec extends MetricSpec {
  /** Multiplier from the sysfs integer to the exported value (applied as node_exporter does: `raw * scale`). */
  scale: number;
  /** Divide by this instead of multiplying (node_exporter divides for µ-units); 1 when unused. */
  divisor: number;
}

const hw = (
  name: string,
  help: string,
  unit: MetricUnit,
  scale = 1,
  divisor = 1,
  type: MetricType = 'gauge',
) => ({
  name,
  type,
  unit,
  help,
  labels: HWMON,
  collector: 'hwmon' as const,
  scale,
  divisor,
});

/**
 * The series one hwmon attribute becomes, following node_exporter 1.5's hwmon collector: `element`
 * is the part after `<type><n>_` ('' for a bare `<type><n>` file); `hasBareValue` tells whether the
 * sensor also has such a bare file (then `_input` keeps its own name). Returns null for the three
 * whole-sensor types (beep_enable, vrm, update_interval), which hostFamilies handles by name.
 */
export function hwmonSpec(
  sensorType: string,
  element: string,
  hasBareValue: boolean,
): HwmonSeriesSpec | null {
  if (sensorType === 'beep_enable' || sensorType === 'vrm' || sensorType === 'update_interval') return null;
  let name = `node_hwmon_${sensorType}`;
  if (element === 'input') {
    if (hasBareValue) name += '_input';
  } else if (element !== '') {
    name += `_${cleanMetricName(element)}`;
  }
  if (element === 'fault' || element === 'alarm')
    return hw(name, `Hardware sensor ${element} status (${sensorType})`, 'boolean');
  if (element === 'beep')
    return hw(`${name}_enabled`, 'Hardware monitor sensor has beeping enabled', 'boolean');
  if (sensorType === 'in' || sensorType === 'cpu')
    return hw(`${name}_volts`, `Hardware monitor for voltage (${element})`, 'volts', 0.001);
  if (sensorType === 'temp' && element !== 'type')
    return hw(`${name}_celsius`, `Hardware monitor for temperature (${element})`, 'celsius', 0.001);
  if (sensorType === 'curr')
    return hw(`${name}_amps`, `Hardware monitor for current (${element})`, 'amperes', 0.001);
  if (sensorType === 'energy')
    return hw(
      `${name}_joule_total`,
      `Hardware monitor for joules used so far (${element})`,
      'joules',
      1,
      1_000_000,
      'counter',
    );
  if (sensorType === 'power' && element === 'accuracy')
    return hw(name, 'Hardware monitor power meter accuracy, as a ratio', 'ratio', 1, 1_000_000);
  if (
    sensorType === 'power' &&
    (element === 'average_interval' ||
      element === 'average_interval_min' ||
      element === 'average_interval_max')
  )
    return hw(
      `${name}_seconds`,
      `Hardware monitor power usage update interval (${element})`,
      'seconds',
      0.001,
    );
  if (sensorType === 'power')
    return hw(
      `${name}_watt`,
      `Hardware monitor for power usage in watts (${element})`,
      'watts',
      1,
      1_000_000,
    );
  if (sensorType === 'humidity')
    return hw(
      name,
      `Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (${element})`,
      'ratio',
      1,
      1_000_000,
    );
  if (
    sensorType === 'fan' &&
    (element === 'input' || element === 'min' || element === 'max' || element === 'target')
  )
    return hw(`${name}_rpm`, `Hardware monitor for fan revolutions per minute (${element})`, 'rpm');
  return hw(name, `Hardware monitor ${sensorType} element ${element}`, '');
}

export const DYNAMIC_METRICS: readonly DynamicMetricSpec[] = [
  {
    pattern: 'node_memory_<field>_bytes',
    match: /^node_memory_\w+_bytes$/,
    type: 'gauge',
    unit: 'bytes',
    help: 'Memory information field <field>_bytes. One per /proc/meminfo line with a kB unit, value × 1024.',
    labels: NONE,
    collector: 'meminfo',
  },
  {
    pattern: 'node_memory_<field>',
    match: /^node_memory_HugePages_\w+$/,
    type: 'gauge',
    unit: 'count',
    help: 'Memory information field <field>. One per /proc/meminfo line without a unit (HugePages_*), as printed.',
    labels: NONE,
    collector: 'meminfo',
  },
  {
    pattern: 'node_hwmon_<type>[_<attribute>]_<unit>',
    match: /^node_hwmon_(in|cpu|fan|pwm|temp|curr|power|energy|humidity|intrusion)(_\w+)?$/,
    type: 'gauge',
    unit: '',
    help: 'One per hwmon sensor attribute file (<type><n>_<attribute>), scaled to volts, celsius, amps, watts, joules, rpm or a ratio by the rules of node_exporter 1.5.',
    labels: HWMON,
    collector: 'hwmon',
  },
];

const HWMON_NAME = /^node_hwmon_(in|cpu|fan|pwm|temp|curr|power|energy|humidity|intrusion)(?:_(.+))?$/;
const HWMON_SUFFIXES: readonly [string, MetricUnit][] = [
  ['_joule_total', 'joules'],
  ['_celsius', 'celsius'],
  ['_volts', 'volts'],
  ['_amps', 'amperes'],
  ['_watt', 'watts'],
  ['_rpm', 'rpm'],
  ['_seconds', 'seconds'],
];

/**
 * Describes any host series name /metrics may serve, fixed or machine-dependent; undefined for a
 * name that is not a host series. For hwmon names the HELP is the generic one of the family
 * (the exposition carries the exact per-attribute text).
 */
export function lookupMetric(name: string): MetricSpec | undefined {
  const fixed = BY_NAME.get(name);
  if (fixed !== undefined) return fixed;
  if (name.startsWith('node_memory_')) {
    const hasUnit = name.endsWith('_bytes');
    const key = name.slice('node_memory_'.length);
    return { ...memoryFieldSpec(hasUnit ? key.slice(0, -'_bytes'.length) : key, hasUnit), name };
  }
  const m = HWMON_NAME.exec(name);
  if (m !== null) {
    const suffix = HWMON_SUFFIXES.find(([s]) => name.endsWith(s));
    const rest = m[2] ?? '';
    const unit: MetricUnit =
      suffix?.[1] ??
      (rest === 'alarm' || rest === 'fault' || rest.endsWith('_enabled')
        ? 'boolean'
        : m[1] === 'humidity' || rest === 'accuracy'
          ? 'ratio'
          : '');
    return {
      name,
      type: name.endsWith('_total') ? 'counter' : 'gauge',
      unit,
      help: `Hardware monitor ${m[1]} sensor attribute (see node_exporter's hwmon collector).`,
      labels: HWMON,
      collector: 'hwmon',
    };
  }
  return undefined;
}
