import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { closest } from '../../src/config/suggest.js';
import {
  formatDuration,
  maskUrl,
  parseDuration,
  parseInteger,
  parseList,
  parseNumber,
  parseOrigins,
  ValueError,
} from '../../src/config/values.js';

describe('durations', () => {
  it('reads units, combinations and plain seconds', () => {
    const cases: Array<[string, number]> = [
      ['14d', 1209600],
      ['36h', 129600],
      ['90m', 5400],
      ['2y', 63072000],
      ['1w', 604800],
      ['45s', 45],
      ['3600', 3600],
      ['1d12h', 129600],
      ['1h30m', 5400],
      ['1.5h', 5400],
      [' 7D ', 604800],
    ];
    for (const [raw, sec] of cases) assert.equal(parseDuration(raw), sec, raw);
  });

  it('rejects junk, zero and negatives', () => {
    for (const raw of ['', '0', '0d', '-1d', 'd', '14x', '1d 2h', '1dd', 'h1']) {
      assert.throws(() => parseDuration(raw), ValueError, raw);
    }
  });

  it('formats to the largest exact unit', () => {
    assert.equal(formatDuration(1209600), '14d');
    assert.equal(formatDuration(63072000), '2y');
    assert.equal(formatDuration(129600), '36h');
    assert.equal(formatDuration(5400), '90m');
    assert.equal(formatDuration(61), '61s');
  });

  it('reads back whatever it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 31536000 }), (sec) => {
        assert.equal(parseDuration(formatDuration(sec)), sec);
      }),
    );
  });
});

describe('numbers', () => {
  it('reads integers in range, with _ separators', () => {
    assert.equal(parseInteger('100_000', 0), 100000);
    assert.equal(parseInteger('+5', 0), 5);
    assert.throws(() => parseInteger('5', 6, 10), /expected an integer 6-10, got "5"/);
    assert.throws(() => parseInteger('0x10', 0), /got "0x10"/);
    assert.throws(() => parseInteger('99999999999999999999', 0), ValueError);
  });

  it('reads any integer in range back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (n) => {
        assert.equal(parseInteger(String(n), 0, 65535), n);
      }),
    );
  });

  it('reads decimals and rejects what Number() would wave through', () => {
    assert.equal(parseNumber('.5', 0.1, 10), 0.5);
    assert.equal(parseNumber('1e1', 0.1, 10), 10);
    for (const raw of ['', ' ', '0x1', 'Infinity', '1,5', 'NaN']) {
      assert.throws(() => parseNumber(raw, 0, 10), ValueError, raw);
    }
  });
});

describe('lists and origins', () => {
  it('splits, trims, drops blanks and duplicates', () => {
    assert.deepEqual(parseList(' a, b ,,a , c'), ['a', 'b', 'c']);
    assert.deepEqual(parseList(''), []);
  });

  it('normalises origins the way browsers send them', () => {
    assert.deepEqual(parseOrigins('https://a.example/, http://localhost:3000, *'), [
      'https://a.example',
      'http://localhost:3000',
      '*',
    ]);
  });
});

describe('maskUrl', () => {
  it('hides passwords and credential query parameters', () => {
    assert.equal(maskUrl('https://u:pw@h:1/x?db=m&p=pw2&u=bob'), 'https://u:****@h:1/x?db=m&p=****&u=****');
    assert.equal(maskUrl('http://h/api/v2/write?org=o&token=t'), 'http://h/api/v2/write?org=o&token=****');
    assert.equal(maskUrl('http://h:9090/api/v1/write'), 'http://h:9090/api/v1/write');
    assert.equal(maskUrl('ftp//u:pw@h'), 'ftp//u:****@h');
  });
});

describe('closest', () => {
  it('suggests near misses only', () => {
    assert.equal(closest('listen_prot', ['listen_host', 'listen_port']), 'listen_port');
    assert.equal(closest('securty', ['agent', 'security', 'store']), 'security');
    assert.equal(closest('colour', ['raw_retention', 'max_series']), null);
  });
});
