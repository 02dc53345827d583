import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MatcherError, parseSelector } from '../../../src/store/tsdb/matcher.js';

const cpu = { cpu: '0', mode: 'idle', host: 'a' };

test('a bare name selects by name only', () => {
  const s = parseSelector('node_cpu_seconds_total');
  assert.equal(s.name, 'node_cpu_seconds_total');
  assert.equal(s.matches('node_cpu_seconds_total', cpu), true);
  assert.equal(s.matches('node_load1', {}), false);
});

test('the four operators, whitespace, trailing comma and all quote styles', () => {
  const s = parseSelector(
    ` node_cpu_seconds_total { cpu = "0", mode!='user' , host=~\`a|b\`, dev!~"sd.*", } `,
  );
  assert.deepEqual(
    s.matchers.map((m) => [m.label, m.op, m.value]),
    [
      ['__name__', '=', 'node_cpu_seconds_total'],
      ['cpu', '=', '0'],
      ['mode', '!=', 'user'],
      ['host', '=~', 'a|b'],
      ['dev', '!~', 'sd.*'],
    ],
  );
  assert.equal(s.matches('node_cpu_seconds_total', cpu), true);
  assert.equal(s.matches('node_cpu_seconds_total', { ...cpu, mode: 'user' }), false);
  assert.equal(s.matches('node_cpu_seconds_total', { ...cpu, host: 'c' }), false);
  // dev is absent, so it is "" which does not match sd.*: !~ holds.
  assert.equal(s.matches('node_cpu_seconds_total', { ...cpu, dev: 'sda' }), false);
});

test('regexes are anchored at both ends, as in PromQL', () => {
  const s = parseSelector('{__name__=~"node_load.*", host=~"a"}');
  assert.equal(s.name, null);
  assert.equal(s.matches('node_load1', { host: 'a' }), true);
  assert.equal(s.matches('node_load1', { host: 'ab' }), false);
  assert.equal(s.matches('x_node_load1', { host: 'a' }), false);
});

test('{__name__="x"} pins the name like a bare name does', () => {
  const s = parseSelector('{__name__="node_load1"}');
  assert.equal(s.name, 'node_load1');
  assert.equal(s.matches('node_load1', {}), true);
});

test('an absent label equals the empty string', () => {
  assert.equal(parseSelector('m{x=""}').matches('m', {}), true);
  assert.equal(parseSelector('m{x!=""}').matches('m', {}), false);
  assert.equal(parseSelector('m{x!=""}').matches('m', { x: '1' }), true);
});

test('escapes in double and single quotes; backticks are raw', () => {
  const s = parseSelector('m{a="q\\"b\\\\n\\n\\u00e9\\x41", b=\'it\\\'s\', c=~`\\d+`}');
  assert.deepEqual(
    s.matchers.slice(1).map((m) => m.value),
    ['q"b\\n\néA', "it's", '\\d+'],
  );
  assert.equal(s.matches('m', { a: 'q"b\\n\néA', b: "it's", c: '42' }), true);
});

function errorAt(text: string): { column: number; message: string } {
  try {
    parseSelector(text);
  } catch (e) {
    assert.ok(e instanceof MatcherError, `expected MatcherError, got ${e}`);
    return { column: e.offset + 1, message: e.message };
  }
  assert.fail(`${text} parsed`);
}

test('errors name what was expected and the 1-based column', () => {
  // m{a="1" b="2"}: the space after "1" is skipped, b is at column 9.
  let e = errorAt('m{a="1" b="2"}');
  assert.equal(e.column, 9);
  assert.match(e.message, /expected ',' or '}', found 'b' at column 9/);

  e = errorAt('m{a=="1"}');
  assert.equal(e.column, 5);
  assert.match(e.message, /expected a quoted string, found '='/);

  e = errorAt('m{a~"1"}');
  assert.equal(e.column, 4);
  assert.match(e.message, /expected one of '=', '!=', '=~', '!~', found '~'/);

  e = errorAt('m{a="1"');
  assert.equal(e.column, 8);
  assert.match(e.message, /expected ',' or '}', found end of input/);

  e = errorAt('m{a="1",');
  assert.equal(e.column, 9);
  assert.match(e.message, /unterminated '\{'/);

  e = errorAt('m{a="1}');
  assert.equal(e.column, 5);
  assert.match(e.message, /unterminated string/);

  e = errorAt('m{1a="x"}');
  assert.equal(e.column, 3);
  assert.match(e.message, /expected a label name, found '1'/);

  e = errorAt('m{a=~"("}');
  assert.equal(e.column, 6);
  assert.match(e.message, /invalid regular expression/);

  e = errorAt('m{a="\\q"}');
  assert.equal(e.column, 6);
  assert.match(e.message, /unknown escape '\\q'/);

  e = errorAt('m} ');
  assert.equal(e.column, 2);
  assert.match(e.message, /unexpected '}'/);

  e = errorAt('m{__name__="n"}');
  assert.equal(e.column, 3);
  assert.match(e.message, /metric name given twice/);
});

test('a selector that matches everything is refused', () => {
  assert.match(errorAt('{}').message, /empty selector/);
  assert.match(errorAt('   ').message, /empty selector/);
  assert.match(errorAt('{a=""}').message, /does not match the empty string/);
  assert.match(errorAt('{a=~".*"}').message, /does not match the empty string/);
});

test('any label value written with JSON escaping parses back to itself', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (v) => {
      // JSON string escapes (\", \\, \n, \t, \r, \uXXXX) are a subset of the selector's.
      const s = parseSelector(`m{l=${JSON.stringify(v)}}`);
      assert.equal(s.matchers[1].value, v);
      assert.equal(s.matches('m', { l: v }), true);
    }),
  );
});
