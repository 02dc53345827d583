// The reference agent's routes over real HTTP, against the real collectors on this machine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startTestAgent, type TestAgent, waitForSample } from '../helpers/agent.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const MEMTOTAL_BYTES =
  Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024;

const FLAT_KEYS = [
  'ts_unix',
  'ts_iso',
  'host',
  'cpu_total',
  'cpu_per_core',
  'mem_percent',
  'mem_total',
  'mem_used',
  'swap_percent',
  'swap_total',
  'swap_used',
  'freq_mhz',
].sort();

describe('before the first sample', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({ 'agent.collect_interval_sec': '5', 'agent.host_name': 'probe-host' });
  });
  after(() => a.close());

  test('GET /metrics/latest answers 503 {"error":"No data yet"}', async () => {
    const r = await a.get('/metrics/latest');
    assert.equal(r.status, 503);
    assert.deepEqual(await r.json(), { error: 'No data yet' });
  });

  test('GET /health answers at once with status, ISO time, host and version', async () => {
    const r = await a.get('/health');
    assert.equal(r.status, 200);
    const body = (await r.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(body).sort(), ['host', 'status', 'time', 'version']);
    assert.equal(body.status, 'ok');
    assert.equal(body.host, 'probe-host');
    assert.equal(body.version, VERSION);
    assert.ok(Math.abs(Date.parse(body.time) - Date.now()) < 5000, body.time);
    assert.match(body.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });
});

describe('with samples flowing at 0.2 s', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({ 'agent.collect_interval_sec': '0.2', 'agent.ring_size': '50' });
    await waitForSample(a);
    await new Promise((r) => setTimeout(r, 700));
  });
  after(() => a.close());

  test('GET /metrics/latest has the reference shape and the real MemTotal', async () => {
    const r = await a.get('/metrics/latest');
    assert.equal(r.status, 200);
    const s = (await r.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(s).sort(), FLAT_KEYS);
    assert.equal(s.mem_total, MEMTOTAL_BYTES);
    assert.ok(Array.isArray(s.cpu_per_core));
    assert.equal(
      (s.cpu_per_core as number[]).length,
      readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm)?.length,
    );
    assert.ok(typeof s.cpu_total === 'number' && s.cpu_total >= 0 && s.cpu_total <= 100);
    assert.ok(Math.abs((s.ts_unix as number) * 1000 - Date.now()) < 2000);
    assert.equal(new Date(s.ts_iso as string).getTime(), Math.round((s.ts_unix as number) * 1000));
  });

  test('GET /metrics/range returns samples of the window, oldest first', async () => {
    const now = Date.now() / 1000;
    const r = await a.get('/metrics/range?seconds=0.5');
    assert.equal(r.status, 200);
    const list = (await r.json()) as { ts_unix: number }[];
    assert.ok(list.length >= 1 && list.length <= 4, `got ${list.length} samples for 0.5 s at 0.2 s`);
    for (const s of list) assert.ok(s.ts_unix >= now - 0.5 - 0.05);
    for (let i = 1; i < list.length; i++) assert.ok(list[i].ts_unix > list[i - 1].ts_unix);
    const all = (await (await a.get('/metrics/range')).json()) as unknown[];
    assert.ok(all.length > list.length, 'default window is 10 s');
  });

  for (const bad of ['0', '-3', 'abc', '', '1e400', '5s']) {
    test(`GET /metrics/range?seconds=${bad} is a 400 naming the parameter`, async () => {
      const r = await a.get(`/metrics/range?seconds=${encodeURIComponent(bad)}`);
      assert.equal(r.status, 400);
      const body = (await r.json()) as { error: string; detail: string };
      assert.match(body.detail, /seconds/);
    });
  }

  test('GET /system has every section with consistent numbers', async () => {
    const r = await a.get('/system');
    assert.equal(r.status, 200);
    const s = (await r.json()) as Record<string, Record<string, unknown>>;
    for (const k of [
      'collected_at',
      'cpu',
      'memory',
      'swap',
      'disk',
      'disk_io',
      'network',
      'temperatures',
      'uptime',
      'system',
    ])
      assert.ok(k in s, `missing ${k}`);
    assert.equal(s.memory.total, MEMTOTAL_BYTES);
    assert.equal(s.memory.used, (s.memory.total as number) - (s.memory.available as number));
    assert.ok((s.cpu.logical_cores as number) >= 1);
    assert.ok(Array.isArray(s.disk.mounts) && (s.disk.mounts as unknown[]).length >= 1);
    assert.equal(s.disk.mount, '/');
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    assert.ok(Math.abs((s.uptime.seconds as number) - uptime) < 5);
    assert.match(s.uptime.human as string, /^(\d+d )?(\d+h )?\d+m$/);
    const primary = (s.network as { primary_interface: { name: string; ipv4: string | null } | null })
      .primary_interface;
    const route = readFileSync('/proc/net/route', 'utf8');
    const defIf = /^(\S+)\s+00000000\s/m.exec(route)?.[1] ?? null;
    assert.equal(primary?.name ?? null, defIf);
  });

  test('GET /inventory has every reference key', async () => {
    const inv = (await (await a.get('/inventory')).json()) as Record<string, unknown>;
    for (const k of [
      'hostname',
      'os_system',
      'os_release',
      'os_version',
      'kernel',
      'architecture',
      'cpu_vendor',
      'cpu_model',
      'cpu_name',
      'cpu_physical_cores',
      'cpu_logical_cores',
      'cpu_max_mhz',
      'memory_total_bytes',
      'manufacturer',
      'model',
      'serial',
      'boot_time',
    ])
      assert.ok(k in inv, `inventory lacks ${k}`);
    assert.equal(inv.memory_total_bytes, MEMTOTAL_BYTES);
    assert.equal(inv.os_system, 'Linux');
  });

  test('GET /api/health reports ticks and per-collector stats', async () => {
    const h = (await (await a.get('/api/health')).json()) as {
      ticker: { ticks: number; skipped: number };
      collectors: { name: string; runs: number; failures: number; lastDurationMs: number }[];
    };
    assert.ok(h.ticker.ticks >= 3, `ticks ${h.ticker.ticks}`);
    const names = h.collectors.map((c) => c.name).sort();
    for (const n of ['cpu', 'memory', 'filesystems', 'disks', 'network', 'load', 'uptime', 'temperatures'])
      assert.ok(names.includes(n), `no stats for ${n}`);
    const cpu = h.collectors.find((c) => c.name === 'cpu');
    assert.ok(cpu && cpu.runs >= h.ticker.ticks && cpu.failures === 0);
  });

  test('X-Correlation-ID is echoed when sane and generated otherwise', async () => {
    const echoed = await a.get('/health', undefined, { 'x-correlation-id': 'abc-123' });
    assert.equal(echoed.headers.get('x-correlation-id'), 'abc-123');
    const gen = await a.get('/health', undefined, { 'x-correlation-id': 'bad id with spaces' });
    assert.match(gen.headers.get('x-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('unknown routes are a JSON 404', async () => {
    const r = await a.get('/nope');
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as { error: string }).error, 'not found');
  });
});
