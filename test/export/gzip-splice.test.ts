import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { crc32, gzipPrefix, gzipSplice } from '../../src/export/gzip-splice.js';

test('crc32 matches the CRC in gzip trailers and known vectors', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
  const data = Buffer.from('hello, hostpulse');
  const gz = gzipSync(data);
  assert.equal(crc32(data), gz.readUInt32LE(gz.length - 8));
});

test('crc32 continues across chunks', () => {
  fc.assert(
    fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
      assert.equal(crc32(b, crc32(a)), crc32(Buffer.concat([a, b])));
    }),
  );
});

test('a spliced member inflates to prefix + suffix, including empty and unicode parts', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 3000 }),
      fc.string({ unit: 'binary', maxLength: 3000 }),
      (a, b) => {
        const out = gunzipSync(gzipSplice(gzipPrefix(a), b)).toString('utf8');
        assert.equal(out, a + b);
      },
    ),
    { numRuns: 300 },
  );
});

test('one prefix serves many suffixes', () => {
  const prefix = gzipPrefix('node_load1 0.5\n'.repeat(2000));
  for (const s of ['', 'a 1\n', 'process_cpu_seconds_total 3\n'.repeat(50)]) {
    assert.equal(gunzipSync(gzipSplice(prefix, s)).toString(), 'node_load1 0.5\n'.repeat(2000) + s);
  }
});

test('gzip(1) reads the whole spliced member', {
  skip: existsSync('/usr/bin/gzip') ? false : 'SKIP: gzip not installed',
}, () => {
  const body = gzipSplice(gzipPrefix('first part\n'.repeat(500)), 'second part\n');
  const out = execFileSync('gzip', ['-dc'], { input: body }).toString();
  assert.equal(out, `${'first part\n'.repeat(500)}second part\n`);
});
