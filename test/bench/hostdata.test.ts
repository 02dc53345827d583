import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpusFor, HostData } from '../../bench/lib/hostdata.js';

const START = Date.UTC(2026, 0, 1);
const TICKS = 3 * 3600;

/** Runs `ticks` ticks and returns every value column and the timestamps. */
function run(opts: ConstructorParameters<typeof HostData>[0], ticks = TICKS) {
  const g = new HostData(opts);
  const cols = g.series.map(() => new Float64Array(ticks));
  const ts = new Float64Array(ticks);
  for (let i = 0; i < ticks; i++) {
    g.next();
    ts[i] = g.ts;
    for (let j = 0; j < g.series.length; j++) cols[j][i] = g.values[j];
  }
  return { g, cols, ts };
}

const { g, cols, ts } = run({ startMs: START });
const col = (name: string, labels: Record<string, string> = {}) => {
  const i = g.indexOf(name, labels);
  assert.ok(i >= 0, `${name} ${JSON.stringify(labels)} is generated`);
  return cols[i];
};
const isMultiple = (v: number, unit: number) => Number.isInteger(v / unit);
/** v has at most `d` decimals, as a decimal literal would parse. */
const decimals = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d === v;

test('100 series by default (4 CPUs), unique, each with the host label', () => {
  assert.equal(cpusFor(100), 4);
  assert.equal(g.series.length, 100);
  const keys = new Set(g.series.map((s) => `${s.name}${JSON.stringify(s.labels)}`));
  assert.equal(keys.size, 100);
  for (const s of g.series) assert.equal(s.labels.host, 'edge-01');
  assert.equal(g.series.filter((s) => s.name === 'node_cpu_seconds_total').length, 32);
  assert.equal(g.series.filter((s) => s.name === 'hostpulse_cpu_usage_percent').length, 5);
});

test('--series picks the CPU count and truncates: 136 → 8 CPUs, 50 → 1 CPU and 50 series', () => {
  const big = new HostData({ startMs: START, series: 136 });
  assert.equal(big.series.filter((s) => s.name === 'node_cpu_seconds_total').length, 64);
  assert.equal(big.series.length, 136);
  const small = new HostData({ startMs: START, series: 50 });
  assert.equal(small.series.length, 50);
  assert.equal(small.series.filter((s) => s.name === 'node_cpu_seconds_total').length, 8);
});

test('same seed, same data; another seed, other data', () => {
  const again = run({ startMs: START }, 600);
  for (let j = 0; j < g.series.length; j++)
    assert.deepEqual(again.cols[j], cols[j].subarray(0, 600), g.series[j].name);
  assert.deepEqual(again.ts, ts.subarray(0, 600));
  const other = run({ startMs: START, seed: 2 }, 600);
  const user = g.indexOf('node_cpu_seconds_total', { cpu: '0', mode: 'user' });
  assert.notDeepEqual(other.cols[user], again.cols[user]);
});

test('timestamps: one per second, stamped 1 ms or more after the schedule, never drifting', () => {
  for (let i = 0; i < TICKS; i++) {
    const late = ts[i] - (START + i * 1000);
    assert.ok(late >= 1 && late < 250, `tick ${i} late by ${late} ms`);
    assert.ok(Number.isInteger(ts[i]));
  }
  const lates = Array.from(ts, (t, i) => t - (START + i * 1000));
  assert.ok(lates.filter((l) => l <= 3).length / TICKS > 0.95, 'mostly 1–3 ms late');
});

test('counters never decrease', () => {
  for (let j = 0; j < g.series.length; j++) {
    if (g.series[j].type !== 'counter') continue;
    const c = cols[j];
    for (let i = 1; i < c.length; i++) assert.ok(c[i] >= c[i - 1], `${g.series[j].name} drops at ${i}`);
  }
});

