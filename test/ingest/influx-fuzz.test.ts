// Property tests of the line protocol parser (fast-check, 35,500 cases: 6,000 + 15,000 + 6,000 + 8,500):
//  (a) round trip: random points (names, tags and fields full of characters that need escaping, every
//      field type, every precision, optional timestamps, comments, blank lines, CRLF, extra spaces)
//      written by a writer that follows the reference's escaping rules, parsed back, compared with
//      the points an independent oracle expects;
//  (b) any text (random code points, random bytes, token soup) parses without throwing, and every
//      error, point and count is well formed;
//  (c) without string fields a body parses exactly as its lines parsed one by one (error recovery
//      neither loses nor invents anything);
//  (d) numeric values agree with Number()/BigInt on every text the grammar allows;
//  plus adversarial bodies that must stay linear.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type InfluxParseResult, type Precision, parseLineProtocol } from '../../src/ingest/influx.js';
import { parseFloatValue, parseIntegerValue } from '../../src/ingest/influx-number.js';

const NOW = 1_700_000_000_123;
const PRECISIONS: Precision[] = ['ns', 'us', 'ms', 's', 'm', 'h'];
const NS_PER_UNIT: Record<Precision, bigint> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = 9223372036854775806n;

// ---- The oracle: written from the brief's naming rules, independently of src/ingest/influx-names.ts.

function promName(s: string, allowColon: boolean): string {
  let out = '';
  for (const ch of s) {
    const ok = /[a-zA-Z0-9_]/.test(ch) || (allowColon && ch === ':');
    out += ok && ch.length === 1 ? ch : '_';
  }
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

function metricName(measurement: string, field: string): string {
  return promName(field === 'value' ? measurement : `${measurement}_${field}`, true);
}

function floorDiv(a: bigint, b: bigint): bigint {
  return a >= 0n ? a / b : -((-a + b - 1n) / b);
}

function expectedTs(ts: bigint | null, precision: Precision): number {
  if (ts === null) {
    const unitMs = Number(NS_PER_UNIT[precision] / 1_000_000n) || 1;
    return Math.floor(NOW / unitMs) * unitMs;
  }
  return Number(floorDiv(ts * NS_PER_UNIT[precision], 1_000_000n));
}

// ---- The writer: the escaping rules of the line protocol reference.

const escMeasurement = (s: string) => s.replace(/[, ]/g, '\\$&');
const escKey = (s: string) => s.replace(/[,= ]/g, '\\$&');
const escString = (s: string) => s.replace(/["\\]/g, '\\$&');

// ---- Generators.

const hasControl = (s: string) => Array.from(s).some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f');
// Any code point, lone surrogates included. (fc.string's 'binary' unit builds a reverse map of all of
// Unicode each time a string arbitrary is made from it: seconds of set-up.)
const anyChar = fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));
const nameUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefxyzABCXYZ0123456789_') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ',',
      '=',
      ' ',
      '\\',
      '"',
      "'",
      '#',
      '.',
      '-',
      ':',
      '/',
      'é',
      'ß',
      '🚀',
      '⛅\uFE0F',
      '\u00b5',
    ),
  },
  { weight: 1, arbitrary: anyChar },
);
/** A name, key or tag value that line protocol can carry: no control characters, no trailing `\`. */
const nameText = fc
  .string({ unit: nameUnit, minLength: 1, maxLength: 12 })
  .filter((s) => !hasControl(s) && !s.endsWith('\\'));
const measurementText = nameText.filter((s) => !s.startsWith('#'));

type FieldValue = { kind: 'number'; text: string; value: number } | { kind: 'string'; text: string };

const BOOLS: [string, number][] = [
  ['t', 1],
  ['T', 1],
  ['true', 1],
  ['True', 1],
  ['TRUE', 1],
  ['f', 0],
  ['F', 0],
  ['false', 0],
  ['False', 0],
  ['FALSE', 0],
];

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean())
    // String(-0) is "0": the text carries no sign, so neither does the value.
    .map(
      ([v, exp]): FieldValue => ({
        kind: 'number',
        text: exp ? v.toExponential() : String(v),
        value: v || 0,
      }),
    ),
  fc
    .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
    .map((b): FieldValue => ({ kind: 'number', text: `${b}i`, value: Number(b) })),
  fc
    .bigInt({ min: 0n, max: 2n ** 64n - 1n })
    .map((b): FieldValue => ({ kind: 'number', text: `${b}u`, value: Number(b) })),
  fc.constantFrom(...BOOLS).map(([text, value]): FieldValue => ({ kind: 'number', text, value })),
  fc
    .string({
      unit: fc.oneof(fc.constantFrom('"', '\\', '\n', ' ', ',', '='), anyChar),
    })
    .map((s): FieldValue => ({ kind: 'string', text: `"${escString(s)}"` })),
);

interface Line {
  measurement: string;
  tags: [string, string][];
  fields: [string, FieldValue][];
  ts: bigint | null;
  padTs: boolean;
  spaces: [number, number, number, number];
  crlf: boolean;
  before: string[];
}

