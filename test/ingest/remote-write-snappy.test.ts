// The Snappy block decoder behind remote write: agreement with snappyjs' compressor, hand-assembled
// streams for each element kind, and malformed streams (including one that hangs snappyjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import snappyjs from 'snappyjs';
import { SnappyError, snappyUncompress } from '../../src/ingest/proto/snappy.js';

const MAX = 1 << 20;
const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('snappyUncompress on valid streams', () => {
  test('round-trips whatever snappyjs compresses (random and repetitive data)', () => {
    const repetitive = fc
      .array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 200 })), {
        maxLength: 20,
      })
      .map((runs) =>
        Uint8Array.from(runs.flatMap(([chunk, n]) => Array.from({ length: n }, () => [...chunk]).flat())),
      );
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 5000 }), repetitive), (data) => {
        const compressed = snappyjs.compress(data);
        assert.deepEqual(snappyUncompress(compressed, MAX), data);
      }),
      { numRuns: 500 },
    );
  });

  test('a long run compresses to copies and comes back', () => {
    const data = new Uint8Array(100_000).fill(7);
    const compressed = snappyjs.compress(data);
    assert.ok(compressed.length < 6000, `compressed to ${compressed.length}`);
    assert.deepEqual(snappyUncompress(compressed, MAX), data);
  });

  test('hand-assembled: literal + overlapping 1-byte-offset copy (a run)', () => {
    // preamble 10; literal of 1 ('a'): tag 0b000000_00; copy-1 of 9 at offset 1: tag (9-4)<<2 | 1.
    assert.deepEqual(snappyUncompress(bytes(10, 0x00, 0x61, (5 << 2) | 1, 1), MAX), ascii('aaaaaaaaaa'));
  });

  test('hand-assembled: 2-byte and 4-byte offset copies', () => {
    // "abcd" then copy-2 of 4 at offset 4 ((4-1)<<2 | 2), then copy-4 of 2 at offset 8 ((2-1)<<2 | 3).
    const s = bytes(10, (3 << 2) | 0, 0x61, 0x62, 0x63, 0x64, (3 << 2) | 2, 4, 0, (1 << 2) | 3, 8, 0, 0, 0);
    assert.deepEqual(snappyUncompress(s, MAX), ascii('abcdabcdab'));
  });

  test('hand-assembled: literal with a 1-byte length (tag 60)', () => {
    const lit = ascii('x'.repeat(100));
    assert.deepEqual(snappyUncompress(Uint8Array.from([100, 60 << 2, 99, ...lit]), MAX), lit);
  });

  test('empty input decodes to nothing', () => {
    assert.deepEqual(snappyUncompress(bytes(0), MAX), new Uint8Array());
  });
});

describe('snappyUncompress on malformed streams', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['no preamble', bytes(), /truncated length preamble/],
    ['preamble of 6 bytes', bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), /longer than 5 bytes/],
    ['copy with offset 0', bytes(5, 0x00, 0x61, (0 << 2) | 1, 0), /offset outside/],
    ['copy before any output', bytes(4, (0 << 2) | 1, 1), /offset outside/],
    ['literal past the input', bytes(5, (4 << 2) | 0, 0x61), /past the input/],
    ['literal past the declared length', bytes(1, (1 << 2) | 0, 0x61, 0x62), /past the declared length/],
    ['copy past the declared length', bytes(3, 0x00, 0x61, (5 << 2) | 1, 1), /past the declared length/],
    ['short output', bytes(3, 0x00, 0x61), /decompressed 1 bytes, the preamble says 3/],
    ['truncated copy', bytes(3, 0x00, 0x61, (1 << 2) | 2, 1), /truncated copy/],
    [
      'preamble larger than the input can expand to',
      bytes(0xff, 0x7f, 0x00, 0x61),
      /more than 2 bytes can hold/,
    ],
    // snappyjs loops forever on this: a 4-byte literal length with the top bit set goes negative.
    ['negative literal length', bytes(10, 63 << 2, 0xf0, 0xff, 0xff, 0xff, 1, 2, 3), /past the input/],
  ];
  for (const [what, input, message] of cases) {
    test(what, () => {
      assert.throws(
        () => snappyUncompress(input, MAX),
        (err: unknown) => err instanceof SnappyError && message.test(err.message),
      );
    });
  }

  test('a preamble over maxLength is refused before allocating', () => {
    const compressed = snappyjs.compress(new Uint8Array(5000));
    assert.throws(() => snappyUncompress(compressed, 4999), /over the limit of 4999/);
    assert.equal(snappyUncompress(compressed, 5000).length, 5000);
  });

  test('random bytes: a result or a SnappyError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        try {
          snappyUncompress(input, MAX);
        } catch (err) {
          assert.ok(err instanceof SnappyError, String(err));
        }
      }),
      { numRuns: 5000 },
    );
  });
});
