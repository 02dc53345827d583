// OTLP → Points mapping rules. Each request is written as OTLP/JSON and also encoded to protobuf with
// the project's protobufjs types, and both decoders must give the same result.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type DecodeResult,
  decodeOtlpJson,
  decodeOtlpProtobuf,
  encodeOtlpResponse,
  OtlpError,
  otlpJsonResponse,
} from '../../src/ingest/otlp.js';
import {
  ExportMetricsServiceRequestType,
  ExportMetricsServiceResponseType,
} from '../../src/ingest/proto/codecs.js';

const NOW = 1_800_000_000_000;
const T = '1700000000123456789';
const T_MS = 1700000000123;

type Attr = { key: string; value: Record<string, unknown> };
const s = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });

function request(metrics: object[], resource: Attr[] = []): object {
  return { resourceMetrics: [{ resource: { attributes: resource }, scopeMetrics: [{ metrics }] }] };
}

/** Decodes `req` as OTLP/JSON and as protobuf; both must agree. */
function decode(req: object): DecodeResult {
  const fromJson = decodeOtlpJson(req, { now: NOW });
  const bytes = ExportMetricsServiceRequestType.encode(
    ExportMetricsServiceRequestType.fromObject(req),
  ).finish();
  const fromProto = decodeOtlpProtobuf(bytes, { now: NOW });
  assert.deepEqual(fromProto, fromJson);
  return fromJson;
}

const gauge = (name: string, dataPoints: object[], unit = '') => ({ name, unit, gauge: { dataPoints } });
const sum = (name: string, dataPoints: object[], temporality: number, isMonotonic: boolean) => ({
  name,
  sum: { dataPoints, aggregationTemporality: temporality, isMonotonic },
});

describe('resource attributes', () => {
  test('service.namespace/service.name → job, service.instance.id → instance, host.name → host, rest sanitised', () => {
    const r = decode(
      request(
        [gauge('g', [{ timeUnixNano: T, asDouble: 1 }])],
        [
          s('service.name', 'api'),
          s('service.namespace', 'shop'),
          s('service.instance.id', 'i-9'),
          s('host.name', 'db-1'),
          s('cloud.region', 'eu-west-1'),
          s('k8s.pod.name', 'api-7f'),
        ],
      ),
    );
    assert.deepEqual(r.points, [
      {
        name: 'g',
        labels: {
          job: 'shop/api',
          instance: 'i-9',
          host: 'db-1',
          cloud_region: 'eu-west-1',
          k8s_pod_name: 'api-7f',
        },
        value: 1,
        ts: T_MS,
        type: 'gauge',
      },
    ]);
  });

  test('no namespace → job is the service name; no service.name → no job', () => {
    const a = decode(request([gauge('g', [{ asDouble: 1 }])], [s('service.name', 'api')]));
    assert.deepEqual(a.points[0].labels, { job: 'api' });
    const b = decode(request([gauge('g', [{ asDouble: 1 }])], [s('service.namespace', 'shop')]));
    assert.deepEqual(b.points[0].labels, {});
  });

  test('point attributes beat resource attributes; job/instance/host beat point attributes; empty values go', () => {
    const r = decode(
      request(
        [gauge('g', [{ asDouble: 1, attributes: [s('env', 'point'), s('job', 'fake'), s('zone', '')] }])],
        [s('service.name', 'api'), s('env', 'resource'), s('team', 'core'), s('zone', 'z1')],
      ),
    );
    assert.deepEqual(r.points[0].labels, { job: 'api', env: 'point', team: 'core' });
  });
});

describe('attributes', () => {
  test('keys sanitised; keys colliding after sanitising join values with ; in original-key order', () => {
    // Original keys sort as "a-b" (0x2d) < "a.b" (0x2e) < "a_b" (0x5f).
    const r = decode(
      request([
        gauge('g', [
          {
            asDouble: 1,
            attributes: [s('a_b', 'under'), s('a.b', 'dot'), s('a-b', 'dash'), s('1st', 'x'), s('...', 'y')],
          },
        ]),
      ]),
    );
    assert.deepEqual(r.points[0].labels, { a_b: 'dash;dot;under', _1st: 'x' });
  });

  test('non-string values are stringified: bool, exact int64, double, bytes (base64), array and map as JSON', () => {
    const r = decode(
      request([
        gauge('g', [
          {
            asDouble: 1,
            attributes: [
              { key: 'b', value: { boolValue: true } },
              { key: 'i', value: { intValue: '9007199254740993' } },
              { key: 'neg', value: { intValue: '-42' } },
              { key: 'd', value: { doubleValue: 1e21 } },
              { key: 'half', value: { doubleValue: 0.5 } },
              { key: 'raw', value: { bytesValue: Buffer.from('hi!').toString('base64') } },
              {
                key: 'arr',
                value: {
                  arrayValue: { values: [{ stringValue: 'x' }, { intValue: '2' }, { boolValue: false }] },
                },
              },
              { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } } },
              { key: 'empty', value: {} },
            ],
          },
        ]),
      ]),
    );
    assert.deepEqual(r.points[0].labels, {
      b: 'true',
      i: '9007199254740993',
      neg: '-42',
      d: '1000000000000000000000',
      half: '0.5',
      raw: 'aGkh',
      arr: '["x",2,false]',
      map: '{"k":1.5}',
    });
  });
});