function timestampIn(precision: Precision): fc.Arbitrary<bigint | null> {
  const max = MAX_NS / NS_PER_UNIT[precision];
  return fc.option(fc.bigInt({ min: -max, max }), { freq: 4 });
}

function lineArb(precision: Precision): fc.Arbitrary<Line> {
  return fc
    .record({
      measurement: measurementText,
      tags: fc.array(fc.tuple(nameText, nameText), { maxLength: 4 }),
      fields: fc.array(fc.tuple(fc.oneof(nameText, fc.constant('value')), fieldValue), {
        minLength: 1,
        maxLength: 5,
      }),
      ts: timestampIn(precision),
      padTs: fc.boolean(),
      spaces: fc.tuple(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
      ),
      crlf: fc.boolean(),
      before: fc.array(
        fc.oneof(
          fc.constant(''),
          fc.constant('   '),
          fc.string({ unit: anyChar, maxLength: 20 }).map((s) => `# ${s.replace(/[\r\n]/g, ' ')}`),
        ),
        { maxLength: 2 },
      ),
    })
    .filter(
      (l) =>
        !l.tags.some(([k]) => promName(k, false).startsWith('__')) &&
        new Set(l.tags.map(([k]) => promName(k, false))).size === l.tags.length &&
        new Set(l.fields.map(([k]) => metricName(l.measurement, k))).size === l.fields.length,
    );
}

function write(l: Line): string {
  let s = l.before.map((b) => `${b}${l.crlf ? '\r\n' : '\n'}`).join('');
  s += ' '.repeat(l.spaces[0]) + escMeasurement(l.measurement);
  for (const [k, v] of l.tags) s += `,${escKey(k)}=${escKey(v)}`;
  s += ' '.repeat(l.spaces[1]);
  s += l.fields.map(([k, v]) => `${escKey(k)}=${v.text}`).join(',');
  if (l.ts !== null) s += ' '.repeat(l.spaces[2]) + (l.padTs && l.ts >= 0n ? `00${l.ts}` : `${l.ts}`);
  return s + ' '.repeat(l.spaces[3]);
}

const defaultsArb = fc.option(
  fc.dictionary(fc.constantFrom('host', 'job', 'cpu', 'region'), fc.string({ minLength: 1, maxLength: 5 }), {
    maxKeys: 2,
  }),
  { nil: undefined },
);

// Built once per precision: fast-check caches per arbitrary what makes it fast, so no chain() rebuilding.
const bodyByPrecision = PRECISIONS.map((precision) =>
  fc.record({
    precision: fc.constant(precision),
    lines: fc.array(lineArb(precision), { minLength: 1, maxLength: 6 }),
    defaults: defaultsArb,
    finalNewline: fc.boolean(),
  }),
);
const body = fc.oneof(...bodyByPrecision);

// ---- Checks shared by the properties.

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function assertWellFormed(text: string, r: InfluxParseResult): void {
  const physical = text.split('\n');
  assert.equal(r.rejected, r.errors.length);
  assert.ok(r.lines >= r.rejected + r.skipped);
  for (const e of r.errors) {
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= physical.length, `line ${e.line}`);
    const width = Array.from(physical[e.line - 1]).length;
    assert.ok(
      Number.isInteger(e.column) && e.column >= 1 && e.column <= width + 1,
      `column ${e.column} of ${width}`,
    );
    assert.ok(e.message.length > 0);
  }
  for (const p of r.points) {
    assert.match(p.name, METRIC);
    assert.ok(Number.isFinite(p.value));
    assert.ok(Number.isInteger(p.ts) && Math.abs(p.ts) <= 9223372036855);
    for (const k of Object.keys(p.labels)) {
      assert.match(k, LABEL);
      assert.ok(!k.startsWith('__'));
    }
  }
}

