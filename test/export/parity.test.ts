// Parity with node_exporter: runs Debian's prometheus-node-exporter 1.5.0 on a loopback port next to
// hostpulse's Linux collector over the same tree (fixture trees, then this machine) and compares,
// collector by collector, every series both serve: names, label sets, HELP, TYPE and values.
//
// Both sides get the same filters: hostpulse's device and mount-point filters are passed to
// node_exporter as flags (they are upstream 1.5's defaults, except that zram devices are left out;
// Debian's package also patches the mount-point default to drop /run, /mnt and /media).
// Every series one side serves and the other does not must be listed below with its reason, and
// every listed difference must occur, so this file is the exact list of deliberate differences.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type CatalogCollector, lookupMetric } from '../../src/collect/catalog.js';
import { DISK_DEVICE_EXCLUDE } from '../../src/collect/linux/diskstats.js';
import { createLinuxCollector } from '../../src/collect/linux/host-collector.js';
import { FS_TYPES_EXCLUDE, MOUNT_POINTS_EXCLUDE } from '../../src/collect/linux/mounts.js';
import { renderFamilies } from '../../src/export/exposition.js';
import { hostFamilies } from '../../src/export/host-families.js';
import { type ParsedFamily, parseExposition, seriesKey } from '../helpers/exposition-parse.js';

const BIN = '/usr/bin/prometheus-node-exporter';
const FIX = fileURLToPath(new URL('../fixtures/proc/', import.meta.url));

type NeCollector = Exclude<CatalogCollector, 'hostpulse'>;
const ALL: readonly NeCollector[] = [
  'cpu',
  'cpufreq',
  'meminfo',
  'loadavg',
  'stat',
  'diskstats',
  'filesystem',
  'netdev',
  'hwmon',
  'thermal_zone',
];

/** The same filters on both sides (see the header). */
const FILTER_FLAGS = [
  `--collector.diskstats.device-exclude=${DISK_DEVICE_EXCLUDE.source}`,
  `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE.source}`,
  `--collector.filesystem.fs-types-exclude=${FS_TYPES_EXCLUDE.source}`,
];

interface Difference {
  /** `missing`: node_exporter serves it, hostpulse does not; `extra`: the other way round. */
  kind: 'missing' | 'extra';
  /** Matched against the series key `name{label="value",…}` (labels sorted). */
  series: RegExp;
  reason: string;
}

interface Case {
  name: string;
  root: string;
  collectors: readonly NeCollector[];
  /** Directories node_exporter needs to start but the fixture lacks (it checks they exist). */
  emptyProcfs?: boolean;
  emptySysfs?: boolean;
  /** node_exporter collectors expected to report node_scrape_collector_success 0, with why. */
  neFailures?: Partial<Record<NeCollector, string>>;
  differences?: Difference[];
}