describe('timestamps', () => {
  test('ns → ms rounded down exactly (a double would round 1700000000123999999 up)', () => {
    const r = decode(request([gauge('g', [{ timeUnixNano: '1700000000123999999', asDouble: 1 }])]));
    assert.equal(r.points[0].ts, 1700000000123);
  });

  test('time_unix_nano 0 or absent → now', () => {
    const r = decode(request([gauge('g', [{ timeUnixNano: '0', asDouble: 1 }, { asDouble: 2 }])]));
    assert.deepEqual(
      r.points.map((p) => p.ts),
      [NOW, NOW],
    );
  });
});

describe('gauges and sums', () => {
  test('gauge int and double values; cumulative monotonic sum → _total counter; non-monotonic → gauge', () => {
    const r = decode(
      request([
        gauge('temp', [{ timeUnixNano: T, asInt: '-5' }], 'Cel'),
        sum('requests', [{ timeUnixNano: T, asInt: '9007199254740992' }], 2, true),
        sum('inflight', [{ timeUnixNano: T, asDouble: 3.5 }], 2, false),
      ]),
    );
    assert.deepEqual(r.points, [
      { name: 'temp_celsius', labels: {}, value: -5, ts: T_MS, type: 'gauge' },
      { name: 'requests_total', labels: {}, value: 2 ** 53, ts: T_MS, type: 'counter' },
      { name: 'inflight', labels: {}, value: 3.5, ts: T_MS, type: 'gauge' },
    ]);
    assert.equal(r.rejected, 0);
  });

  test('±Inf values are kept', () => {
    const r = decode(request([gauge('g', [{ asDouble: 'Infinity' }, { asDouble: '-Infinity' }])]));
    assert.deepEqual(
      r.points.map((p) => p.value),
      [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
    );
  });

  test('delta sums (monotonic or not) and unspecified temporality are rejected and counted', () => {
    const r = decode(
      request([
        sum('d1', [{ asDouble: 1 }, { asDouble: 2 }], 1, true),
        sum('d2', [{ asDouble: 1 }], 1, false),
        sum('u', [{ asDouble: 1 }], 0, true),
        sum('ok', [{ asDouble: 7 }], 2, true),
      ]),
    );
    assert.deepEqual(
      r.points.map((p) => [p.name, p.value]),
      [['ok_total', 7]],
    );
    assert.equal(r.rejected, 4);
    assert.match(r.errors[0], /^metric "d1" data points 0-1: delta temporality is not supported/);
    assert.match(r.errors[1], /^metric "d2" data point 0: delta temporality/);
    assert.match(r.errors[2], /^metric "u" data point 0: aggregation temporality 0/);
  });

  test('NaN, NO_RECORDED_VALUE and value-less points are skipped and counted, naming metric and point', () => {
    const r = decode(
      request([
        gauge('g', [
          { asDouble: 1 },
          { asDouble: 'NaN' },
          { asDouble: 5, flags: 1 },
          { timeUnixNano: T },
          { asDouble: 2, flags: 2 },
        ]),
      ]),
    );
    assert.deepEqual(
      r.points.map((p) => p.value),
      [1, 2],
    );
    assert.equal(r.rejected, 3);
    assert.deepEqual(r.errors, [
      'metric "g" data point 1: value is NaN',
      'metric "g" data point 2: flagged NO_RECORDED_VALUE',
      'metric "g" data point 3: neither asDouble nor asInt is set',
    ]);
  });

  test('a metric whose name has no valid character is rejected; one without data adds nothing', () => {
    const r = decode(request([gauge('%%%', [{ asDouble: 1 }, { asDouble: 2 }]), { name: 'nodata' }]));
    assert.deepEqual(r.points, []);
    assert.equal(r.rejected, 2);
    assert.match(r.errors[0], /^metric "%%%" data points 0-1: metric name has no character valid/);
  });

  test('errors are capped at 10 while every rejection is counted', () => {
    const dps = Array.from({ length: 25 }, () => ({ asDouble: 'NaN' }));
    const r = decode(request([gauge('g', dps)]));
    assert.equal(r.rejected, 25);
    assert.equal(r.errors.length, 10);
    assert.equal(r.errors[9], 'metric "g" data point 9: value is NaN');
  });
});

describe('histograms', () => {
  const hist = (dataPoints: object[], temporality = 2) => ({
    name: 'rpc.duration',
    unit: 's',
    histogram: { dataPoints, aggregationTemporality: temporality },
  });

  test('buckets become cumulative _bucket{le} counters, +Inf = count, with _sum and _count', () => {
    const r = decode(
      request([
        hist([
          {
            timeUnixNano: T,
            attributes: [s('method', 'Get')],
            count: '10',
            sum: 4.5,
            bucketCounts: ['1', '2', '3', '4'],
            explicitBounds: [0.005, 0.1, 2.5e6],
          },
        ]),
      ]),
    );
    const b = (le: string, value: number) => ({
      name: 'rpc_duration_seconds_bucket',
      labels: { method: 'Get', le },
      value,
      ts: T_MS,
      type: 'counter',
    });
    assert.deepEqual(r.points, [
      b('0.005', 1),
      b('0.1', 3),
      b('2500000', 6),
      b('+Inf', 10),
      { name: 'rpc_duration_seconds_sum', labels: { method: 'Get' }, value: 4.5, ts: T_MS, type: 'counter' },
      { name: 'rpc_duration_seconds_count', labels: { method: 'Get' }, value: 10, ts: T_MS, type: 'counter' },
    ]);
  });

  test('no buckets → only the +Inf bucket; no sum → no _sum; a +Inf bound is not written twice', () => {
    const r = decode(
      request([
        hist([
          { timeUnixNano: T, count: '4' },
          {
            timeUnixNano: T,
            count: '3',
            sum: 1,
            bucketCounts: ['1', '2', '0'],
            explicitBounds: [1, 'Infinity'],
          },
        ]),
      ]),
    );
    assert.deepEqual(
      r.points.map((p) => `${p.name}${p.labels.le ? `{le=${p.labels.le}}` : ''} ${p.value}`),
      [
        'rpc_duration_seconds_bucket{le=+Inf} 4',
        'rpc_duration_seconds_count 4',
        'rpc_duration_seconds_bucket{le=1} 1',
        'rpc_duration_seconds_bucket{le=+Inf} 3',
        'rpc_duration_seconds_sum 1',
        'rpc_duration_seconds_count 3',
      ],
    );
  });

  test('bucket counts not matching the bounds, unordered bounds, delta and flagged points are rejected', () => {
    const r = decode(
      request([
        hist([
          { count: '3', bucketCounts: ['1', '2'], explicitBounds: [1, 2] },
          { count: '3', bucketCounts: ['1', '1', '1'], explicitBounds: [2, 1] },
          { count: '3', bucketCounts: ['1', '1', '1'], explicitBounds: [1, 'NaN'] },
          { count: '1', flags: 1 },
        ]),
        { ...hist([{ count: '1' }], 1), name: 'delta.h' },
      ]),
    );
    assert.deepEqual(r.points, []);
    assert.equal(r.rejected, 5);
    assert.deepEqual(r.errors, [
      'metric "rpc.duration" data point 0: 2 bucket counts for 2 explicit bounds',
      'metric "rpc.duration" data point 1: explicit bounds are not strictly increasing',
      'metric "rpc.duration" data point 2: explicit bounds are not strictly increasing',
      'metric "rpc.duration" data point 3: flagged NO_RECORDED_VALUE',
      'metric "delta.h" data point 0: delta temporality is not supported (as in Prometheus): export with cumulative temporality',
    ]);
  });

  test('exponential histograms are rejected and counted', () => {
    const r = decode(
      request([
        {
          name: 'latency',
          exponentialHistogram: {
            aggregationTemporality: 2,
            dataPoints: [
              { count: '2', scale: 3, positive: { offset: 1, bucketCounts: ['1', '1'] } },
              { count: '1', zeroCount: '1' },
            ],
          },
        },
      ]),
    );
    assert.deepEqual(r.points, []);
    assert.equal(r.rejected, 2);
    assert.match(r.errors[0], /^metric "latency" data points 0-1: exponential histograms are not supported/);
  });
});

describe('summaries', () => {
  test('quantiles → name{quantile} gauges, _sum and _count counters; a NaN quantile is left out', () => {
    const r = decode(
      request([
        {
          name: 'gc.pause',
          unit: 'ms',
          summary: {
            dataPoints: [
              {
                timeUnixNano: T,
                count: '7',
                sum: 12.5,
                quantileValues: [
                  { quantile: 0.5, value: 1.5 },
                  { quantile: 0.99, value: 'NaN' },
                  { quantile: 1, value: 4 },
                ],
              },
            ],
          },
        },
      ]),
    );
    assert.deepEqual(r.points, [
      { name: 'gc_pause_milliseconds', labels: { quantile: '0.5' }, value: 1.5, ts: T_MS, type: 'gauge' },
      { name: 'gc_pause_milliseconds', labels: { quantile: '1' }, value: 4, ts: T_MS, type: 'gauge' },
      { name: 'gc_pause_milliseconds_sum', labels: {}, value: 12.5, ts: T_MS, type: 'counter' },
      { name: 'gc_pause_milliseconds_count', labels: {}, value: 7, ts: T_MS, type: 'counter' },
    ]);
    assert.equal(r.rejected, 0);
  });
});

describe('bad input', () => {
  const cases: [string, unknown, string][] = [
    ['body not an object', [1, 2], 'body'],
    ['body null', null, 'body'],
    ['resourceMetrics not an array', { resourceMetrics: {} }, 'resourceMetrics'],
    ['a resource that is a string', { resourceMetrics: [{ resource: 'x' }] }, 'resourceMetrics[0].resource'],
    [
      'asInt not an integer',
      request([gauge('g', [{ asInt: '1.5' }])]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asInt',
    ],
    [
      'timeUnixNano negative',
      request([gauge('g', [{ asDouble: 1, timeUnixNano: '-1' }])]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano',
    ],
    [
      'both asDouble and asInt',
      request([gauge('g', [{ asDouble: 1, asInt: '1' }])]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]',
    ],
    [
      'two data kinds in one metric',
      request([{ name: 'x', gauge: { dataPoints: [] }, sum: { dataPoints: [] } }]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0]',
    ],
    [
      'unknown temporality name',
      request([{ name: 'x', sum: { aggregationTemporality: 'SOMETIMES' } }]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.aggregationTemporality',
    ],
    [
      'attribute key not a string',
      request([gauge('g', [{ asDouble: 1, attributes: [{ key: 5, value: { stringValue: 'x' } }] }])]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].attributes[0].key',
    ],
    [
      'bucket count a float',
      request([{ name: 'h', histogram: { dataPoints: [{ bucketCounts: [1.5] }] } }]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts[0]',
    ],
  ];
  for (const [what, body, field] of cases) {
    test(`${what} → OtlpError naming ${field}`, () => {
      assert.throws(
        () => decodeOtlpJson(body, { now: NOW }),
        (err: unknown) => err instanceof OtlpError && err.field === field && err.message.length > 0,
      );
    });
  }

  test('attribute values nested deeper than 32 levels → OtlpError (JSON and protobuf)', () => {
    let v: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) v = { arrayValue: { values: [v] } };
    const req = request([gauge('g', [{ asDouble: 1, attributes: [{ key: 'deep', value: v }] }])]);
    assert.throws(() => decodeOtlpJson(req, { now: NOW }), OtlpError);
    const bytes = ExportMetricsServiceRequestType.encode(
      ExportMetricsServiceRequestType.fromObject(req),
    ).finish();
    assert.throws(() => decodeOtlpProtobuf(bytes, { now: NOW }), OtlpError);
  });

  test('bytes that are not an ExportMetricsServiceRequest → OtlpError on field "body"', () => {
    // Field 1 (resource_metrics) as a length-delimited value claiming 100 bytes, with 2 present.
    assert.throws(
      () => decodeOtlpProtobuf(Uint8Array.from([0x0a, 100, 1, 2]), { now: NOW }),
      (err: unknown) =>
        err instanceof OtlpError && err.field === 'body' && /invalid OTLP protobuf/.test(err.message),
    );
  });

  test('an empty body is an empty request', () => {
    assert.deepEqual(decodeOtlpProtobuf(new Uint8Array(), { now: NOW }), {
      points: [],
      rejected: 0,
      errors: [],
    });
    assert.deepEqual(decodeOtlpJson({}, { now: NOW }), { points: [], rejected: 0, errors: [] });
  });
});

describe('responses', () => {
  test('full success: empty protobuf response and {} in JSON', () => {
    assert.equal(encodeOtlpResponse({ rejected: 0, errors: [] }).length, 0);
    assert.deepEqual(otlpJsonResponse({ rejected: 0, errors: [] }), {});
  });

  test('partial success carries the rejected count and the errors', () => {
    const r = { rejected: 3, errors: ['a', 'b'] };
    const decoded = ExportMetricsServiceResponseType.toObject(
      ExportMetricsServiceResponseType.decode(encodeOtlpResponse(r)),
      { longs: Number },
    );
    assert.deepEqual(decoded, { partialSuccess: { rejectedDataPoints: 3, errorMessage: 'a; b' } });
    assert.deepEqual(otlpJsonResponse(r), {
      partialSuccess: { rejectedDataPoints: '3', errorMessage: 'a; b' },
    });
  });
});
