// Fuzz: whatever arrives, decodeOtlpProtobuf / decodeOtlpJson return a well-formed DecodeResult or throw
// an OtlpError, never another exception, never a hang. 20,000 random cases per decoder, plus inputs
// close to valid ones (mutated captured bodies, OTLP-shaped JSON with random leaves).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type DecodeResult, decodeOtlpJson, decodeOtlpProtobuf, OtlpError } from '../../src/ingest/otlp.js';

const RUNS = 20_000;
const NOW = 1_800_000_000_000;
const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);
const binpb = new Uint8Array(readFileSync(new URL('sdk-metrics.binpb', FIXTURES)));
const fixtureJson: unknown = JSON.parse(readFileSync(new URL('sdk-metrics.json', FIXTURES), 'utf8'));

function checkResult(r: DecodeResult): void {
  assert.ok(Number.isInteger(r.rejected) && r.rejected >= 0, `rejected ${r.rejected}`);
  assert.ok(r.errors.length <= 10);
  for (const e of r.errors) assert.equal(typeof e, 'string');
  for (const p of r.points) {
    assert.match(p.name, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    for (const [k, v] of Object.entries(p.labels)) {
      assert.match(k, /^[a-zA-Z_][a-zA-Z0-9_]*$/);
      assert.ok(!k.startsWith('__'), k);
      assert.ok(typeof v === 'string' && v !== '', `${k}=${v}`);
    }
    assert.equal(typeof p.value, 'number');
    assert.ok(!Number.isNaN(p.value));
    assert.ok(Number.isFinite(p.ts), `ts ${p.ts}`);
    assert.ok(p.type === 'counter' || p.type === 'gauge');
  }
}

function outcome(run: () => DecodeResult): void {
  let r: DecodeResult;
  try {
    r = run();
  } catch (err) {
    assert.ok(
      err instanceof OtlpError,
      `not an OtlpError: ${err instanceof Error ? err.stack : String(err)}`,
    );
    assert.equal(typeof err.field, 'string');
    return;
  }
  checkResult(r);
}

/** A byte-level mutation of `base`: overwrite, insert or delete a few bytes, or truncate. */
const mutated = (base: Uint8Array) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom('set', 'insert', 'delete', 'cut'),
        fc.nat(base.length),
        fc.integer({ min: 0, max: 255 }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      let b = Array.from(base);
      for (const [op, at, v] of edits) {
        const i = at % (b.length + 1);
        if (op === 'set' && i < b.length) b[i] = v;
        else if (op === 'insert') b.splice(i, 0, v);
        else if (op === 'delete') b.splice(i, 1);
        else if (op === 'cut') b = b.slice(0, i);
      }
      return Uint8Array.from(b);
    });

describe('decodeOtlpProtobuf fuzz', () => {
  test(`${RUNS} random byte strings`, { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) =>
        outcome(() => decodeOtlpProtobuf(bytes, { now: NOW })),
      ),
      { numRuns: RUNS },
    );
  });

  test('5000 mutations of the captured SDK body', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(mutated(binpb), (bytes) => outcome(() => decodeOtlpProtobuf(bytes, { now: NOW }))),
      { numRuns: 5000 },
    );
  });
});

