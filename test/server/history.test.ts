// History over real HTTP: the agent writes every tick to its SQLite store; /metrics/range reads
// the store beyond the ring, /api/v1/series queries it, and a restart keeps what was written.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { startAgent } from '../../src/agent.js';
import { startTestAgent, type TestAgent, testConfig, waitForSample } from '../helpers/agent.js';

interface Flat {
  ts_unix: number;
  cpu_total: number;
  cpu_per_core: number[];
  mem_total: number;
  mem_used: number;
}

interface SeriesAnswer {
  tier: string;
  step_seconds: number;
  series: { name: string; labels: Record<string, string>; points: [number, number | null][] }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('history through the store', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({
      'agent.collect_interval_sec': '0.2',
      'agent.ring_size': '4',
      'agent.host_name': 'histhost',
    });
    await waitForSample(a);
    await sleep(2500);
  });
  after(() => a.close());

  test('/metrics/range reaches past the ring into the store, oldest first, without duplicates', async () => {
    const list = (await (await a.get('/metrics/range?seconds=60')).json()) as Flat[];
    assert.ok(list.length >= 8, `only ${list.length} samples with a 4-sample ring`);
    for (let i = 1; i < list.length; i++)
      assert.ok(list[i].ts_unix > list[i - 1].ts_unix, 'strictly increasing');
    const ring = (await (await a.get('/metrics/range?seconds=0.5')).json()) as Flat[];
    assert.ok(ring.length <= 4);
    for (const s of list) {
      assert.equal(s.cpu_per_core.length, list[0].cpu_per_core.length);
      assert.ok(s.mem_total > 0 && s.mem_used > 0 && s.mem_used < s.mem_total);
      assert.ok(s.cpu_total >= 0 && s.cpu_total <= 100);
    }
    // Samples that came from the store equal the ones the ring served for the same tick.
    const latest = (await (await a.get('/metrics/range?seconds=2')).json()) as Flat[];
    const fromStore = list.filter((s) => latest.some((l) => l.ts_unix === s.ts_unix));
    assert.ok(fromStore.length > 0);
  });

  test('/api/v1/series returns the raw per-tick series with the host label', async () => {
    const r = await a.get('/api/v1/series?match=node_load1');
    assert.equal(r.status, 200);
    const body = (await r.json()) as SeriesAnswer;
    assert.equal(body.tier, 'raw');
    assert.equal(body.series.length, 1);
    assert.deepEqual(body.series[0].labels, { host: 'histhost' });
    assert.ok(body.series[0].points.length >= 8);
  });

  test('rate=true gives non-negative per-second CPU rates; a 1m step picks the minute tier', async () => {
    const now = Date.now() / 1000;
    const r = await a.get(
      `/api/v1/series?match=${encodeURIComponent('node_cpu_seconds_total{mode="idle"}')}&from=${now - 60}&to=${now}&step=1&rate=true`,
    );
    assert.equal(r.status, 200);
    const body = (await r.json()) as SeriesAnswer;
    assert.ok(body.series.length >= 1);
    const values = body.series
      .flatMap((s) => s.points.map((p) => p[1]))
      .filter((v): v is number => v !== null);
    assert.ok(values.length > 0);
    for (const v of values) assert.ok(v >= 0 && v <= 1.5, `idle rate ${v}`);
    const minute = (await (await a.get('/api/v1/series?match=node_load1&step=1m')).json()) as SeriesAnswer;
    assert.equal(minute.tier, '1m');
  });

  for (const [qs, param] of [
    ['match=node_load1{', 'match'],
    ['', 'match'],
    ['match=node_load1&from=200&to=100', 'from'],
    ['match=node_load1&step=fast', 'step'],
    ['match=node_load1&from=yesterday', 'from'],
    ['match=node_load1&from=0&to=4000000000&step=1', 'step'],
  ] as const) {
    test(`/api/v1/series?${qs} is a 400 naming ${param}`, async () => {
      const r = await a.get(`/api/v1/series?${qs}`);
      assert.equal(r.status, 400);
      const body = (await r.json()) as { parameter: string; detail: string };
      assert.equal(body.parameter, param, body.detail);
    });
  }

  test('/api/health and /metrics report the store', async () => {
    const h = (await (await a.get('/api/health')).json()) as {
      store: { series: number; samples: number; fileBytes: number };
    };
    assert.ok(h.store.series > 20 && h.store.samples > h.store.series && h.store.fileBytes > 0);
    const text = await (await a.get('/metrics')).text();
    assert.match(text, /^hostpulse_store_series \d+/m);
    assert.match(text, /^hostpulse_store_bytes_per_sample [\d.e+-]+/m);
  });
});

test('a restarted agent serves the previous run from its store', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostpulse-restart-'));
  const flags = {
    'agent.collect_interval_sec': '0.2',
    'agent.ring_size': '3',
    'agent.data_dir': dataDir,
    'agent.host_name': 'restart-host',
  };
  try {
    const first = testConfig(flags);
    const a1 = await startAgent(first.cfg, pino({ level: 'silent' }));
    await sleep(1500);
    await a1.stop();
    const firstRun = Date.now() / 1000;
    const second = testConfig(flags);
    const a2 = await startAgent(second.cfg, pino({ level: 'silent' }));
    try {
      const list = (await (await fetch(`${a2.url}/metrics/range?seconds=60`)).json()) as Flat[];
      const old = list.filter((s) => s.ts_unix < firstRun);
      assert.ok(old.length >= 4, `only ${old.length} samples from the first run`);
    } finally {
      await a2.stop();
      rmSync(first.dir, { recursive: true, force: true });
      rmSync(second.dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
