import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { CHUNK_VERSION, ChunkFormatError, encodeChunk } from '../../../src/store/tsdb/codec.js';
import {
  applyScale,
  chooseScale,
  decodeTimestamps,
  decodeValues,
  encodeTimestamps,
  encodeValues,
  packColumns,
  unpackColumns,
} from '../../../src/store/tsdb/columns.js';
import { encodeInts, INT_CHUNK_VERSION } from '../../../src/store/tsdb/intcodec.js';
import { decodeSteps } from '../../../src/store/tsdb/rollup.js';
import { T0, testStore } from './helpers.js';

const bits = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];

function assertSameBits(back: ArrayLike<number>, values: ArrayLike<number>): void {
  assert.equal(back.length, values.length);
  for (let i = 0; i < values.length; i++)
    assert.equal(bits(back[i]), bits(values[i]), `value ${i}: ${values[i]}`);
}

/** What encodeValues wrote before the integer codec: Gorilla XOR of the scaled values. */
function gorillaColumn(values: ArrayLike<number>): { scale: number; data: Uint8Array } {
  const scale = chooseScale(values);
  const x = scale === 0 ? Array.from(values) : Array.from(applyScale(values, scale));
  return {
    scale,
    data: encodeChunk(
      x.map((_, i) => i),
      x,
    ),
  };
}

/** What encodeTimestamps wrote before: a Gorilla chunk with all-zero values. */
function gorillaTimestamps(ts: ArrayLike<number>): Uint8Array {
  return encodeChunk(ts, new Float64Array(ts.length));
}

/** Column container version 1 as packColumns wrote it: timestamps, then per column scale, length, XOR. */
function oldContainer(ts: readonly number[], cols: readonly ArrayLike<number>[]): Uint8Array {
  const parts = [{ scale: 0, data: gorillaTimestamps(ts) }, ...cols.map((c) => gorillaColumn(c))];
  const bytes: number[] = [1, parts.length];
  for (const p of parts) {
    bytes.push(p.scale);
    let len = p.data.length;
    while (len >= 128) {
      bytes.push((len % 128) | 0x80);
      len = Math.floor(len / 128);
    }
    bytes.push(len, ...p.data);
  }
  return Uint8Array.from(bytes);
}

/** A USER_HZ counter in seconds: increments of 0.80–1.00 s a tick, as an idle CPU's idle time. */
function centisecondCounter(n: number, seed: number): number[] {
  const out: number[] = [];
  let cs = 123_456_789 + seed;
  for (let i = 0; i < n; i++) {
    cs += 80 + ((i * 7919 + seed) % 21);
    out.push(cs / 100);
  }
  return out;
}

test('a centisecond counter takes the integer codec at under half the XOR size', () => {
  const values = centisecondCounter(7200, 1);
  const enc = encodeValues(values);
  assert.equal(enc.scale, 2);
  assert.equal(enc.data[0], INT_CHUNK_VERSION);
  const xor = gorillaColumn(values).data;
  assert.ok(enc.data.length * 2 < xor.length, `${enc.data.length} vs ${xor.length} bytes`);
  assertSameBits(decodeValues(enc.data, enc.scale), values);
});

test('columns the integer codec cannot hold, or holds worse, stay XOR', () => {
  const cases: number[][] = [
    [Math.PI, Math.E, 1.5], // no decimal scale
    [1, -0, 2], // −0 is not an integer the differences could bring back
    [2 ** 50, 2 ** 50 + 1], // beyond ±2^49
    [Number.NaN, 1, Number.POSITIVE_INFINITY],
    new Array(5000).fill(42.5), // constant: XOR's run code is a few bytes, as is the integer one
  ];
  for (const values of cases.slice(0, 4)) {
    const enc = encodeValues(values);
    assert.equal(enc.data[0], CHUNK_VERSION, String(values));
    assertSameBits(decodeValues(enc.data, enc.scale), values);
  }
  const constant = encodeValues(cases[4]);
  assert.ok(constant.data.length <= gorillaColumn(cases[4]).data.length);
  assert.ok(constant.data.length < 16);
  // A rate that is 0 but for a few huge bursts: XOR pays per burst, the Rice codes per sample.
  const bursty = Array.from({ length: 2000 }, (_, i) => (i % 500 === 7 ? 123_456_789.3 + i : 0));
  const enc = encodeValues(bursty);
  assert.ok(enc.data.length <= gorillaColumn(bursty).data.length);
  assertSameBits(decodeValues(enc.data, enc.scale), bursty);
});

test('never larger than XOR, and exact, for mixed scales, counters and arbitrary doubles', () => {
  const decimals = fc.array(
    fc
      .integer({ min: -1e12, max: 1e12 })
      .chain((n) => fc.constantFrom(n, n / 10, n / 100, n / 1000, n * 0.001, n * 0.000001)),
    { maxLength: 200 },
  );
  const oneScale = fc
    .tuple(fc.array(fc.integer({ min: -3, max: 500 }), { maxLength: 400 }), fc.constantFrom(1, 10, 1000))
    .map(([steps, f]) => {
      let v = 1_000_000;
      return steps.map((s) => {
        v += s;
        return v / f;
      });
    });
  fc.assert(
    fc.property(fc.oneof(decimals, oneScale, fc.array(fc.double(), { maxLength: 100 })), (values) => {
      const enc = encodeValues(values);
      assertSameBits(decodeValues(enc.data, enc.scale), values);
      assert.ok(enc.data.length <= gorillaColumn(values).data.length);
    }),
  );
});

