// The real OpenTelemetry JS SDK (MeterProvider + PeriodicExportingMetricReader) exports through its
// OTLP/HTTP protobuf and JSON exporters to a capture server on 127.0.0.1; the captured bodies are
// decoded here and must give back exactly what was recorded. With UPDATE_OTLP_FIXTURES=1 the captured
// bodies are also written to test/fixtures/ingest/ (otlp-fixtures.test.ts reads them).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Meter } from '@opentelemetry/api';
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { type DecodeResult, decodeOtlpJson, decodeOtlpProtobuf } from '../../src/ingest/otlp.js';
import type { Point } from '../../src/store/tsdb/tsdb.js';

const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);

interface Captured {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

/** Runs `record` against a MeterProvider exporting through `makeExporter(url)`; returns the first POST. */
async function capture(
  makeExporter: (url: string) => PushMetricExporter,
  record: (meter: Meter) => void,
): Promise<{ first: Captured; before: number; after: number }> {
  const got: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      got.push({ body, headers: req.headers });
      const json = String(req.headers['content-type']).includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const provider = new MeterProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        'service.name': 'checkout',
        'service.namespace': 'shop',
        'service.instance.id': 'abc-1',
        'host.name': 'web-01',
        'deployment.environment': 'prod',
      }),
    ),
    readers: [
      new PeriodicExportingMetricReader({
        exporter: makeExporter(`http://127.0.0.1:${port}/v1/metrics`),
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });
  const before = Date.now();
  record(provider.getMeter('hostpulse-test', '1.2.3'));
  await provider.forceFlush();
  const after = Date.now();
  await provider.shutdown();
  await new Promise<void>((r) => server.close(() => r()));
  assert.ok(got.length >= 1, 'the exporter posted nothing');
  return { first: got[0], before, after };
}

function recordAll(meter: Meter): void {
  const requests = meter.createCounter('http.requests', { unit: '{request}' });
  requests.add(5, { 'http.route': '/a' });
  requests.add(3, { 'http.route': '/a' });
  requests.add(2, { 'http.route': '/b' });
  const active = meter.createUpDownCounter('jobs.active');
  active.add(10);
  active.add(-4);
  meter.createGauge('cpu.utilization', { unit: '1' }).record(0.25, { cpu: '0' });
  meter
    .createObservableGauge('queue.depth', { unit: 'By' })
    .addCallback((r) => r.observe(42, { queue: 'q1' }));
  const duration = meter.createHistogram('http.server.duration', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 100, 1000] },
  });
  for (const v of [5, 50, 50, 500, 5000]) duration.record(v, { 'http.route': '/a' });
}

function find(points: Point[], name: string, labels: Record<string, string> = {}): Point[] {
  return points.filter((p) => p.name === name && Object.entries(labels).every(([k, v]) => p.labels[k] === v));
}

function one(points: Point[], name: string, labels: Record<string, string> = {}): Point {
  const found = find(points, name, labels);
  assert.equal(found.length, 1, `${name} ${JSON.stringify(labels)}: ${found.length} points`);
  return found[0];
}

