// Behaviour of the line protocol parser's API beyond the reference's grammar (which
// influx-conformance.test.ts covers): precision parsing, default labels, partial success, error caps,
// Telegraf's real output, timestamp and name helpers, and the bounded range-keyed caches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLineProtocol, parsePrecision } from '../../src/ingest/influx.js';
import { hashRange, RangeMap } from '../../src/ingest/influx-intern.js';
import { detach, sanitizeLabelName, sanitizeMetricName } from '../../src/ingest/influx-names.js';
import { defaultTimestamp, timestampMs } from '../../src/ingest/influx-time.js';

const NOW = 1_700_000_000_123;

describe('parsePrecision', () => {
  test('takes the v2 names, the v1 names and both micro signs', () => {
    const want: [string | undefined, string][] = [
      [undefined, 'ns'],
      ['', 'ns'],
      ['ns', 'ns'],
      ['n', 'ns'],
      ['us', 'us'],
      ['u', 'us'],
      ['\u00b5', 'us'],
      ['\u03bc', 'us'],
      ['ms', 'ms'],
      ['s', 's'],
      ['m', 'm'],
      ['h', 'h'],
    ];
    for (const [raw, p] of want) assert.equal(parsePrecision(raw), p, String(raw));
  });

  test('refuses anything else, saying what it takes', () => {
    for (const raw of ['x', 'NS', 'sec', 'mus', ' ms', 'toString', '__proto__']) {
      assert.throws(() => parsePrecision(raw), /invalid precision .*expected ns, us, ms or s/, raw);
    }
  });
});

