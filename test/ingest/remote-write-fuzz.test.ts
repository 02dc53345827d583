// Fuzz: whatever arrives, decodeRemoteWrite returns a well-formed DecodeResult or throws a
// RemoteWriteError, never another exception, never a hang. 20,000 random byte strings, 20,000 valid
// snappy streams of random bytes (so the protobuf decoder sees them), mutations of a real Prometheus
// body, and random WriteRequests whose accounting is checked exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import snappyjs from 'snappyjs';
import type { DecodeResult } from '../../src/ingest/otlp.js';
import { WriteRequestType } from '../../src/ingest/proto/codecs.js';
import { decodeRemoteWrite, RemoteWriteError } from '../../src/ingest/remote-write.js';

const RUNS = 20_000;
const captured = new Uint8Array(
  readFileSync(new URL('../fixtures/ingest/prometheus-remote-write.bin', import.meta.url)),
);
const capturedRaw = snappyjs.uncompress(captured);

function checkResult(r: DecodeResult): void {
  assert.ok(Number.isInteger(r.rejected) && r.rejected >= 0);
  assert.ok(r.errors.length <= 10);
  for (const p of r.points) {
    assert.match(p.name, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    for (const [k, v] of Object.entries(p.labels)) {
      assert.match(k, /^[a-zA-Z_][a-zA-Z0-9_]*$/);
      assert.ok(!k.startsWith('__'), k);
      assert.ok(typeof v === 'string' && v !== '');
    }
    assert.equal(typeof p.value, 'number');
    assert.ok(Number.isSafeInteger(p.ts) || Number.isFinite(p.ts), `ts ${p.ts}`);
  }
}

function outcome(body: Uint8Array): DecodeResult | null {
  try {
    const r = decodeRemoteWrite(body);
    checkResult(r);
    return r;
  } catch (err) {
    assert.ok(
      err instanceof RemoteWriteError,
      `not a RemoteWriteError: ${err instanceof Error ? err.stack : String(err)}`,
    );
    return null;
  }
}

/** `base` with a few bytes overwritten, inserted or deleted. */
const mutated = (base: Uint8Array) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom('set', 'insert', 'delete'),
        fc.nat(base.length),
        fc.integer({ min: 0, max: 255 }),
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    )
    .map((edits) => {
      let b = base;
      for (const [op, at, v] of edits) {
        const i = at % (b.length + 1);
        if (op === 'set' && i < b.length) {
          b = b.slice();
          b[i] = v;
        } else if (op === 'insert') {
          const c = new Uint8Array(b.length + 1);
          c.set(b.subarray(0, i));
          c[i] = v;
          c.set(b.subarray(i), i + 1);
          b = c;
        } else if (i < b.length) {
          const c = new Uint8Array(b.length - 1);
          c.set(b.subarray(0, i));
          c.set(b.subarray(i + 1), i);
          b = c;
        }
      }
      return b;
    });

describe('decodeRemoteWrite fuzz', () => {
  test(`${RUNS} random byte strings`, { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        outcome(b);
      }),
      { numRuns: RUNS },
    );
  });

  test(`${RUNS} valid snappy streams of random bytes`, { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => {
        outcome(snappyjs.compress(raw));
      }),
      { numRuns: RUNS },
    );
  });

  test('1500 mutations of a real Prometheus body, compressed and raw', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(mutated(captured), (b) => {
        outcome(b);
      }),
      { numRuns: 700 },
    );
    fc.assert(
      fc.property(mutated(capturedRaw), (raw) => {
        outcome(snappyjs.compress(raw));
      }),
      { numRuns: 800 },
    );
  });

  test('random WriteRequests: every sample is a point or counted as rejected', { timeout: 60_000 }, () => {
    const labelName = fc.oneof(
      fc.constantFrom('__name__', 'job', 'instance', 'le', 'a-b', '__x', '1a', ''),
      fc.string(),
    );
    const series = fc.record({
      labels: fc.array(
        fc.record({ name: labelName, value: fc.oneof(fc.constantFrom('up', 'x_total', ''), fc.string()) }),
        {
          maxLength: 4,
        },
      ),
      samples: fc.array(fc.record({ value: fc.double(), timestamp: fc.integer({ min: -1e15, max: 1e15 }) }), {
        maxLength: 3,
      }),
      histograms: fc.array(fc.record({ countInt: fc.nat(), sum: fc.double(), timestamp: fc.nat() }), {
        maxLength: 2,
      }),
    });
    fc.assert(
      fc.property(fc.array(series, { maxLength: 5 }), (timeseries) => {
        const body = snappyjs.compress(
          WriteRequestType.encode(WriteRequestType.fromObject({ timeseries })).finish(),
        );
        const r = outcome(body);
        assert.ok(r, 'a valid WriteRequest was refused');
        // The rules, restated: a series is stored when it has a valid __name__ and valid, unique,
        // non-reserved label names; its samples become points in order, its histograms are rejected.
        const expected: { name: string; value: number; ts: number }[] = [];
        let rejected = 0;
        for (const s of timeseries) {
          const names = s.labels.map((l) => l.name);
          const name = s.labels.find((l) => l.name === '__name__')?.value ?? '';
          const ok =
            new Set(names).size === names.length &&
            /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name) &&
            names.every(
              (n) => n === '__name__' || (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n) && !n.startsWith('__')),
            );
          if (!ok) {
            rejected += s.samples.length + s.histograms.length;
            continue;
          }
          rejected += s.histograms.length;
          for (const x of s.samples) expected.push({ name, value: x.value, ts: x.timestamp });
        }
        assert.equal(r.rejected, rejected);
        assert.deepEqual(
          r.points.map((p) => ({ name: p.name, value: p.value, ts: p.ts })),
          expected,
        );
      }),
      { numRuns: 3000 },
    );
  });
});