const ZONE_WITHOUT_POLICY: Difference = {
  kind: 'extra',
  series: /^node_thermal_zone_temp\{/,
  reason:
    'node_exporter fails the whole thermal_zone collector when a zone lacks its `policy` file; hostpulse serves every zone whose type and temp read',
};

const CASES: Case[] = [
  {
    name: 'debian12-vm (capture of this machine)',
    root: `${FIX}debian12-vm`,
    collectors: ALL,
    neFailures: { hwmon: 'no /sys/class/hwmon in a VM' },
  },
  {
    name: 'hwmon-thermal',
    root: `${FIX}hwmon-thermal`,
    collectors: ['hwmon', 'thermal_zone'],
    emptyProcfs: true,
    neFailures: { thermal_zone: 'thermal_zone0/policy is missing' },
    differences: [ZONE_WITHOUT_POLICY],
  },
  {
    name: 'parity-sensors (every hwmon sensor kind, complete thermal zones, cooling devices)',
    root: `${FIX}parity-sensors`,
    collectors: ['hwmon', 'thermal_zone'],
    emptyProcfs: true,
  },
  { name: 'disks-partitions', root: `${FIX}disks-partitions`, collectors: ['diskstats'], emptySysfs: true },
  {
    name: 'parity-disks (udev records)',
    root: `${FIX}parity-disks`,
    collectors: ['diskstats'],
    emptySysfs: true,
  },
  {
    name: 'cpufreq-4core',
    root: `${FIX}cpufreq-4core`,
    collectors: ['cpu', 'cpufreq', 'stat', 'loadavg', 'meminfo'],
    neFailures: { cpufreq: 'scaling_available_governors, related_cpus and scaling_setspeed are missing' },
    differences: [
      {
        kind: 'extra',
        series: /^node_cpu_(scaling_)?frequency_(min_|max_)?hertz\{/,
        reason:
          'node_exporter (procfs 0.8) fails the whole cpufreq collector when any cpufreq string file (scaling_available_governors, related_cpus, scaling_setspeed…) is missing; hostpulse serves the frequency files that exist',
      },
    ],
  },
  {
    name: 'parity-cpufreq (complete cpufreq, thermal throttles, isolcpus)',
    root: `${FIX}parity-cpufreq`,
    collectors: ['cpu', 'cpufreq', 'stat', 'loadavg', 'meminfo'],
  },
  {
    name: 'mounts-mixed (statfs on the fixture directories)',
    root: `${FIX}mounts-mixed`,
    collectors: ['filesystem'],
    emptySysfs: true,
    differences: [
      {
        kind: 'missing',
        series: /^node_filesystem_\w+\{device="\/dev\/sdb1",fstype="xfs",mountpoint="\/data"\}$/,
        reason:
          'a mount hidden by a later mount on the same point (stacked mounts): node_exporter reports it with the statfs numbers of the filesystem on top; hostpulse reports only the visible one',
      },
    ],
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface RunningExporter {
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts node_exporter with `args` and waits until it serves /metrics. */
async function startNodeExporter(args: string[]): Promise<RunningExporter> {
  let lastErr = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      BIN,
      [`--web.listen-address=127.0.0.1:${port}`, '--web.disable-exporter-metrics', ...args],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    let exited = false;
    const gone = new Promise<void>((r) =>
      child.once('exit', () => {
        exited = true;
        r();
      }),
    );
    const stop = async (): Promise<void> => {
      if (!exited) child.kill('SIGTERM');
      await gone;
    };
    const url = `http://127.0.0.1:${port}/metrics`;
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(url);
        await res.text();
        if (res.ok)
          return {
            stop,
            scrape: async () => {
              const r = await fetch(url);
              assert.equal(r.status, 200);
              return r.text();
            },
          };
      } catch {
        // not listening yet
      }
      await sleep(30);
    }
    await stop();
    lastErr = stderr;
  }
  throw new Error(`${BIN} did not serve /metrics: ${lastErr}`);
}

/** Starts node_exporter with `args`, fetches /metrics once, stops it. */
async function scrapeNodeExporter(args: string[]): Promise<string> {
  const ne = await startNodeExporter(args);
  try {
    return await ne.scrape();
  } finally {
    await ne.stop();
  }
}

function collectorArgs(collectors: readonly NeCollector[]): string[] {
  return ['--collector.disable-defaults', ...collectors.map((c) => `--collector.${c}`), ...FILTER_FLAGS];
}

// node_exporter's bookkeeping about itself, not collector output.
const NE_OWN = /^(node_scrape_collector_|node_exporter_build_info$|go_|process_|promhttp_)/;

interface Series {
  family: ParsedFamily;
  labels: Record<string, string>;
  value: number;
}

/** Series of the given collectors (by the catalog), keyed by name + sorted labels. */
function seriesOf(families: Map<string, ParsedFamily>, collectors: ReadonlySet<string>): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const f of families.values()) {
    if (NE_OWN.test(f.name)) continue;
    const spec = lookupMetric(f.name);
    // A node_exporter family the catalog does not know still counts: it is then reported as missing.
    const collector = spec?.collector ?? 'unknown';
    if (collector !== 'unknown' && !collectors.has(collector)) continue;
    for (const s of f.samples)
      out.set(seriesKey(f.name, s.labels), { family: f, labels: s.labels, value: s.value });
  }
  return out;
}

/** node_scrape_collector_success by collector. */
function neSuccess(families: Map<string, ParsedFamily>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of families.get('node_scrape_collector_success')?.samples ?? [])
    out.set(s.labels.collector, s.value);
  return out;
}

async function hostpulseTicks(root: string, n: number): Promise<Map<string, ParsedFamily>[]> {
  const c = createLinuxCollector({ root, host: 'parity', ipv4Lookup: () => null });
  const out: Map<string, ParsedFamily>[] = [];
  for (let i = 0; i < n; i++) {
    const { sample } = await c.collect(Date.now());
    out.push(parseExposition(renderFamilies(hostFamilies(sample))));
  }
  return out;
}

