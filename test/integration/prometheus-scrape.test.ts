// A real Prometheus server (Debian package) scrapes hostpulse with a bearer token; its query API
// then answers for node_load1 and rate(node_cpu_seconds_total[30s]) of that target.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestAgent, type TestAgent, waitForSample } from '../helpers/agent.js';
import { freePort } from '../helpers/ports.js';
import { PROMETHEUS_SKIP, type RunningPrometheus, startPrometheus } from '../helpers/prometheus.js';

const TOKEN = 'scrape-token-123';

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('a real Prometheus scrapes hostpulse', { skip: PROMETHEUS_SKIP }, () => {
  let a: TestAgent;
  let prom: RunningPrometheus | null = null;

  before(async () => {
    a = await startTestAgent({ 'agent.collect_interval_sec': '1', 'security.read_tokens': TOKEN });
    await waitForSample(a, TOKEN);
    const target = new URL(a.url).host;
    prom = startPrometheus(await freePort(), [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: hostpulse',
      '    authorization:',
      '      type: Bearer',
      `      credentials: ${TOKEN}`,
      '    static_configs:',
      `      - targets: ['${target}']`,
    ]);
  });

  after(async () => {
    await prom?.stop();
    await a?.close();
  });

  async function query(q: string): Promise<QueryResult | null> {
    try {
      const r = await fetch(`${prom?.url}/api/v1/query?query=${encodeURIComponent(q)}`);
      if (r.status !== 200) return null;
      return (await r.json()) as QueryResult;
    } catch {
      return null;
    }
  }

  async function eventually(q: string, timeoutMs = 25_000): Promise<QueryResult> {
    const until = Date.now() + timeoutMs;
    let last: QueryResult | null = null;
    while (Date.now() < until) {
      last = await query(q);
      if (last && last.data.result.length > 0) return last;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`no result for ${q}: ${JSON.stringify(last)}\nprometheus log:\n${prom?.log()}`);
  }

  test('the target is up and node_load1 has a value', async () => {
    const up = await eventually('up{job="hostpulse"} == 1');
    assert.equal(up.data.result[0].metric.instance, new URL(a.url).host);
    const load = await eventually('node_load1{job="hostpulse"}');
    const v = Number(load.data.result[0].value[1]);
    assert.ok(Number.isFinite(v) && v >= 0);
  });

  test('rate(node_cpu_seconds_total[30s]) has values per cpu and mode', async () => {
    const r = await eventually('rate(node_cpu_seconds_total{job="hostpulse"}[30s])');
    const modes = new Set(r.data.result.map((x) => x.metric.mode));
    for (const m of ['user', 'system', 'idle']) assert.ok(modes.has(m), `no mode ${m}`);
    const idle = r.data.result.filter((x) => x.metric.mode === 'idle').map((x) => Number(x.value[1]));
    // Each CPU spends at most one second per second in any mode.
    for (const v of idle) assert.ok(v >= 0 && v <= 1.05, `idle rate ${v}`);
  });
});