test('CPU seconds: centisecond resolution, all modes of a CPU add up to the tick interval', () => {
  for (let cpu = 0; cpu < 4; cpu++) {
    const modes = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'].map((mode) =>
      col('node_cpu_seconds_total', { cpu: String(cpu), mode }),
    );
    for (let i = 1; i < TICKS; i++) {
      let sum = 0;
      for (const m of modes) {
        assert.ok(decimals(m[i], 2), `${m[i]} is in centiseconds`);
        sum += Math.round(m[i] * 100) - Math.round(m[i - 1] * 100);
      }
      const interval = ts[i] - ts[i - 1];
      // USER_HZ = 100: ticks over the interval, ±1 for where the interval falls between ticks.
      assert.ok(Math.abs(sum - interval / 10) <= 1, `cpu ${cpu} tick ${i}: ${sum} cs over ${interval} ms`);
    }
  }
  assert.deepEqual(new Set(col('node_cpu_seconds_total', { cpu: '0', mode: 'irq' })), new Set([0]));
});

test('usage percentages stay in [0, 100] with one decimal; --agent-floats leaves them unrounded', () => {
  for (const cpu of ['total', '0', '1', '2', '3']) {
    for (const v of col('hostpulse_cpu_usage_percent', { cpu })) {
      assert.ok(v >= 0 && v <= 100);
      assert.ok(decimals(v, 1), `${v} has one decimal`);
    }
  }
  const raw = run({ startMs: START, agentFloats: true }, 600);
  const i = raw.g.indexOf('hostpulse_cpu_usage_percent', { cpu: 'total' });
  assert.ok(
    Array.from(raw.cols[i]).some((v) => !decimals(v, 6)),
    'some value needs more than 6 decimals',
  );
  // Only the derived gauges change: the node_* series are identical.
  const user = raw.g.indexOf('node_cpu_seconds_total', { cpu: '1', mode: 'user' });
  assert.deepEqual(raw.cols[user], cols[user].subarray(0, 600));
});

test('kernel units: memory in kB, disk bytes in sectors, disk times in ms × 0.001, load with 2 decimals', () => {
  for (const s of g.series) {
    if (!s.name.startsWith('node_memory_')) continue;
    for (const v of cols[g.series.indexOf(s)]) assert.ok(isMultiple(v, 1024), `${s.name} ${v}`);
  }
  for (const n of ['node_disk_read_bytes_total', 'node_disk_written_bytes_total'])
    for (const v of col(n, { device: 'nvme0n1' })) assert.ok(isMultiple(v, 512));
  for (const v of col('node_disk_write_time_seconds_total', { device: 'nvme0n1' }))
    assert.equal(v, Math.round(v * 1000) * 0.001);
  const load1 = col('node_load1');
  for (const v of load1) assert.ok(decimals(v, 2) && v >= 0);
  // The kernel refreshes load averages every 5 s: they only move on ticks 0, 5, 10, …
  for (let i = 1; i < TICKS; i++) if (i % 5 !== 0) assert.equal(load1[i], load1[i - 1]);
});

test('constant series are constant, noisy ones move', () => {
  const fs = { device: '/dev/nvme0n1p2', fstype: 'ext4', mountpoint: '/' };
  const distinct = (c: Float64Array) => new Set(c).size;
  assert.equal(distinct(col('node_filesystem_size_bytes', fs)), 1);
  assert.equal(distinct(col('node_memory_MemTotal_bytes')), 1);
  assert.equal(distinct(col('node_boot_time_seconds')), 1);
  assert.ok(distinct(col('hostpulse_cpu_usage_percent', { cpu: 'total' })) > 50);
  assert.ok(distinct(col('node_memory_MemAvailable_bytes')) > TICKS / 2);
  assert.ok(distinct(col('node_network_receive_bytes_total', { device: 'eth0' })) > TICKS / 2);
});

test('points() builds one point per series with the tick timestamp and fresh label objects', () => {
  const h = new HostData({ startMs: START });
  h.next();
  const p1 = h.points();
  const p2 = h.points();
  assert.equal(p1.length, 100);
  assert.equal(p1[0].ts, h.ts);
  assert.equal(p1[0].value, h.values[0]);
  assert.equal(p1[0].type, 'counter');
  assert.notEqual(p1[0].labels, p2[0].labels);
  assert.deepEqual(p1[0].labels, p2[0].labels);
});