describe('parseLineProtocol', () => {
  test('Telegraf influx output: cpu, mem, system (with its string field) → points', () => {
    const body = [
      'cpu,cpu=cpu-total,host=web-01 usage_user=1.5,usage_system=0.25,usage_idle=98.25 1700000000000000000',
      'mem,host=web-01 available=8123456789i,used_percent=51.2 1700000000000000000',
      'system,host=web-01 load1=0.5,n_cpus=4i,uptime_format="12 days,  3:04" 1700000000000000000',
      'system,host=web-01 uptime_format="12 days,  3:04" 1700000000000000000',
      '',
    ].join('\n');
    const r = parseLineProtocol(body, { now: NOW });
    const cpu = { cpu: 'cpu-total', host: 'web-01' };
    const host = { host: 'web-01' };
    const ts = 1_700_000_000_000;
    assert.deepEqual(r.points, [
      { name: 'cpu_usage_user', labels: cpu, value: 1.5, ts },
      { name: 'cpu_usage_system', labels: cpu, value: 0.25, ts },
      { name: 'cpu_usage_idle', labels: cpu, value: 98.25, ts },
      { name: 'mem_available', labels: host, value: 8123456789, ts },
      { name: 'mem_used_percent', labels: host, value: 51.2, ts },
      { name: 'system_load1', labels: host, value: 0.5, ts },
      { name: 'system_n_cpus', labels: host, value: 4, ts },
    ]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.lines, 4);
    assert.equal(r.skipped, 1);
    assert.equal(r.stringFields, 2);
  });

  test('partial success: bad lines are reported one each, good lines around them still parse', () => {
    const body = 'a v=1\nb,t= v=2\n\n# note\nc v=3\nd v=x,w=\ne v=5 12 extra\nf v=6';
    const r = parseLineProtocol(body, { now: NOW });
    assert.deepEqual(
      r.points.map((p) => p.name),
      ['a_v', 'c_v', 'f_v'],
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [
        [2, 5],
        [6, 5],
        [7, 10],
      ],
    );
    assert.equal(r.lines, 6);
    assert.equal(r.rejected, 3);
  });

  test('maxErrors keeps the first errors and still counts every rejected line', () => {
    const body = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `bad${i}` : `ok v=${i}`)).join('\n');
    const r = parseLineProtocol(body, { now: NOW, maxErrors: 2 });
    assert.deepEqual(
      r.errors.map((e) => e.line),
      [1, 3],
    );
    assert.equal(r.rejected, 5);
    assert.equal(r.points.length, 5);
  });

  test('default labels go on every point; a tag of the same name wins', () => {
    const r = parseLineProtocol('a v=1\nb,host=box,job=x v=2\nc v=3', {
      now: NOW,
      defaultLabels: { host: 'agent', region: 'eu' },
    });
    assert.deepEqual(
      r.points.map((p) => p.labels),
      [
        { host: 'agent', region: 'eu' },
        { host: 'box', region: 'eu', job: 'x' },
        { host: 'agent', region: 'eu' },
      ],
    );
  });

  test('one frozen labels object per tag set and defaults, shared by lines and by requests', () => {
    const r = parseLineProtocol('m,t=1 a=1,b=2\nn,t=1 a=3\nm,t=2 a=4\nm,t=1,u=x a=5', { now: NOW });
    const [a, b, c, d, e] = r.points.map((p) => p.labels);
    assert.equal(a, b);
    assert.equal(b, c, 'another measurement, the same tag set');
    assert.ok(Object.isFrozen(a));
    assert.deepEqual(a, { t: '1' });
    assert.notEqual(c, d);
    assert.deepEqual(d, { t: '2' });
    assert.deepEqual(e, { t: '1', u: 'x' });
    // The next request finds the same objects; other defaults make other ones.
    assert.equal(parseLineProtocol('z,t=2 v=1', { now: NOW }).points[0].labels, d);
    const h = parseLineProtocol('z,t=2 v=1', { now: NOW, defaultLabels: { host: 'h' } }).points[0].labels;
    assert.deepEqual(h, { host: 'h', t: '2' });
    assert.equal(
      parseLineProtocol('y,t=2 w=1', { now: NOW, defaultLabels: { host: 'h' } }).points[0].labels,
      h,
    );
  });

  test('integers beyond 2^53 come back as the nearest double', () => {
    const r = parseLineProtocol('m a=9007199254740993i,b=18446744073709551615u,c=-9007199254740993i', {
      now: NOW,
    });
    // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2: ties go to the even mantissa, 2^53.
    assert.deepEqual(
      r.points.map((p) => p.value),
      [2 ** 53, 2 ** 64, -(2 ** 53)],
    );
  });

  test('a carriage return inside a line is an error, before a newline it is a line end', () => {
    const r = parseLineProtocol('m v=1\rx=2\r\nn v=2\r', { now: NOW });
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column, e.message]),
      [[1, 6, 'expected the end of the line, got a carriage return (U+000D)']],
    );
    assert.deepEqual(
      r.points.map((p) => p.name),
      ['n_v'],
    );
  });

  test('a leading byte order mark is not part of the first name; columns start after it', () => {
    const r = parseLineProtocol('\ufeffcpu v=1\n\ufeffmem v=2\n\ufeffx', { now: NOW });
    assert.deepEqual(
      r.points.map((p) => p.name),
      ['cpu_v', '_mem_v'],
    );
    assert.deepEqual(r.errors[0], {
      line: 3,
      column: 3,
      message: 'missing field set: expected a space and key=value after the measurement',
    });
    assert.equal(parseLineProtocol('\ufeffcpu', { now: NOW }).errors[0].column, 4);
  });

  test('error columns count code points, not UTF-16 units', () => {
    // 🚀 is one code point (two UTF-16 units): the empty tag value after it is at column 10.
    const r = parseLineProtocol('m🚀,t=a,u= v=1', { now: NOW });
    assert.equal(r.errors[0].column, 10);
    const r2 = parseLineProtocol('🚀🚀 v=1 x', { now: NOW });
    assert.equal(r2.errors[0].column, 8);
  });

  test('many distinct field keys (past every cache bound) still get their own names', () => {
    const n = 40_000;
    const body = Array.from({ length: n }, (_, i) => `m${i % 3} f${i}=${i}`).join('\n');
    const r = parseLineProtocol(body, { now: NOW });
    assert.equal(r.points.length, n);
    for (let i = 0; i < n; i += 997) {
      assert.equal(r.points[i].name, `m${i % 3}_f${i}`);
      assert.equal(r.points[i].value, i);
    }
    // And the cached names are right again on the next body.
    assert.equal(parseLineProtocol('m1 f4=1', { now: NOW }).points[0].name, 'm1_f4');
  });

  test('long repeated tag values and names come back equal across bodies', () => {
    const line =
      'a_rather_long_measurement,a_rather_long_tag_key=a rather long tag value a_rather_long_field=1';
    const escaped = line.replace('a rather long tag value', 'a\\ rather\\ long\\ tag\\ value');
    const first = parseLineProtocol(escaped, { now: NOW }).points[0];
    const second = parseLineProtocol(`${escaped}\n${escaped}`, { now: NOW }).points[1];
    for (const p of [first, second]) {
      assert.equal(p.name, 'a_rather_long_measurement_a_rather_long_field');
      assert.deepEqual(p.labels, { a_rather_long_tag_key: 'a rather long tag value' });
    }
  });

  test('the same raw text escaped differently is a different name', () => {
    const r = parseLineProtocol('cpu\\ 1 v=1\ncpu\\,1 v=2\ncpu\\=1 v=3', { now: NOW });
    assert.deepEqual(
      r.points.map((p) => p.name),
      ['cpu_1_v', 'cpu_1_v', 'cpu__1_v'],
    );
  });
});

