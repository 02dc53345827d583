import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  fields,
  parseFloat64,
  parseInt10,
  parseIntBase0,
  parseUint,
  scanLines,
} from '../../../../src/collect/linux/longtail/goparse.js';

test('scanLines behaves like bufio.ScanLines', () => {
  assert.deepEqual(scanLines(''), []);
  assert.deepEqual(scanLines('a\nb'), ['a', 'b']);
  assert.deepEqual(scanLines('a\r\nb\n'), ['a', 'b']);
  assert.deepEqual(scanLines('a\n\n'), ['a', '']);
});

test('fields splits on whitespace runs', () => {
  assert.deepEqual(fields('  a \t b\n'), ['a', 'b']);
  assert.deepEqual(fields('   '), []);
});

test('parseIntBase0 follows Go prefixes and underscores', () => {
  assert.equal(parseIntBase0('0x1003'), 4099);
  assert.equal(parseIntBase0('0X_ff'), 255);
  assert.equal(parseIntBase0('010'), 8);
  assert.equal(parseIntBase0('0o17'), 15);
  assert.equal(parseIntBase0('0b101'), 5);
  assert.equal(parseIntBase0('1_000'), 1000);
  assert.equal(parseIntBase0('-1'), -1);
  assert.equal(parseIntBase0('+7'), 7);
  assert.equal(parseIntBase0('0'), 0);
  for (const bad of ['', '1__0', '_1', '1_', '08', '0x', 'abc', '9223372036854775808', ' 1']) {
    assert.equal(parseIntBase0(bad), undefined, bad);
  }
  assert.equal(parseIntBase0('-9223372036854775808'), -(2 ** 63));
});

test('parseIntBase0 agrees with BigInt on decimal and hex int64', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
      assert.equal(parseIntBase0(v.toString()), Number(v));
      const hex = `${v < 0n ? '-' : ''}0x${(v < 0n ? -v : v).toString(16)}`;
      assert.equal(parseIntBase0(hex), Number(v));
    }),
  );
});

test('parseUint and parseInt10 check syntax and range', () => {
  assert.equal(parseUint('18446744073709551615'), 2 ** 64);
  assert.equal(parseUint('18446744073709551616'), undefined);
  assert.equal(parseUint('ffffffff', 16, 32), 0xffffffff);
  assert.equal(parseUint('100000000', 16, 32), undefined);
  assert.equal(parseUint('0x10', 16), undefined);
  assert.equal(parseUint('-1'), undefined);
  assert.equal(parseInt10('-12'), -12);
  assert.equal(parseInt10('1_0'), undefined);
});

test('parseFloat64 follows strconv.ParseFloat for procfs-shaped input', () => {
  assert.equal(parseFloat64('42'), 42);
  assert.equal(parseFloat64('-1.5e3'), -1500);
  assert.equal(parseFloat64('.5'), 0.5);
  assert.equal(parseFloat64('5.'), 5);
  assert.equal(parseFloat64('+Inf'), Number.POSITIVE_INFINITY);
  assert.ok(Object.is(parseFloat64('-0'), -0));
  assert.ok(Number.isNaN(parseFloat64('NaN') ?? 0));
  for (const bad of ['', 'abc', '1_000', '1e999', '0x', '1 2'])
    assert.equal(parseFloat64(bad), undefined, bad);
  fc.assert(
    // String(-0) is "0", so -0 is checked on its own.
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      (d) => {
        assert.equal(parseFloat64(String(d)), d);
      },
    ),
  );
});
