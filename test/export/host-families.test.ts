// hostFamilies and the catalog: node_exporter's names, labels, HELP and value arithmetic from a
// HostSample, and the collector extensions that feed them (cpufreq files, thermal throttles,
// isolcpus, counter guard, udev records, failed mounts, rx_nohandler, every hwmon sensor kind).
// Expected values are worked out by hand from the fixture text quoted next to each assertion.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HOST_METRICS, hwmonSpec, lookupMetric, memoryFieldSpec, metric } from '../../src/collect/catalog.js';
import { guardCounters, parseCpuList } from '../../src/collect/linux/cpu.js';
import { DiskCollector, parseUdevRecord } from '../../src/collect/linux/diskstats.js';
import { readFilesystemsDetailed } from '../../src/collect/linux/filesystems.js';
import { createLinuxCollector } from '../../src/collect/linux/host-collector.js';
import { NetCollector } from '../../src/collect/linux/netdev.js';
import { explodeHwmonFile, readTemperatures, SensorReader } from '../../src/collect/linux/temperatures.js';
import type { CpuTimes, DiskSample, HostSample } from '../../src/collect/sample.js';
import type { MetricFamily } from '../../src/export/family.js';
import { hostFamilies, parseGoFloat } from '../../src/export/host-families.js';

const FIX = fileURLToPath(new URL('../fixtures/proc/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'hostpulse-host-families-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function find(families: MetricFamily[], name: string): MetricFamily | undefined {
  return families.find((f) => f.name === name);
}

/** The value of the one sample of `name` whose labels equal `labels` exactly. */
function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const f = find(families, name);
  if (f === undefined) throw new Error(`no family ${name}`);
  const want = JSON.stringify(Object.entries(labels).sort());
  const hits = f.samples.filter((s) => JSON.stringify(Object.entries(s.labels).sort()) === want);
  if (hits.length !== 1) throw new Error(`${hits.length} samples of ${name} with ${want}`);
  return hits[0].value;
}

const labelSets = (families: MetricFamily[], name: string): string[] =>
  (find(families, name)?.samples ?? []).map((s) => JSON.stringify(s.labels)).sort();

async function ticks(root: string, n = 2): Promise<HostSample[]> {
  const c = createLinuxCollector({ root, host: 'h', ipv4Lookup: () => null });
  const out: HostSample[] = [];
  for (let i = 0; i < n; i++) out.push((await c.collect(1_800_000_000_000 + i * 1000)).sample);
  return out;
}

const times = (over: Partial<CpuTimes> = {}): CpuTimes => ({
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
  ...over,
});

/** A minimal sample: one core, no devices; tests add what they look at. */
function baseSample(): HostSample {
  return {
    ts: 0,
    host: 'h',
    cpu: {
      times: times(),
      usagePercent: null,
      cores: [],
      logicalCores: 0,
      freqAvgMhz: null,
      freqMaxMhz: null,
      freqMinMhz: null,
    },
    kernel: { bootTime: 100, contextSwitches: 1, forks: 2, interrupts: 3, procsRunning: 4, procsBlocked: 5 },
    memory: { total: 0, available: 0, used: 0, percent: 0, free: 0, buffers: 0, cached: 0, fields: {} },
    swap: { total: 0, used: 0, free: 0, percent: 0 },
    filesystems: [],
    disks: [],
    network: { interfaces: [], primary: null },
    load: { load1: 0.5, load5: 0.25, load15: 0.125, runnable: 1, threads: 10 },
    uptime: { seconds: 1, bootTime: 100 },
    temperatures: [],
  };
}

const disk = (over: Partial<DiskSample> = {}): DiskSample => ({
  device: 'sda',
  major: 8,
  minor: 0,
  readsCompleted: 1,
  readsMerged: 2,
  readBytes: 512,
  readTimeSeconds: 107.737,
  writesCompleted: 3,
  writesMerged: 4,
  writtenBytes: 1024,
  writeTimeSeconds: 0.013,
  ioInProgress: 0,
  ioTimeSeconds: 1,
  ioTimeWeightedSeconds: 2,
  discardsCompleted: null,
  discardsMerged: null,
  discardedSectors: null,
  discardTimeSeconds: null,
  flushRequests: null,
  flushRequestsTimeSeconds: null,
  rates: null,
  ...over,
});

describe('hostFamilies over the parity-cpufreq tree', async () => {
  const [first, second] = await ticks(`${FIX}parity-cpufreq`);
  const f1 = hostFamilies(first);
  const f = hostFamilies(second);

  it('serves node_cpu_seconds_total per core and mode in seconds (USER_HZ 100)', () => {
    // cpu0 10000 50 3000 75000 400 0 200 0 0 0
    assert.equal(value(f, 'node_cpu_seconds_total', { cpu: '0', mode: 'user' }), 100);
    assert.equal(value(f, 'node_cpu_seconds_total', { cpu: '0', mode: 'nice' }), 0.5);
    assert.equal(value(f, 'node_cpu_seconds_total', { cpu: '0', mode: 'idle' }), 750);
    // cpu3 … 75000 300 …: iowait 3 s
    assert.equal(value(f, 'node_cpu_seconds_total', { cpu: '3', mode: 'iowait' }), 3);
    assert.equal(find(f, 'node_cpu_seconds_total')?.samples.length, 4 * 8);
    assert.equal(value(f, 'node_cpu_guest_seconds_total', { cpu: '2', mode: 'nice' }), 0);
  });

  it('serves each cpufreq file that exists, kHz × 1000', () => {
    // scaling_cur_freq: cpu0 2394311, cpu1 800012, cpu2 none, cpu3 1700000
    assert.deepEqual(labelSets(f, 'node_cpu_scaling_frequency_hertz'), [
      '{"cpu":"0"}',
      '{"cpu":"1"}',
      '{"cpu":"3"}',
    ]);
    assert.equal(value(f, 'node_cpu_scaling_frequency_hertz', { cpu: '0' }), 2_394_311_000);
    // cpuinfo_cur_freq exists on cpu0 (2394000) and cpu1 (800000) only
    assert.deepEqual(labelSets(f, 'node_cpu_frequency_hertz'), ['{"cpu":"0"}', '{"cpu":"1"}']);
    assert.equal(value(f, 'node_cpu_frequency_hertz', { cpu: '1' }), 800_000_000);
    // cpu3: cpuinfo_min 500000, cpuinfo_max 2300000, scaling_max 2400000
    assert.equal(value(f, 'node_cpu_frequency_min_hertz', { cpu: '3' }), 500_000_000);
    assert.equal(value(f, 'node_cpu_frequency_max_hertz', { cpu: '3' }), 2_300_000_000);
    assert.equal(value(f, 'node_cpu_scaling_frequency_max_hertz', { cpu: '3' }), 2_400_000_000);
  });

  it('reads thermal throttles once per core and per package, and isolcpus', () => {
    // topology core_id: cpu0 0, cpu1 1, cpu2 0, cpu3 1 (package 0); core_throttle_count = 10·n + 3
    assert.deepEqual(labelSets(f, 'node_cpu_core_throttles_total'), [
      '{"core":"0","package":"0"}',
      '{"core":"1","package":"0"}',
    ]);
    assert.equal(value(f, 'node_cpu_core_throttles_total', { core: '0', package: '0' }), 3);
    assert.equal(value(f, 'node_cpu_core_throttles_total', { core: '1', package: '0' }), 13);
    assert.equal(value(f, 'node_cpu_package_throttles_total', { package: '0' }), 42);
    // isolated: "3"
    assert.deepEqual(labelSets(f, 'node_cpu_isolated'), ['{"cpu":"3"}']);
  });

  it('names meminfo fields as node_exporter does: (x) → _x, kB → _bytes × 1024, unitless as printed', () => {
    assert.equal(value(f, 'node_memory_MemTotal_bytes'), 7997780 * 1024);
    assert.equal(value(f, 'node_memory_Active_anon_bytes'), 3120656 * 1024);
    assert.equal(value(f, 'node_memory_HugePages_Total'), 4);
    assert.equal(value(f, 'node_memory_Hugepagesize_bytes'), 2048 * 1024);
    assert.equal(find(f, 'node_memory_HugePages_Total_bytes'), undefined);
    assert.equal(find(f, 'node_memory_MemTotal')?.help, undefined);
    assert.equal(find(f, 'node_memory_MemTotal_bytes')?.help, 'Memory information field MemTotal_bytes.');
  });

  it('serves stat and loadavg', () => {
    // btime 1717171717, ctxt 9000000, intr 5000000 …, processes 20000, procs_running 1, procs_blocked 0
    assert.equal(value(f, 'node_boot_time_seconds'), 1717171717);
    assert.equal(value(f, 'node_context_switches_total'), 9_000_000);
    assert.equal(value(f, 'node_intr_total'), 5_000_000);
    assert.equal(value(f, 'node_forks_total'), 20000);
    assert.equal(value(f, 'node_procs_running'), 1);
    // 1.52 0.98 0.77 3/1187 51234
    assert.equal(value(f, 'node_load1'), 1.52);
    assert.equal(value(f, 'node_load15'), 0.77);
  });

  it('adds hostpulse_cpu_usage_percent from the second tick on', () => {
    assert.equal(find(f1, 'hostpulse_cpu_usage_percent'), undefined);
    // nothing moved between the ticks: 0 % busy, for all cores and each
    assert.deepEqual(labelSets(f, 'hostpulse_cpu_usage_percent'), [
      '{"cpu":"0"}',
      '{"cpu":"1"}',
      '{"cpu":"2"}',
      '{"cpu":"3"}',
      '{"cpu":"total"}',
    ]);
    assert.equal(value(f, 'hostpulse_cpu_usage_percent', { cpu: 'total' }), 0);
    // MemTotal 7997780, MemAvailable 3021460 kB
    assert.equal(value(f, 'hostpulse_memory_used_percent'), ((7997780 - 3021460) / 7997780) * 100);
  });

  it('takes HELP, TYPE and label names from the catalog', () => {
    for (const fam of f) {
      const spec = lookupMetric(fam.name);
      assert.ok(spec !== undefined, `${fam.name} is in the catalog`);
      assert.equal(fam.type, spec.type, fam.name);
      if (!fam.name.startsWith('node_memory_')) assert.equal(fam.help, spec.help, fam.name);
      for (const s of fam.samples)
        assert.deepEqual(Object.keys(s.labels).sort(), [...spec.labels].sort(), fam.name);
    }
  });
});

describe('hostFamilies over hand-built samples', () => {
  it('leaves out the parts whose collector failed instead of serving zeros', () => {
    const s = baseSample();
    s.failed = ['cpu', 'load'];
    const f = hostFamilies(s);
    assert.equal(find(f, 'node_boot_time_seconds'), undefined);
    assert.equal(find(f, 'node_load1'), undefined);
    assert.equal(value(f, 'hostpulse_memory_used_percent'), 0);
    const ok = hostFamilies(baseSample());
    assert.equal(value(ok, 'node_boot_time_seconds'), 100);
    assert.equal(value(ok, 'node_load5'), 0.25);
    assert.equal(value(ok, 'node_procs_blocked'), 5);
  });

  it('exports the guarded CPU counters, not the raw ones', () => {
    const s = baseSample();
    s.cpu.cores = [
      {
        cpu: 7,
        times: times({ iowait: 1 }),
        counters: times({ iowait: 2 }),
        usagePercent: 12.5,
        freqMhz: null,
        freqMinMhz: null,
        freqMaxMhz: null,
      },
    ];
    const f = hostFamilies(s);
    assert.equal(value(f, 'node_cpu_seconds_total', { cpu: '7', mode: 'iowait' }), 2);
    assert.equal(value(f, 'hostpulse_cpu_usage_percent', { cpu: '7' }), 12.5);
  });

  it('scales disk milliseconds by × 0.001 like node_exporter and omits fields the kernel line lacks', () => {
    const s = baseSample();
    s.disks = [disk()];
    const f = hostFamilies(s);
    // 107737 ms × 0.001 is 107.73700000000001 in float64, not 107.737
    assert.equal(value(f, 'node_disk_read_time_seconds_total', { device: 'sda' }), 107737 * 0.001);
    assert.notEqual(107737 * 0.001, 107.737);
    assert.equal(value(f, 'node_disk_write_time_seconds_total', { device: 'sda' }), 13 * 0.001);
    assert.equal(find(f, 'node_disk_discards_completed_total'), undefined);
    assert.equal(find(f, 'node_disk_flush_requests_total'), undefined);
    assert.equal(find(f, 'hostpulse_disk_read_bytes_per_second'), undefined);
    assert.equal(
      value(f, 'node_disk_info', {
        device: 'sda',
        major: '8',
        minor: '0',
        model: '',
        path: '',
        revision: '',
        serial: '',
        wwn: '',
      }),
      1,
    );
  });

  it('turns udev records into disk info, filesystem, device-mapper and ATA series', () => {
    const s = baseSample();
    s.disks = [
      disk({
        udev: {
          ID_MODEL: 'M',
          ID_SERIAL_SHORT: 'S',
          ID_WWN: 'W',
          ID_PATH: 'P',
          ID_REVISION: 'R',
          ID_FS_TYPE: 'ext4',
          ID_FS_UUID: 'U',
          DM_NAME: 'vg-lv',
          DM_VG_NAME: 'vg',
          ID_ATA: '1',
          ID_ATA_WRITE_CACHE: '1',
          ID_ATA_ROTATION_RATE_RPM: 'fast',
        },
        rates: { readBytesPerSec: 1, writeBytesPerSec: 2, readsPerSec: 3, writesPerSec: 4, busyPercent: 5 },
      }),
    ];
    const f = hostFamilies(s);
    assert.deepEqual(labelSets(f, 'node_disk_info'), [
      JSON.stringify({
        device: 'sda',
        major: '8',
        minor: '0',
        model: 'M',
        path: 'P',
        revision: 'R',
        serial: 'S',
        wwn: 'W',
      }),
    ]);
    assert.equal(
      value(f, 'node_disk_filesystem_info', {
        device: 'sda',
        type: 'ext4',
        usage: '',
        uuid: 'U',
        version: '',
      }),
      1,
    );
    assert.equal(
      value(f, 'node_disk_device_mapper_info', {
        device: 'sda',
        lv_layer: '',
        lv_name: '',
        name: 'vg-lv',
        uuid: '',
        vg_name: 'vg',
      }),
      1,
    );
    assert.equal(value(f, 'node_disk_ata_write_cache', { device: 'sda' }), 1);
    // absent (write_cache_enabled) and unparseable (rotation rate) attributes give no series
    assert.equal(find(f, 'node_disk_ata_write_cache_enabled'), undefined);
    assert.equal(find(f, 'node_disk_ata_rotation_rate_rpm'), undefined);
    assert.equal(value(f, 'hostpulse_disk_busy_percent', { device: 'sda' }), 5);
    assert.equal(value(f, 'hostpulse_disk_written_bytes_per_second', { device: 'sda' }), 2);
  });

  it('serves failed mounts as device_error 1 only, and skips lo in netdev', () => {
    const s = baseSample();
    s.filesystemErrors = [{ device: '/dev/sde1', mountpoint: '/gone', fstype: 'ext4' }];
    s.network.interfaces = [
      {
        name: 'lo',
        rxBytes: 1,
        rxPackets: 1,
        rxErrs: 0,
        rxDrop: 0,
        rxFifo: 0,
        rxFrame: 0,
        rxCompressed: 0,
        rxMulticast: 0,
        txBytes: 1,
        txPackets: 1,
        txErrs: 0,
        txDrop: 0,
        txFifo: 0,
        txColls: 0,
        txCarrier: 0,
        txCompressed: 0,
        rates: null,
      },
    ];
    s.network.interfaces.push({ ...s.network.interfaces[0], name: 'eth0', txCarrier: 9, rxNohandler: 4 });
    const f = hostFamilies(s);
    const fsLabels = { device: '/dev/sde1', fstype: 'ext4', mountpoint: '/gone' };
    assert.equal(value(f, 'node_filesystem_device_error', fsLabels), 1);
    assert.equal(find(f, 'node_filesystem_size_bytes'), undefined);
    assert.deepEqual(labelSets(f, 'node_network_receive_bytes_total'), ['{"device":"eth0"}']);
    assert.equal(value(f, 'node_network_transmit_carrier_total', { device: 'eth0' }), 9);
    assert.equal(value(f, 'node_network_receive_nohandler_total', { device: 'eth0' }), 4);
    assert.deepEqual(
      labelSets(hostFamilies(s, { netdevExclude: /^$/ }), 'node_network_receive_bytes_total'),
      ['{"device":"eth0"}', '{"device":"lo"}'],
    );
  });

  it('follows node_exporter hwmon naming: bare value vs _input, beep_enable, update_interval, fallback', () => {
    const s = baseSample();
    s.hwmon = [
      {
        chip: 'c',
        chipName: null,
        sensors: [
          { sensor: 'in0', type: 'in', label: null, values: { '': 1000, input: 2000 } },
          { sensor: 'beep_enable0', type: 'beep_enable', label: null, values: { '': 2 } },
          { sensor: 'update_interval0', type: 'update_interval', label: null, values: { '': 1500 } },
          { sensor: 'pwm1', type: 'pwm', label: 'fan', values: { '': 128, enable: 2 } },
        ],
      },
    ];
    const f = hostFamilies(s);
    assert.equal(value(f, 'node_hwmon_in_volts', { chip: 'c', sensor: 'in0' }), 1);
    assert.equal(value(f, 'node_hwmon_in_input_volts', { chip: 'c', sensor: 'in0' }), 2);
    // beep_enable is 1 only for the text "1"
    assert.equal(value(f, 'node_hwmon_beep_enabled', { chip: 'c', sensor: 'beep_enable0' }), 0);
    assert.equal(
      value(f, 'node_hwmon_update_interval_seconds', { chip: 'c', sensor: 'update_interval0' }),
      1.5,
    );
    assert.equal(value(f, 'node_hwmon_pwm', { chip: 'c', sensor: 'pwm1' }), 128);
    assert.equal(find(f, 'node_hwmon_pwm')?.help, 'Hardware monitor pwm element ');
    assert.equal(value(f, 'node_hwmon_pwm_enable', { chip: 'c', sensor: 'pwm1' }), 2);
    assert.equal(value(f, 'node_hwmon_sensor_label', { chip: 'c', label: 'fan', sensor: 'pwm1' }), 1);
    assert.equal(find(f, 'node_hwmon_chip_names'), undefined);
  });
});

describe('catalog', () => {
  it('has one entry per name', () => {
    const names = HOST_METRICS.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    assert.throws(() => metric('node_no_such_metric'), /not in the catalog/);
  });

  it('describes meminfo and hwmon names by rule', () => {
    assert.equal(memoryFieldSpec('Active(file)', true).name, 'node_memory_Active_file_bytes');
    assert.equal(memoryFieldSpec('HugePages_Free', false).name, 'node_memory_HugePages_Free');
    assert.equal(lookupMetric('node_memory_Zswap_bytes')?.unit, 'bytes');
    assert.equal(lookupMetric('node_memory_HugePages_Rsvd')?.unit, 'count');
    assert.equal(lookupMetric('node_hwmon_fan_min_rpm')?.unit, 'rpm');
    assert.equal(lookupMetric('node_hwmon_energy_joule_total')?.type, 'counter');
    assert.equal(lookupMetric('node_hwmon_temp_crit_alarm_celsius')?.unit, 'celsius');
    assert.equal(lookupMetric('nope'), undefined);
    // power: average → watts ÷ 1e6, accuracy → ratio ÷ 1e6, average_interval → seconds × 0.001
    assert.deepEqual(
      [hwmonSpec('power', 'average', false), hwmonSpec('power', 'accuracy', false)].map((x) => [
        x?.name,
        x?.divisor,
      ]),
      [
        ['node_hwmon_power_average_watt', 1_000_000],
        ['node_hwmon_power_accuracy', 1_000_000],
      ],
    );
    assert.equal(
      hwmonSpec('power', 'average_interval', false)?.name,
      'node_hwmon_power_average_interval_seconds',
    );
    assert.equal(hwmonSpec('temp', 'type', false)?.name, 'node_hwmon_temp_type');
    assert.equal(hwmonSpec('fan', 'pulses', false)?.help, 'Hardware monitor fan element pulses');
    assert.equal(hwmonSpec('vrm', '', false), null);
  });

  it('parses numbers where Go would', () => {
    assert.equal(parseGoFloat('0'), 0);
    assert.equal(parseGoFloat('5400'), 5400);
    assert.equal(parseGoFloat('1e3'), 1000);
    assert.ok(Number.isNaN(parseGoFloat('')));
    assert.ok(Number.isNaN(parseGoFloat('0x10')));
    assert.ok(Number.isNaN(parseGoFloat('12 ')));
  });
});

describe('collector extensions feeding the families', () => {
  it('guards CPU counters like node_exporter 1.5', () => {
    const prev = times({ user: 10, idle: 100, iowait: 5 });
    // iowait stepped back 5 → 4.5: keeps 5; the others move on
    assert.deepEqual(
      guardCounters(prev, times({ user: 11, idle: 101, iowait: 4.5 })),
      times({ user: 11, idle: 101, iowait: 5 }),
    );
    // idle back by less than 3 s: kept
    assert.equal(guardCounters(prev, times({ user: 11, idle: 98 })).idle, 100);
    // idle back by 3 s or more: the core was re-plugged, start over from the new values
    assert.deepEqual(guardCounters(prev, times({ user: 1, idle: 97 })), times({ user: 1, idle: 97 }));
    assert.deepEqual(guardCounters(undefined, times({ user: 3 })), times({ user: 3 }));
  });

  it('parses CPU lists', () => {
    assert.deepEqual(parseCpuList('\n'), []);
    assert.deepEqual(parseCpuList('1,3-5,8\n'), [1, 3, 4, 5, 8]);
    assert.throws(() => parseCpuList('x'));
  });

  it('keeps the udev properties node_exporter reads, from E: lines only', () => {
    const rec = parseUdevRecord('S:disk/by-id/x\nE:ID_MODEL=A=B\nE:ID_BUS=ata\nE:ID_SERIAL_SHORT=Z\nW:1\n');
    assert.deepEqual(rec, { ID_MODEL: 'A=B', ID_SERIAL_SHORT: 'Z' });
    const sda = new DiskCollector(`${FIX}parity-disks`).read(0).find((d) => d.device === 'sda');
    // run/udev/data/b8:0: ID_MODEL=Samsung_SSD_860_EVO_500GB, ID_SERIAL_SHORT=S3Z2NB0K123456X
    assert.equal(sda?.udev?.ID_MODEL, 'Samsung_SSD_860_EVO_500GB');
    assert.equal(sda?.udev?.ID_SERIAL_SHORT, 'S3Z2NB0K123456X');
    assert.equal(sda?.udev?.ID_BUS, undefined);
  });

  it('reports mounts whose statfs fails', async () => {
    // mounts-mixed: /dev/sde1 on /gone, a directory the fixture does not have
    const r = await readFilesystemsDetailed(`${FIX}mounts-mixed`);
    assert.deepEqual(r.errors, [{ device: '/dev/sde1', mountpoint: '/gone', fstype: 'ext4' }]);
    assert.ok(r.filesystems.some((f) => f.mountpoint === '/data'));
  });

  it('adds rx_nohandler from sysfs where it exists', () => {
    const root = join(tmp, 'net');
    mkdirSync(join(root, 'proc/net'), { recursive: true });
    cpSync(`${FIX}netdev-counters/proc/net/dev`, join(root, 'proc/net/dev'));
    mkdirSync(join(root, 'sys/class/net/eth0/statistics'), { recursive: true });
    writeFileSync(join(root, 'sys/class/net/eth0/statistics/rx_nohandler'), '17\n');
    const c = new NetCollector(root, { ipv4Lookup: () => null });
    const by = new Map(c.read(0).interfaces.map((i) => [i.name, i]));
    assert.equal(by.get('eth0')?.rxNohandler, 17);
    assert.equal(by.get('wlan0')?.rxNohandler, undefined);
  });

  it('splits hwmon file names the way node_exporter does', () => {
    assert.deepEqual(explodeHwmonFile('temp1_crit_alarm'), {
      type: 'temp',
      sensor: 'temp1',
      element: 'crit_alarm',
    });
    assert.deepEqual(explodeHwmonFile('temp01_input'), { type: 'temp', sensor: 'temp1', element: 'input' });
    assert.deepEqual(explodeHwmonFile('beep_enable'), {
      type: 'beep_enable',
      sensor: 'beep_enable0',
      element: '',
    });
    assert.deepEqual(explodeHwmonFile('pwm1'), { type: 'pwm', sensor: 'pwm1', element: '' });
    assert.equal(explodeHwmonFile('name'), null);
    assert.equal(explodeHwmonFile('uevent'), null);
  });

  it('SensorReader gives the temperatures readTemperatures gives, plus every sensor kind', () => {
    for (const tree of ['hwmon-thermal', 'parity-sensors'])
      assert.deepEqual(
        new SensorReader(`${FIX}${tree}`).read(0).temperatures,
        readTemperatures(`${FIX}${tree}`),
        tree,
      );
    const r = new SensorReader(`${FIX}parity-sensors`).read(0);
    const nct = r.hwmon.find((c) => c.chip === 'platform_nct6775_656');
    // name file "nct6798"; fan1_input 1205, fan1_min 300; in0_label "Vcore"
    assert.equal(nct?.chipName, 'nct6798');
    assert.deepEqual(nct?.sensors.find((s) => s.sensor === 'fan1')?.values, {
      alarm: 0,
      fault: 0,
      input: 1205,
      min: 300,
      pulses: 2,
      target: 1200,
    });
    assert.equal(nct?.sensors.find((s) => s.sensor === 'in0')?.label, 'Vcore');
    // cooling_device1: intel_powerclamp, cur_state -1, max_state 50
    assert.deepEqual(r.coolingDevices[1], {
      name: '1',
      type: 'intel_powerclamp',
      curState: -1,
      maxState: 50,
    });
  });

  it('SensorReader reads values every time but finds new sensors only at the layout refresh', () => {
    const root = join(tmp, 'sensors');
    cpSync(`${FIX}parity-sensors`, root, { recursive: true, verbatimSymlinks: true });
    const dir = join(root, 'sys/devices/virtual/hwmon/hwmon2');
    const reader = new SensorReader(root, { layoutRefreshMs: 1000 });
    const temp = (t: number) =>
      reader
        .read(t)
        .hwmon.find((c) => c.chip === 'acpitz')
        ?.sensors.map((s) => [s.sensor, s.values.input]);
    assert.deepEqual(temp(0), [['temp1', 27800]]);
    writeFileSync(join(dir, 'temp1_input'), '30000\n');
    writeFileSync(join(dir, 'temp2_input'), '1000\n');
    assert.deepEqual(temp(500), [['temp1', 30000]]);
    assert.deepEqual(temp(1000), [
      ['temp1', 30000],
      ['temp2', 1000],
    ]);
    // temp1_crit is a setting: read again only every slowRefreshMs (15 s by default)
    writeFileSync(join(dir, 'temp1_crit'), '99000\n');
    assert.equal(reader.read(1010).hwmon.find((c) => c.chip === 'acpitz')?.sensors[0].values.crit, 105000);
    assert.equal(reader.read(16_000).hwmon.find((c) => c.chip === 'acpitz')?.sensors[0].values.crit, 99000);
    unlinkSync(join(dir, 'temp2_input'));
    // a vanished file is simply absent from the values until the layout forgets it
    assert.deepEqual(temp(16_100), [
      ['temp1', 30000],
      ['temp2', undefined],
    ]);
  });
});