describe('timestamps', () => {
  const ms = (text: string, precision: Parameters<typeof timestampMs>[4]) => {
    const negative = text.startsWith('-');
    return timestampMs(text, negative ? 1 : 0, text.length, negative, precision);
  };

  test('19-digit ns timestamps convert exactly (no float rounding of the ns count)', () => {
    // As a double 1700000000123999999 is 1700000000124000000: dividing that would give …124.
    assert.equal(ms('1700000000123999999', 'ns'), 1700000000123);
    assert.equal(ms('1700000000123000000', 'ns'), 1700000000123);
    assert.equal(ms('-1700000000123000001', 'ns'), -1700000000124);
    assert.equal(ms('999999', 'ns'), 0);
    assert.equal(ms('0', 'ns'), 0);
    assert.ok(Object.is(ms('-0', 'ns'), 0));
    assert.equal(ms('000000000000000000001000000', 'ns'), 1);
  });

  test('every precision scales to ms and stops at the int64-ns range', () => {
    assert.equal(ms('1700000000123456', 'us'), 1700000000123);
    assert.equal(ms('-1', 'us'), -1);
    assert.equal(ms('1700000000123', 'ms'), 1700000000123);
    assert.equal(ms('1700000000', 's'), 1700000000000);
    assert.equal(ms('28333333', 'm'), 28333333 * 60000);
    assert.equal(ms('-472222', 'h'), -472222 * 3600000);
    for (const [limit, p] of [
      ['9223372036854775806', 'ns'],
      ['9223372036854775', 'us'],
      ['9223372036854', 'ms'],
      ['9223372036', 's'],
      ['153722867', 'm'],
      ['2562047', 'h'],
    ] as const) {
      assert.ok(Number.isFinite(ms(limit, p)), `${limit} ${p}`);
      assert.ok(Number.isFinite(ms(`-${limit}`, p)), `-${limit} ${p}`);
      const next = (BigInt(limit) + 1n).toString();
      assert.ok(Number.isNaN(ms(next, p)), `${next} ${p}`);
      assert.ok(Number.isNaN(ms(`-${next}`, p)), `-${next} ${p}`);
    }
  });

  test('lines without a timestamp get now, truncated to the precision', () => {
    assert.equal(defaultTimestamp(NOW, 'ns'), NOW);
    assert.equal(defaultTimestamp(NOW, 'ms'), NOW);
    assert.equal(defaultTimestamp(NOW, 's'), 1_700_000_000_000);
    assert.equal(defaultTimestamp(NOW, 'm'), 1_699_999_980_000);
    assert.equal(defaultTimestamp(NOW, 'h'), 1_699_999_200_000);
    assert.equal(defaultTimestamp(1.7, 'ns'), 1);
  });
});

describe('names', () => {
  test('metric names keep colons, label names do not; a leading digit gets _', () => {
    assert.equal(sanitizeMetricName('http:requests.total'), 'http:requests_total');
    assert.equal(sanitizeLabelName('http:method'), 'http_method');
    assert.equal(sanitizeMetricName('9lives'), '_9lives');
    assert.equal(sanitizeLabelName('0'), '_0');
    assert.equal(sanitizeMetricName('ok_name'), 'ok_name');
  });

  test('one _ per code point: a surrogate pair is one, a lone surrogate is one', () => {
    assert.equal(sanitizeMetricName('a🚀b'), 'a_b');
    assert.equal(sanitizeMetricName('a\ud83db'), 'a_b');
    assert.equal(sanitizeMetricName('a\ude80\ud83d'), 'a__');
    assert.equal(sanitizeLabelName('é'), '_');
  });

  test('detach gives an equal string', () => {
    const body = `${'x'.repeat(50)}a tag value longer than thirteen${'y'.repeat(50)}`;
    const slice = body.slice(50, 82);
    assert.equal(detach(slice), 'a tag value longer than thirteen');
    assert.equal(detach('short'), 'short');
  });
});

describe('RangeMap', () => {
  test('finds a key by a range of another string', () => {
    const m = new RangeMap<number>(100);
    m.set('host', hashRange('host', 0, 4), 1);
    m.set('hostname', hashRange('hostname', 0, 8), 2);
    const text = 'cpu,host=a,hostname=b';
    assert.equal(m.get(text, 4, 8, hashRange(text, 4, 8)), 1);
    assert.equal(m.get(text, 11, 19, hashRange(text, 11, 19)), 2);
    assert.equal(m.get(text, 0, 3, hashRange(text, 0, 3)), undefined);
  });

  test('keys with the same hash are told apart by their text', () => {
    const m = new RangeMap<string>(100);
    for (const k of ['a', 'b', 'c']) m.set(k, 42, k.toUpperCase());
    assert.equal(m.get('xbx', 1, 2, 42), 'B');
    assert.equal(m.get('c', 0, 1, 42), 'C');
    assert.equal(m.get('d', 0, 1, 42), undefined);
  });

  test('a crowded run of one hash stops storing after 16 probes instead of growing slow', () => {
    const m = new RangeMap<number>(1000);
    for (let i = 0; i < 40; i++) m.set(`k${i}`, 7, i);
    assert.equal(m.get('k0', 0, 2, 7), 0);
    // Only the first 16 keys of one hash find a slot; the rest are left out (lookups of them miss).
    let found = 0;
    for (let i = 0; i < 40; i++) if (m.get(`k${i}`, 0, `k${i}`.length, 7) === i) found++;
    assert.equal(found, 16);
    assert.equal(m.size, 16);
  });

  test('starts over empty when full', () => {
    const m = new RangeMap<number>(4);
    const keys = ['a', 'b', 'c', 'd', 'e'];
    for (const [i, k] of keys.entries()) m.set(k, hashRange(k, 0, 1), i);
    assert.equal(m.size, 1);
    assert.equal(m.get('e', 0, 1, hashRange('e', 0, 1)), 4);
    assert.equal(m.get('a', 0, 1, hashRange('a', 0, 1)), undefined);
  });
});