describe('line protocol parser properties', () => {
  test('(a) round trip: what the writer writes parses back to the expected points', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(body, ({ precision, lines, defaults, finalNewline }) => {
        const text = lines
          .map((l, i) => write(l) + (i < lines.length - 1 || finalNewline ? (l.crlf ? '\r\n' : '\n') : ''))
          .join('');
        const r = parseLineProtocol(text, { now: NOW, precision, defaultLabels: defaults });
        const want: { name: string; labels: Record<string, string>; value: number; ts: number }[] = [];
        let skipped = 0;
        let strings = 0;
        for (const l of lines) {
          const labels: Record<string, string> = { ...defaults };
          for (const [k, v] of l.tags) labels[promName(k, false)] = v;
          const ts = expectedTs(l.ts, precision);
          let numeric = 0;
          for (const [k, v] of l.fields) {
            if (v.kind === 'string') strings++;
            else {
              numeric++;
              want.push({ name: metricName(l.measurement, k), labels, value: v.value, ts });
            }
          }
          if (numeric === 0) skipped++;
        }
        assert.deepEqual(r.errors, [], text);
        assert.deepEqual(r.points, want);
        assert.equal(r.lines, lines.length);
        assert.equal(r.skipped, skipped);
        assert.equal(r.stringFields, strings);
      }),
      { numRuns: 6000 },
    );
  });

  const soup = fc
    .array(
      fc.constantFrom(
        'cpu',
        'm',
        ',',
        '=',
        ' ',
        '  ',
        '\\',
        '"',
        '\n',
        '\r\n',
        '\r',
        '#',
        'host',
        'value',
        '1',
        '-',
        '.',
        'e',
        '5i',
        '7u',
        't',
        'true',
        'FALSE',
        '1465839830100400200',
        '9223372036854775808',
        '__name__',
        '\t',
        'é',
        '🚀',
        '\ud83d',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));

  const anyText = fc.oneof(
    fc.string({ unit: anyChar, maxLength: 200 }),
    fc.string({ unit: 'binary-ascii', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
    soup,
    soup,
  );

  test('(b) any text: no throw, well-formed errors, points and counts', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...PRECISIONS), (text, precision) => {
        assertWellFormed(text, parseLineProtocol(text, { now: NOW, precision }));
      }),
      { numRuns: 15_000 },
    );
  });

  test('(c) without string fields a body parses as its lines one by one', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        soup.filter((s) => !s.includes('"')),
        (text) => {
          const whole = parseLineProtocol(text, { now: NOW });
          const points = [];
          const errors = [];
          let lines = 0;
          for (const [i, line] of text.split('\n').entries()) {
            const r = parseLineProtocol(line, { now: NOW });
            points.push(...r.points);
            errors.push(...r.errors.map((e) => ({ ...e, line: e.line + i })));
            lines += r.lines;
          }
          assert.deepEqual(whole.points, points);
          assert.deepEqual(whole.errors, errors);
          assert.equal(whole.lines, lines);
        },
      ),
      { numRuns: 6000 },
    );
  });

  const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
  const floatText = fc
    .record({
      neg: fc.boolean(),
      int: digits(22),
      dot: fc.boolean(),
      frac: digits(22),
      exp: fc.option(
        fc.tuple(
          fc.constantFrom('e', 'E'),
          fc.constantFrom('', '+', '-'),
          digits(4).filter((d) => d !== ''),
        ),
      ),
    })
    .map(({ neg, int, dot, frac, exp }) => {
      let s = (neg ? '-' : '') + int;
      if (dot) s += `.${frac}`;
      if (exp) s += exp.join('');
      return s;
    });

  test('(d) numbers agree with Number() and BigInt on every grammatical text', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(floatText, (s) => {
        const v = parseFloatValue(s, 0, s.length);
        // The grammar needs a digit before the exponent or the end; Number() takes the same texts then.
        const grammatical = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s);
        if (!grammatical) assert.ok(Number.isNaN(v), s);
        else assert.ok(Object.is(v, Number(s)), `${s}: ${v} vs ${Number(s)}`);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        const s = String(d);
        const v = parseFloatValue(s, 0, s.length);
        assert.ok(Number.isFinite(d) ? Object.is(v, d) || (d === 0 && v === 0) : Number.isNaN(v), s);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 66n), max: 2n ** 66n }), fc.boolean(), (b, unsigned) => {
        const s = b.toString();
        const v = parseIntegerValue(s, 0, s.length, unsigned);
        const lo = unsigned ? 0n : -(2n ** 63n);
        const hi = unsigned ? 2n ** 64n - 1n : 2n ** 63n - 1n;
        if (unsigned && b < 0n) assert.ok(Number.isNaN(v));
        else if (b < lo || b > hi) assert.equal(v, b < 0n ? -Infinity : Infinity);
        else assert.equal(v, Number(b));
      }),
      { numRuns: 1500 },
    );
  });

  test('adversarial bodies stay linear', { timeout: 60_000 }, () => {
    const n = 200_000;
    const bodies = [
      '\\'.repeat(n),
      `m,${'a=b,'.repeat(n / 4)}x=y v=1`,
      `m ${Array.from({ length: n / 8 }, (_, i) => `f${i}=1`).join(',')}`,
      '"'.repeat(n),
      `m s="${'\\"'.repeat(n / 2)}`,
      'm v=1 '.repeat(n / 6),
      `${'m s="\n'.repeat(n / 6)}`,
      ','.repeat(n),
      '#'.repeat(n),
      `m,${Array.from({ length: n / 8 }, (_, i) => `t${i}=v`).join(',')} v=1`,
    ];
    for (const b of bodies) {
      const t0 = performance.now();
      const r = parseLineProtocol(b, { now: NOW });
      const ms = performance.now() - t0;
      assertWellFormed(b, r);
      // Linear work on 200k characters is a few ms; quadratic would be minutes.
      assert.ok(ms < 5000, `${JSON.stringify(b.slice(0, 20))}…: ${ms.toFixed(0)} ms`);
    }
  });
});
