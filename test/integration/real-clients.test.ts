// Real clients push to a running hostpulse and the values read back through its API equal what
// was sent: the OpenTelemetry JS SDK (OTLP/HTTP JSON and protobuf exporters), the InfluxDB 2.x
// client library (/api/v2/write) and a Debian Prometheus server with remote_write.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InfluxDB, Point as InfluxPoint } from '@influxdata/influxdb-client';
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { startTestAgent, type TestAgent } from '../helpers/agent.js';
import { freePort } from '../helpers/ports.js';
import { PROMETHEUS_SKIP, type RunningPrometheus, startPrometheus } from '../helpers/prometheus.js';

const TOKEN = 'ingest-and-read';

interface Series {
  name: string;
  labels: Record<string, string>;
  points: [number, number | null][];
}

async function series(a: TestAgent, match: string): Promise<Series[]> {
  const r = await a.get(
    `/api/v1/series?match=${encodeURIComponent(match)}&from=${Date.now() / 1000 - 600}`,
    TOKEN,
  );
  assert.equal(r.status, 200, await r.clone().text());
  return ((await r.json()) as { series: Series[] }).series;
}

const lastValue = (s: Series | undefined) => s?.points.at(-1)?.[1];

describe('real clients push to hostpulse', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({ 'agent.collect_interval_sec': '5', 'security.api_token': TOKEN });
  });
  after(() => a.close());

  for (const [kind, make] of [
    ['OTLP/HTTP JSON', (url: string, headers: Record<string, string>) => new JsonExporter({ url, headers })],
    [
      'OTLP/HTTP protobuf',
      (url: string, headers: Record<string, string>) => new ProtoExporter({ url, headers }),
    ],
  ] as const) {
    test(`${kind}: a counter, a gauge and a histogram from @opentelemetry/sdk-metrics`, async () => {
      const svc = kind.includes('JSON') ? 'otel-json' : 'otel-proto';
      const exporter: PushMetricExporter = make(`${a.url}/v1/metrics`, { authorization: `Bearer ${TOKEN}` });
      const provider = new MeterProvider({
        resource: resourceFromAttributes({ 'service.name': svc, 'host.name': 'app-01' }),
        readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
      });
      const meter = provider.getMeter('real-clients');
      meter.createCounter('jobs.done').add(7, { queue: 'q1' });
      meter.createGauge('pool.size').record(12, { pool: 'p' });
      const h = meter.createHistogram('task.duration', {
        unit: 's',
        advice: { explicitBucketBoundaries: [0.1, 1, 10] },
      });
      for (const v of [0.05, 0.5, 0.7, 5, 50]) h.record(v);
      await provider.forceFlush();
      await provider.shutdown();

      const [jobs] = await series(a, `jobs_done_total{job="${svc}"}`);
      assert.equal(lastValue(jobs), 7);
      assert.equal(jobs.labels.host, 'app-01');
      assert.equal(jobs.labels.queue, 'q1');
      assert.equal(lastValue((await series(a, `pool_size{job="${svc}"}`))[0]), 12);
      const buckets = await series(a, `task_duration_seconds_bucket{job="${svc}"}`);
      const byLe = Object.fromEntries(buckets.map((s) => [s.labels.le, lastValue(s)]));
      assert.deepEqual(byLe, { '0.1': 1, '1': 3, '10': 4, '+Inf': 5 });
      assert.equal(lastValue((await series(a, `task_duration_seconds_count{job="${svc}"}`))[0]), 5);
      assert.equal(lastValue((await series(a, `task_duration_seconds_sum{job="${svc}"}`))[0]), 56.25);
    });
  }

  test('@influxdata/influxdb-client writes to /api/v2/write', async () => {
    const client = new InfluxDB({ url: a.url, token: TOKEN });
    const api = client.getWriteApi('org', 'bucket', 'ms');
    const ts = new Date(Date.now() - 5000);
    api.writePoint(
      new InfluxPoint('boiler')
        .tag('site', 'north')
        .floatField('temp', 71.25)
        .intField('errors', 3)
        .timestamp(ts),
    );
    api.writePoint(
      new InfluxPoint('boiler')
        .tag('site', 'south')
        .floatField('temp', 64.5)
        .booleanField('on', true)
        .timestamp(ts),
    );
    await api.close();
    const temps = await series(a, 'boiler_temp');
    const bySite = Object.fromEntries(temps.map((s) => [s.labels.site, s.points]));
    assert.deepEqual(bySite.north, [[ts.getTime() / 1000, 71.25]]);
    assert.deepEqual(bySite.south, [[ts.getTime() / 1000, 64.5]]);
    assert.equal(lastValue((await series(a, 'boiler_errors'))[0]), 3);
    assert.equal(lastValue((await series(a, 'boiler_on'))[0]), 1);
  });

  test('a wrong token is refused by the InfluxDB client path too', async () => {
    const r = await fetch(`${a.url}/api/v2/write?org=o&bucket=b`, {
      method: 'POST',
      headers: { authorization: 'Token nope' },
      body: 'x v=1',
    });
    assert.equal(r.status, 401);
  });

  describe('Prometheus remote_write', { skip: PROMETHEUS_SKIP }, () => {
    let prom: RunningPrometheus | null = null;
    after(async () => {
      await prom?.stop();
    });

    test('samples Prometheus scraped about itself arrive with their labels and values', async () => {
      const port = await freePort();
      prom = startPrometheus(port, [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: self',
        `    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`,
        'remote_write:',
        `  - url: ${a.url}/api/v1/write`,
        '    authorization:',
        `      credentials: ${TOKEN}`,
        '    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }',
      ]);
      const until = Date.now() + 30_000;
      let ups: Series[] = [];
      while (Date.now() < until) {
        ups = await series(a, 'up{job="self"}');
        if (ups.length > 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.equal(ups.length, 1, `nothing arrived in 30 s; prometheus log:\n${prom.log()}`);
      assert.equal(ups[0].labels.instance, `127.0.0.1:${port}`);
      assert.equal(lastValue(ups[0]), 1);
      // Compare a value Prometheus holds itself with what it sent us for the same timestamp.
      const q = await fetch(
        `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent('up{job="self"}')}`,
      );
      const [ts, v] = ((await q.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]
        .value;
      assert.equal(Number(v), 1);
      assert.ok(ups[0].points.every(([t]) => t <= ts + 1));
    });
  });
});