// OTLP-shaped JSON: the right field names at every level, values sometimes right, sometimes anything.
const junk = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1700000000000000000',
    '-1',
    '1e3',
    '',
    '18446744073709551616',
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const opt = { requiredKeys: [] as never[] };
const { anyValue } = fc.letrec((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small' },
    fc.record({ stringValue: fc.oneof(fc.string(), junk) }, opt),
    fc.record({ intValue: fc.oneof(fc.bigInt().map(String), junk) }, opt),
    fc.record({ doubleValue: junk, boolValue: junk, bytesValue: junk }, opt),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }, opt) }, opt),
    fc.record(
      {
        kvlistValue: fc.record(
          {
            values: fc.array(fc.record({ key: fc.string(), value: tie('anyValue') }, opt), { maxLength: 3 }),
          },
          opt,
        ),
      },
      opt,
    ),
    junk,
  ),
}));
const attrs = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(fc.record({ key: fc.oneof(fc.string(), junk), value: anyValue }, opt), {
      maxLength: 4,
    }),
  },
  junk,
);
const nanos = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String), junk);
const dataPoint = fc.record(
  {
    attributes: attrs,
    timeUnixNano: nanos,
    time_unix_nano: nanos,
    asDouble: junk,
    asInt: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), junk),
    flags: fc.oneof(fc.nat(3), junk),
    count: fc.oneof(fc.nat().map(String), junk),
    sum: junk,
    bucketCounts: fc.oneof(fc.array(fc.oneof(fc.nat(50).map(String), junk), { maxLength: 5 }), junk),
    explicitBounds: fc.oneof(fc.array(fc.oneof(fc.double(), junk), { maxLength: 4 }), junk),
    quantileValues: fc.oneof(
      fc.array(fc.record({ quantile: junk, value: junk }, opt), { maxLength: 3 }),
      junk,
    ),
  },
  opt,
);
const points = fc.record(
  { dataPoints: fc.oneof({ weight: 5, arbitrary: fc.array(dataPoint, { maxLength: 3 }) }, junk) },
  opt,
);
const withTemporality = fc.record(
  {
    dataPoints: fc.oneof({ weight: 5, arbitrary: fc.array(dataPoint, { maxLength: 3 }) }, junk),
    aggregationTemporality: fc.oneof(fc.constantFrom(0, 1, 2, 'AGGREGATION_TEMPORALITY_CUMULATIVE'), junk),
    isMonotonic: fc.oneof(fc.boolean(), junk),
  },
  opt,
);
const metric = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        name: fc.oneof(fc.string(), junk),
        unit: fc.oneof(fc.constantFrom('', '1', 'ms', 'By/s', '{x}'), junk),
        gauge: points,
        sum: withTemporality,
        histogram: withTemporality,
        exponentialHistogram: withTemporality,
        summary: points,
      },
      { requiredKeys: ['name'] },
    ),
  },
  junk,
);
const otlpShaped = fc.record(
  {
    resourceMetrics: fc.oneof(
      {
        weight: 5,
        arbitrary: fc.array(
          fc.record(
            {
              resource: fc.oneof(fc.record({ attributes: attrs }, opt), junk),
              scopeMetrics: fc.oneof(
                fc.array(fc.record({ metrics: fc.oneof(fc.array(metric, { maxLength: 4 }), junk) }, opt), {
                  maxLength: 2,
                }),
                junk,
              ),
            },
            opt,
          ),
          { maxLength: 2 },
        ),
      },
      junk,
    ),
  },
  opt,
);

describe('decodeOtlpJson fuzz', () => {
  test(`${RUNS} random JSON values`, { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => outcome(() => decodeOtlpJson(v, { now: NOW }))),
      { numRuns: RUNS },
    );
  });

  test('10000 OTLP-shaped JSON bodies with random leaves', { timeout: 60_000 }, () => {
    let decoded = 0;
    fc.assert(
      fc.property(otlpShaped, (v) =>
        outcome(() => {
          const r = decodeOtlpJson(v, { now: NOW });
          decoded++;
          return r;
        }),
      ),
      { numRuns: 10_000 },
    );
    // The generator must reach the mapping, not only the shape checks.
    assert.ok(decoded > 1000, `only ${decoded} bodies got past the shape checks`);
  });

  test('the captured SDK JSON with one value replaced anywhere', { timeout: 60_000 }, () => {
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
      } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(fixtureJson, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.slice(1)), junk, (path, value) => {
        const body = structuredClone(fixtureJson) as Record<string | number, unknown>;
        let at: Record<string | number, unknown> = body;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        at[path[path.length - 1]] = value;
        outcome(() => decodeOtlpJson(body, { now: NOW }));
      }),
      { numRuns: 5000 },
    );
  });
});
