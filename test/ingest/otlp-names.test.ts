// OpenTelemetry → Prometheus naming (prom-names.ts). Expected names follow the compatibility spec and
// the cases Prometheus' otlptranslator documents (e.g. "http.server.duration" + "s" → ..._seconds).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatPromFloat, promLabelName, promMetricName } from '../../src/ingest/prom-names.js';

describe('promMetricName', () => {
  const cases: [name: string, unit: string, kind: 'counter' | 'gauge' | 'other', expected: string][] = [
    ['http.server.duration', 's', 'other', 'http_server_duration_seconds'],
    ['http.server.duration', 'ms', 'other', 'http_server_duration_milliseconds'],
    ['system.memory.usage', 'By', 'gauge', 'system_memory_usage_bytes'],
    ['requests.count', '1', 'counter', 'requests_count_total'],
    ['http.requests', '{request}', 'counter', 'http_requests_total'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio'],
    // `_ratio` is for gauges only; an up-down counter of unit 1 is a non-monotonic sum.
    ['cpu.utilization', '1', 'other', 'cpu_utilization'],
    ['net.io', 'By/s', 'gauge', 'net_io_bytes_per_second'],
    ['packets', '{packet}/s', 'counter', 'packets_per_second_total'],
    ['disk.ops', '{operation}/{interval}', 'counter', 'disk_ops_total'],
    // Annotations go, the unit they annotate stays; an unbalanced bracket drops the component.
    ['io', 'By{sent}', 'gauge', 'io_bytes'],
    ['io', 'By{sent}/s', 'gauge', 'io_bytes_per_second'],
    ['x', '{unbalanced', 'gauge', 'x'],
    ['x', 'ms}', 'gauge', 'x'],
    ['temp', 'Cel', 'gauge', 'temp_celsius'],
    ['load', '%', 'gauge', 'load_percent'],
    ['data', 'KiBy', 'gauge', 'data_kibibytes'],
    ['weird', 'foo/bar', 'gauge', 'weird_foo_per_bar'],
    ['up', 'h', 'gauge', 'up_hours'],
    // The unit is not repeated when a name token already is it.
    ['latency_seconds', 's', 'other', 'latency_seconds'],
    ['bytes.sent', 'By', 'counter', 'bytes_sent_total'],
    // A `total`/`ratio` token moves to the end.
    ['total.requests', '', 'counter', 'requests_total'],
    ['requests_total', '', 'counter', 'requests_total'],
    ['ratio.cache', '1', 'gauge', 'cache_ratio'],
    // Invalid characters: one `_` per run, colons kept, leading/trailing runs dropped.
    ['my-app..requests__x', '', 'gauge', 'my_app_requests_x'],
    ['a:b/c', '', 'gauge', 'a:b_c'],
    ['.leading', '', 'gauge', 'leading'],
    ['héllo wörld', '', 'gauge', 'h_llo_w_rld'],
    ['2xx.responses', '', 'counter', '_2xx_responses_total'],
    // Units outside the table pass through cleaned.
    ['size', 'km', 'gauge', 'size_km'],
    ['size', ' By ', 'gauge', 'size_bytes'],
    ['', 's', 'gauge', ''],
    ['...', '', 'gauge', ''],
  ];
  for (const [name, unit, kind, expected] of cases) {
    test(`${JSON.stringify(name)} unit ${JSON.stringify(unit)} (${kind}) → ${JSON.stringify(expected)}`, () => {
      assert.equal(promMetricName(name, unit, kind), expected);
    });
  }

  test('a unit named like an Object.prototype member is not looked up there', () => {
    assert.equal(promMetricName('x', 'constructor', 'gauge'), 'x_constructor');
    assert.equal(promMetricName('x', 'a/toString', 'gauge'), 'x_a_per_toString');
  });

  test('any input gives a valid Prometheus metric name or ""', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom('counter', 'gauge', 'other'),
        (name, unit, kind) => {
          const out = promMetricName(name, unit, kind as 'counter' | 'gauge' | 'other');
          assert.ok(out === '' || /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(out), out);
          assert.ok(!out.includes('__'), out);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('promLabelName', () => {
  const cases: [string, string][] = [
    ['http.route', 'http_route'],
    ['service.instance.id', 'service_instance_id'],
    ['k8s.pod.name', 'k8s_pod_name'],
    ['a..b', 'a_b'],
    ['a__b', 'a_b'],
    ['a:b', 'a_b'],
    ['1abc', '_1abc'],
    ['__name__', '_name_'],
    ['_private', '_private'],
    ['trailing.', 'trailing_'],
    ['ümlaut', '_mlaut'],
    ['', ''],
    ['...', ''],
    ['_', ''],
  ];
  for (const [key, expected] of cases) {
    test(`${JSON.stringify(key)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(promLabelName(key), expected);
      // Second call answers from the cache: same result.
      assert.equal(promLabelName(key), expected);
    });
  }

  test('any key gives a valid, non-reserved label name or ""', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const out = promLabelName(key);
        assert.ok(out === '' || /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(out), out);
        assert.ok(!out.startsWith('__'), out);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatPromFloat (Go strconv.FormatFloat(v, "f", -1, 64))', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [10, '10'],
    [0.005, '0.005'],
    [0.25, '0.25'],
    [2.5e6, '2500000'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [1e-7, '0.0000001'],
    [1.25e-7, '0.000000125'],
    [-3.5e-8, '-0.000000035'],
    [123456789.125, '123456789.125'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
  ];
  for (const [v, expected] of cases) {
    test(`${v} → ${expected}`, () => assert.equal(formatPromFloat(v), expected));
  }

  test('the text parses back to the same double and has no exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const s = formatPromFloat(v);
        assert.ok(!/e/i.test(s), s);
        assert.ok(Object.is(Number(s), v), `${v} → ${s}`);
      }),
      { numRuns: 5000 },
    );
  });
});