/** Checks names, label sets, HELP and TYPE; returns the keys both serve. Differences must be declared. */
function compareSeries(ne: Map<string, Series>, hp: Map<string, Series>, declared: Difference[]): string[] {
  const used = new Set<Difference>();
  const unexplained: string[] = [];
  const explain = (kind: Difference['kind'], key: string): void => {
    const d = declared.find((x) => x.kind === kind && x.series.test(key));
    if (d === undefined)
      unexplained.push(`${kind === 'missing' ? 'only node_exporter' : 'only hostpulse'}: ${key}`);
    else used.add(d);
  };
  const both: string[] = [];
  for (const [key, s] of ne) {
    const mine = hp.get(key);
    if (mine === undefined) {
      explain('missing', key);
      continue;
    }
    assert.equal(mine.family.help, s.family.help, `HELP of ${s.family.name}`);
    assert.equal(mine.family.type, s.family.type, `TYPE of ${s.family.name}`);
    both.push(key);
  }
  for (const key of hp.keys()) if (!ne.has(key)) explain('extra', key);
  assert.deepEqual(unexplained, [], 'series served by one side only, with no reason given');
  for (const d of declared)
    assert.ok(used.has(d), `declared difference did not occur: ${d.kind} ${d.series}`);
  return both;
}

// statfs runs on real directories (the fixture's own, or /), whose free space and inodes move
// while the test runs: those three compare within 1 %. Every other fixture value is exact.
const FS_MOVING = new Set([
  'node_filesystem_free_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_files_free',
]);

const withinPercent = (a: number, b: number, pct: number): boolean =>
  Math.abs(a - b) <= (pct / 100) * Math.max(Math.abs(a), Math.abs(b));

function assertFixtureValues(ne: Map<string, Series>, hp: Map<string, Series>, keys: string[]): void {
  for (const key of keys) {
    const want = (ne.get(key) as Series).value;
    const got = (hp.get(key) as Series).value;
    const name = key.slice(0, key.indexOf('{'));
    if (FS_MOVING.has(name))
      assert.ok(withinPercent(got, want, 1), `${key}: node_exporter ${want}, hostpulse ${got}`);
    else assert.ok(Object.is(got, want), `${key}: node_exporter ${want}, hostpulse ${got}`);
  }
}