test('a value column and a rollup row in the previous (all-XOR) format still decode', () => {
  const values = centisecondCounter(300, 2);
  const old = gorillaColumn(values);
  assert.equal(old.data[0], CHUNK_VERSION);
  assertSameBits(decodeValues(old.data, old.scale), values);

  const ts = values.map((_, i) => 60_000 * i);
  const cols = [values, values.map((v) => v * 4), values.map(() => 60)];
  const bytes = oldContainer(ts, cols);
  const back = unpackColumns(bytes);
  assert.deepEqual(Array.from(back.ts), ts);
  back.columns.forEach((c, i) => {
    assertSameBits(c, cols[i]);
  });
  // The same columns packed today: smaller, same contents.
  const now = packColumns(ts, cols);
  assert.ok(now.length < bytes.length);
  unpackColumns(now).columns.forEach((c, i) => {
    assertSameBits(c, cols[i]);
  });
});

test('a store whose chunks and rollups were written in the previous format reads the same', () => {
  const t = testStore();
  try {
    const points = [];
    for (let i = 0; i < 4 * 3600; i++) {
      const ts = T0 + i * 1000 + (i % 3);
      points.push({
        name: 'node_cpu_seconds_total',
        labels: { cpu: '0' },
        value: (1e6 + 83 * i + (i % 5)) / 100,
        ts,
      });
      points.push({ name: 'temp', labels: {}, value: 40 + Math.round(Math.sin(i / 600) * 5), ts });
      points.push({ name: 'pi', labels: {}, value: Math.PI * i, ts });
    }
    t.db.append(points);
    t.clock.now = T0 + 6 * 3_600_000;
    t.db.maintainAll();
    const queries = [
      { match: '{__name__=~".+"}', from: T0, to: T0 + 4 * 3_600_000, maxPoints: 1_000_000 },
      { match: '{__name__=~".+"}', from: T0, to: T0 + 4 * 3_600_000, step: 60_000, agg: 'avg' as const },
      { match: 'node_cpu_seconds_total', from: T0, to: T0 + 4 * 3_600_000, step: 60_000, rate: true },
    ];
    const before = queries.map((q) => t.db.query(q));
    assert.deepEqual(
      before.map((r) => [r.tier, r.series.length, r.series[0].points.length]),
      [
        ['raw', 3, 4 * 3600],
        ['1m', 3, 240],
        ['1m', 1, 239], // no rate for the first minute: nothing before it
      ],
    );
    t.db.close();

    // Rewrite every compacted chunk and rollup row the way the previous version stored them.
    const raw = new Database(t.path);
    let intColumns = 0;
    try {
      const chunks = raw.prepare('SELECT id, scale, data FROM chunk WHERE tsref IS NOT NULL').raw().all() as [
        number,
        number,
        Uint8Array,
      ][];
      assert.ok(chunks.length >= 6);
      const setChunk = raw.prepare('UPDATE chunk SET data = ? WHERE id = ?');
      for (const [id, scale, data] of chunks) {
        if (data[0] === INT_CHUNK_VERSION) intColumns++;
        const old = gorillaColumn(decodeValues(data, scale));
        assert.equal(old.scale, scale);
        setChunk.run(old.data, id);
      }
      const tscols = raw.prepare('SELECT id, data FROM tscol').raw().all() as [number, Uint8Array][];
      const setTs = raw.prepare('UPDATE tscol SET data = ? WHERE id = ?');
      for (const [id, data] of tscols) {
        if (data[0] === INT_CHUNK_VERSION) intColumns++;
        setTs.run(gorillaTimestamps(decodeTimestamps(data)), id);
      }
      const rows = raw.prepare('SELECT id, data FROM rollup').raw().all() as [number, Uint8Array][];
      assert.ok(rows.length > 0);
      const setRow = raw.prepare('UPDATE rollup SET data = ? WHERE id = ?');
      for (const [id, data] of rows) {
        const s = decodeSteps(data);
        const cols = [s.min, s.max, s.sum, s.count, s.last, ...(s.inc ? [s.inc] : [])];
        setRow.run(oldContainer(s.ts, cols), id);
      }
    } finally {
      raw.close();
    }
    assert.ok(intColumns >= 6, `${intColumns} chunks and timestamp columns were integer-coded`);
    t.reopen();
    const after = queries.map((q) => t.db.query(q));
    assert.deepEqual(after, before);
  } finally {
    t.cleanup();
  }
});

test('timestamp columns: a jittery 1 Hz ticker in the integer codec, old Gorilla columns still read', () => {
  const ts: number[] = [];
  for (let i = 0; i < 7200; i++) ts.push(T0 + 1000 * i + 1 + ((i * 7) % 3) + (i % 97 === 0 ? 15 : 0));
  const enc = encodeTimestamps(ts);
  assert.equal(enc[0], INT_CHUNK_VERSION);
  const gorilla = gorillaTimestamps(ts);
  assert.ok(enc.length < gorilla.length, `${enc.length} vs ${gorilla.length} bytes`);
  assert.deepEqual(Array.from(decodeTimestamps(enc)), ts);
  assert.deepEqual(Array.from(decodeTimestamps(gorilla)), ts);
  // Beyond ±2^49 ms the integer codec refuses; Gorilla's absolute code holds them.
  const far = [2 ** 52, 2 ** 52 + 1000, 2 ** 52 + 2000];
  const farEnc = encodeTimestamps(far);
  assert.equal(farEnc[0], CHUNK_VERSION);
  assert.deepEqual(Array.from(decodeTimestamps(farEnc)), far);
  // Integers that do not increase are no timestamp column.
  assert.throws(() => decodeTimestamps(encodeInts([5, 7, 7], 2) as Uint8Array), ChunkFormatError);
});
