// The captured OpenTelemetry JS SDK bodies (test/fixtures/ingest/README.md says what was recorded)
// decode to exactly the recorded points.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { decodeOtlpJson, decodeOtlpProtobuf, OtlpError } from '../../src/ingest/otlp.js';
import type { Point } from '../../src/store/tsdb/tsdb.js';

const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);
const binpb = readFileSync(new URL('sdk-metrics.binpb', FIXTURES));
const jsonText = readFileSync(new URL('sdk-metrics.json', FIXTURES), 'utf8');

/** The README's recordings as Points, all stamped `ts`. */
function recorded(ts: number): Point[] {
  const r = {
    job: 'shop/checkout',
    instance: 'abc-1',
    host: 'web-01',
    deployment_environment: 'prod',
    telemetry_sdk_language: 'nodejs',
    telemetry_sdk_name: 'opentelemetry',
    telemetry_sdk_version: '2.12.0',
  };
  const a = { ...r, http_route: '/a' };
  const h = 'http_server_duration_milliseconds';
  return [
    { name: 'http_requests_total', labels: a, value: 5 + 3, ts, type: 'counter' },
    { name: 'http_requests_total', labels: { ...r, http_route: '/b' }, value: 2, ts, type: 'counter' },
    { name: 'jobs_active', labels: r, value: 10 - 4, ts, type: 'gauge' },
    { name: 'cpu_utilization_ratio', labels: { ...r, cpu: '0' }, value: 0.25, ts, type: 'gauge' },
    { name: 'queue_depth_bytes', labels: { ...r, queue: 'q1' }, value: 42, ts, type: 'gauge' },
    { name: `${h}_bucket`, labels: { ...a, le: '10' }, value: 1, ts, type: 'counter' },
    { name: `${h}_bucket`, labels: { ...a, le: '100' }, value: 1 + 2, ts, type: 'counter' },
    { name: `${h}_bucket`, labels: { ...a, le: '1000' }, value: 1 + 2 + 1, ts, type: 'counter' },
    { name: `${h}_bucket`, labels: { ...a, le: '+Inf' }, value: 5, ts, type: 'counter' },
    { name: `${h}_sum`, labels: a, value: 5605, ts, type: 'counter' },
    { name: `${h}_count`, labels: a, value: 5, ts, type: 'counter' },
  ];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function snakeKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(x)]),
  );
}

describe('OTLP protobuf fixture', () => {
  test('decodes to the recorded points, time_unix_nano 0x18ea34016d2f6c00 ns → ms', () => {
    const r = decodeOtlpProtobuf(binpb, { now: 1 });
    assert.deepEqual(r, { points: recorded(1795304582192), rejected: 0, errors: [] });
  });

  test('every strict prefix of the body either fails as OtlpError or decodes to fewer points', () => {
    const full = recorded(0).length;
    for (let n = 0; n < binpb.length; n++) {
      try {
        const r = decodeOtlpProtobuf(binpb.subarray(0, n), { now: 1 });
        assert.ok(r.points.length + r.rejected <= full, `prefix ${n}`);
      } catch (err) {
        assert.ok(err instanceof OtlpError, `prefix ${n}: ${String(err)}`);
        assert.equal(err.field, 'body');
      }
    }
  });
});

describe('OTLP JSON fixture', () => {
  const body = JSON.parse(jsonText) as Json;

  test('decodes to the recorded points, timeUnixNano "1795304582304000000" → ms', () => {
    const r = decodeOtlpJson(body, { now: 1 });
    assert.deepEqual(r, { points: recorded(1795304582304), rejected: 0, errors: [] });
  });

  test('proto field names, int64 as numbers and enum names are read the same', () => {
    const text = jsonText
      .replace(/"(\w*[tT]imeUnixNano|count)":"(\d+)"/g, '"$1":$2')
      .replace(
        /"aggregationTemporality":2/g,
        '"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE"',
      );
    assert.notEqual(text, jsonText);
    const variant = snakeKeys(JSON.parse(text) as Json);
    assert.ok(JSON.stringify(variant).includes('"time_unix_nano":1795304582304000000'));
    const r = decodeOtlpJson(variant, { now: 1 });
    assert.deepEqual(r, { points: recorded(1795304582304), rejected: 0, errors: [] });
  });

  test('a field of the wrong type throws an OtlpError naming its path', () => {
    const bad = JSON.parse(jsonText);
    bad.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[1].asDouble = { x: 1 };
    assert.throws(
      () => decodeOtlpJson(bad, { now: 1 }),
      (err: unknown) =>
        err instanceof OtlpError &&
        err.field === 'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[1].asDouble' &&
        /expected a number, got an object/.test(err.message),
    );
  });
});