describe('parity with prometheus-node-exporter 1.5.0', () => {
  let emptyDir = '';
  before(() => {
    emptyDir = mkdtempSync(join(tmpdir(), 'hostpulse-parity-empty-'));
  });
  after(() => rmSync(emptyDir, { recursive: true, force: true }));

  const skip = !existsSync(BIN);
  if (skip) console.log('SKIP: prometheus-node-exporter not installed');

  for (const c of CASES) {
    test(c.name, { skip }, async () => {
      const root = c.root.replace(/\/+$/, '');
      const text = await scrapeNodeExporter([
        ...collectorArgs(c.collectors),
        // /proc/net/dev, as hostpulse reads it (the netlink default ignores --path.procfs)
        '--no-collector.netdev.netlink',
        `--path.procfs=${c.emptyProcfs ? emptyDir : `${root}/proc`}`,
        `--path.sysfs=${c.emptySysfs ? emptyDir : `${root}/sys`}`,
        `--path.rootfs=${root}`,
        `--path.udev.data=${root}/run/udev/data`,
      ]);
      const neFamilies = parseExposition(text);
      const success = neSuccess(neFamilies);
      for (const col of c.collectors)
        assert.equal(
          success.get(col),
          c.neFailures?.[col] === undefined ? 1 : 0,
          `node_exporter ${col} success`,
        );

      // Warm-up tick, then the tick compared (the first holds no rates; nothing moves in between).
      const [, tick] = await hostpulseTicks(root, 2);
      const set = new Set<string>(c.collectors);
      const ne = seriesOf(neFamilies, set);
      const hp = seriesOf(tick, set);
      const both = compareSeries(ne, hp, c.differences ?? []);
      assert.ok(both.length > 0, 'nothing compared');
      assertFixtureValues(ne, hp, both);
    });
  }

  // This machine: with node_exporter running (its own memory is then in both sides' numbers),
  // hostpulse ticks (warm-up, A), node_exporter is scraped, hostpulse ticks (B).
  // Counters must lie in [A, B]; values that do not move (MemTotal, filesystem sizes, boot time,
  // device and CPU lists, info series) must match exactly; other gauges within stated tolerances.
  test('this machine (root /, node_exporter without path flags)', { skip }, async () => {
    const c = createLinuxCollector({ root: '/', host: 'parity' });
    const render = async () =>
      parseExposition(renderFamilies(hostFamilies((await c.collect(Date.now())).sample)));
    const exporter = await startNodeExporter(collectorArgs(ALL));
    let a: Map<string, ParsedFamily>;
    let b: Map<string, ParsedFamily>;
    let neFamilies: Map<string, ParsedFamily>;
    try {
      await render();
      a = await render();
      neFamilies = parseExposition(await exporter.scrape());
      b = await render();
    } finally {
      await exporter.stop();
    }

    const set = new Set<string>(ALL);
    const ne = seriesOf(neFamilies, set);
    const hpA = seriesOf(a, set);
    const hpB = seriesOf(b, set);
    const both = compareSeries(ne, hpA, []);
    assert.deepEqual(
      [...hpB.keys()].sort(),
      [...hpA.keys()].sort(),
      'the series set is stable between ticks',
    );

    const exact: string[] = [];
    for (const key of both) {
      const s = ne.get(key) as Series;
      const name = s.family.name;
      const spec = lookupMetric(name);
      const va = (hpA.get(key) as Series).value;
      const vb = (hpB.get(key) as Series).value;
      const v = s.value;
      const lo = Math.min(va, vb);
      const hi = Math.max(va, vb);
      const msg = `${key}: hostpulse ${va} … ${vb}, node_exporter ${v}`;
      if (STATIC_LIVE.has(name) || spec?.unit === 'info') {
        assert.ok(Object.is(va, v) && Object.is(vb, v), msg);
        exact.push(name);
      } else if (s.family.type === 'counter') {
        // CPU idle/iowait may step back by a tick in the kernel; every other counter only grows.
        const slack = name.startsWith('node_cpu_') ? 0.5 : 0;
        assert.ok(v >= lo - slack && v <= hi + slack, msg);
      } else {
        const tol = liveGaugeTolerance(name, spec?.unit ?? '', Math.max(Math.abs(lo), Math.abs(hi)));
        assert.ok(v >= lo - tol && v <= hi + tol, `${msg} (tolerance ${tol})`);
      }
    }
    for (const name of ['node_memory_MemTotal_bytes', 'node_boot_time_seconds', 'node_filesystem_size_bytes'])
      assert.ok(exact.includes(name), `${name} compared exactly`);
    // The CPU and device lists are label sets, compared above; say so for the record.
    assert.ok(both.some((k) => k.startsWith('node_cpu_seconds_total{cpu="0"')));
  });
});

/** Series whose value does not change while the machine runs. */
const STATIC_LIVE = new Set([
  'node_memory_MemTotal_bytes',
  'node_memory_SwapTotal_bytes',
  'node_memory_VmallocTotal_bytes',
  'node_memory_Hugepagesize_bytes',
  'node_memory_HugePages_Total',
  'node_boot_time_seconds',
  'node_filesystem_size_bytes',
  'node_filesystem_files',
  'node_filesystem_readonly',
  'node_filesystem_device_error',
  'node_cpu_isolated',
  'node_cpu_frequency_min_hertz',
  'node_cpu_frequency_max_hertz',
  'node_cooling_device_max_state',
]);

/**
 * How far a moving gauge read by node_exporter may lie outside the range of hostpulse's two reads
 * around it (a few milliseconds apart): memory and filesystem bytes ±64 MiB or 1 %, process and
 * I/O counts ±16, load averages ±0.5, temperatures ±5 °C, anything else ±10 %.
 */
function liveGaugeTolerance(name: string, unit: string, magnitude: number): number {
  if (FS_MOVING.has(name)) return Math.max(64 * 2 ** 20, magnitude * 0.01);
  switch (unit) {
    case 'bytes':
      return 64 * 2 ** 20;
    case 'count':
      return 16;
    case 'celsius':
      return 5;
    case '':
      return name.startsWith('node_load') ? 0.5 : magnitude * 0.1;
    default:
      return magnitude * 0.1;
  }
}