/** Everything recordAll recorded, checked point by point. */
function checkRecorded(r: DecodeResult, before: number, after: number): void {
  assert.equal(r.rejected, 0, r.errors.join('\n'));
  assert.deepEqual(r.errors, []);
  const version = r.points[0]?.labels.telemetry_sdk_version;
  assert.match(version ?? '', /^\d+\.\d+\.\d+/);
  const resource = {
    job: 'shop/checkout',
    instance: 'abc-1',
    host: 'web-01',
    deployment_environment: 'prod',
    telemetry_sdk_language: 'nodejs',
    telemetry_sdk_name: 'opentelemetry',
    telemetry_sdk_version: version ?? '',
  };
  const expected: Point[] = [
    {
      name: 'http_requests_total',
      labels: { ...resource, http_route: '/a' },
      value: 8,
      ts: 0,
      type: 'counter',
    },
    {
      name: 'http_requests_total',
      labels: { ...resource, http_route: '/b' },
      value: 2,
      ts: 0,
      type: 'counter',
    },
    { name: 'jobs_active', labels: { ...resource }, value: 6, ts: 0, type: 'gauge' },
    { name: 'cpu_utilization_ratio', labels: { ...resource, cpu: '0' }, value: 0.25, ts: 0, type: 'gauge' },
    { name: 'queue_depth_bytes', labels: { ...resource, queue: 'q1' }, value: 42, ts: 0, type: 'gauge' },
  ];
  const h = 'http_server_duration_milliseconds';
  const hl = { ...resource, http_route: '/a' };
  // 5 | 50, 50 | 500 | 5000 against bounds 10, 100, 1000: cumulative 1, 3, 4, 5.
  for (const [le, v] of [
    ['10', 1],
    ['100', 3],
    ['1000', 4],
    ['+Inf', 5],
  ] as const) {
    expected.push({ name: `${h}_bucket`, labels: { ...hl, le }, value: v, ts: 0, type: 'counter' });
  }
  expected.push({ name: `${h}_sum`, labels: hl, value: 5 + 50 + 50 + 500 + 5000, ts: 0, type: 'counter' });
  expected.push({ name: `${h}_count`, labels: hl, value: 5, ts: 0, type: 'counter' });

  assert.equal(r.points.length, expected.length, r.points.map((p) => p.name).join(','));
  for (const e of expected) {
    const p = one(r.points, e.name, e.labels);
    assert.deepEqual({ ...p, ts: 0 }, e);
    // The SDK stamps points from its own hrtime clock: allow a second either side of the wall clock.
    assert.ok(
      p.ts >= before - 1000 && p.ts <= after + 1000,
      `${e.name} ts ${p.ts} not in [${before}, ${after}]`,
    );
  }
}

describe('OTLP/HTTP protobuf from the OpenTelemetry JS SDK', () => {
  test('counter, up-down counter, gauges and histogram come back as recorded', async () => {
    const { first, before, after } = await capture((url) => new ProtoExporter({ url }), recordAll);
    assert.equal(first.headers['content-type'], 'application/x-protobuf');
    if (process.env.UPDATE_OTLP_FIXTURES === '1')
      writeFileSync(new URL('sdk-metrics.binpb', FIXTURES), first.body);
    checkRecorded(decodeOtlpProtobuf(first.body, { now: 1 }), before, after);
  });

  test('delta temporality: the counter and histogram are rejected and counted, the rest is kept', async () => {
    const { first } = await capture(
      (url) => new ProtoExporter({ url, temporalityPreference: AggregationTemporality.DELTA }),
      recordAll,
    );
    const r = decodeOtlpProtobuf(first.body, { now: 1 });
    // Delta applies to the counter (2 data points) and the histogram (1); up-down counters stay cumulative.
    assert.equal(r.rejected, 3);
    assert.ok(
      r.errors.some((e) => e.includes('"http.requests"') && e.includes('delta')),
      r.errors.join('\n'),
    );
    assert.ok(
      r.errors.some((e) => e.includes('"http.server.duration"') && e.includes('delta')),
      r.errors.join('\n'),
    );
    assert.deepEqual(r.points.map((p) => p.name).sort(), [
      'cpu_utilization_ratio',
      'jobs_active',
      'queue_depth_bytes',
    ]);
  });
});

describe('OTLP/HTTP JSON from the OpenTelemetry JS SDK', () => {
  test('counter, up-down counter, gauges and histogram come back as recorded', async () => {
    const { first, before, after } = await capture((url) => new JsonExporter({ url }), recordAll);
    assert.equal(first.headers['content-type'], 'application/json');
    if (process.env.UPDATE_OTLP_FIXTURES === '1')
      writeFileSync(new URL('sdk-metrics.json', FIXTURES), first.body);
    checkRecorded(decodeOtlpJson(JSON.parse(first.body.toString('utf8')), { now: 1 }), before, after);
  });
});
