import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { type Point, QueryError, Tsdb } from '../../../src/store/tsdb/tsdb.js';
import { HOUR, T0, testStore } from './helpers.js';
import { refTier } from './reference.js';

const g = (name: string, labels: Record<string, string>, value: number, ts: number): Point => ({
  name,
  labels,
  value,
  ts,
});

test('append counts accepted, duplicate, invalid and refused points', () => {
  const t = testStore({ maxSeries: 2 });
  try {
    const r = t.db.append([
      g('a', { x: '1' }, 1, T0),
      g('a', { x: '1' }, 2, T0), // same series and ts in one call: the first value stays
      g('b', {}, 3, T0),
      g('c', {}, 4, T0), // a third series is over maxSeries
      g('c', {}, 5, T0 + 1),
      g('', {}, 1, T0),
      g('a', { x: 1 as unknown as string }, 1, T0),
      g('a', { x: '1' }, 1, Number.NaN),
      { name: 'a', labels: { x: '1' }, value: '7' as unknown as number, ts: T0 },
    ]);
    assert.deepEqual(r, {
      accepted: 2,
      duplicates: 1,
      refusedSeries: 1,
      refusedPoints: 2,
      tooOld: 0,
      invalid: 4,
    });
    // Existing series keep flowing at the limit; the refused one is counted once across calls.
    const r2 = t.db.append([g('a', { x: '1' }, 9, T0 + 1000), g('c', {}, 6, T0 + 2)]);
    assert.equal(r2.accepted, 1);
    assert.equal(r2.refusedSeries, 1);
    assert.equal(t.db.stats().refusedSeries, 1);
    assert.deepEqual(t.db.rawSamples('a', { x: '1' }, T0, T0 + 1000), [
      [T0, 1],
      [T0 + 1000, 9],
    ]);
    assert.deepEqual(t.db.rawSamples('c', {}, 0, T0 + 10), []);
  } finally {
    t.cleanup();
  }
});

test('labels are one series whatever their order; fractional ms round', () => {
  const t = testStore();
  try {
    t.db.append([g('m', { a: '1', b: '2' }, 1, T0 + 0.4), g('m', { b: '2', a: '1' }, 2, T0 + 1000.6)]);
    assert.equal(t.db.stats().series, 1);
    assert.deepEqual(t.db.rawSamples('m', { b: '2', a: '1' }, T0, T0 + 2000), [
      [T0, 1],
      [T0 + 1001, 2],
    ]);
  } finally {
    t.cleanup();
  }
});

test('points older than raw retention are refused as too old', () => {
  const t = testStore({ retention: { rawSec: 3600, minuteSec: 0, hourSec: 0 } });
  try {
    t.clock.now = T0 + 10 * HOUR;
    const r = t.db.append([g('m', {}, 1, T0 + 9 * HOUR - 1), g('m', {}, 2, T0 + 9 * HOUR)]);
    assert.equal(r.tooOld, 1);
    assert.equal(r.accepted, 1);
  } finally {
    t.cleanup();
  }
});

test('a series learns its type once; listSeries filters with a selector', () => {
  const t = testStore();
  try {
    t.db.append([g('c', { d: 'x' }, 1, T0), g('u', {}, 1, T0)]);
    t.db.append([{ ...g('c', { d: 'x' }, 2, T0 + 1), type: 'counter' }]);
    t.db.append([{ ...g('c', { d: 'x' }, 3, T0 + 2), type: 'gauge' }]);
    assert.deepEqual(t.db.listSeries('c'), [{ name: 'c', labels: { d: 'x' }, type: 'counter' }]);
    assert.deepEqual(
      t.db
        .listSeries()
        .map((s) => `${s.name}:${s.type}`)
        .sort(),
      ['c:counter', 'u:untyped'],
    );
  } finally {
    t.cleanup();
  }
});

test('NaN (a staleness marker) is kept through the hot log, segments and compaction', () => {
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    t.db.append([g('m', {}, 1.5, T0), g('m', {}, Number.NaN, T0 + 1000), g('m', {}, 2.5, T0 + 2000)]);
    const check = () => {
      const s = t.db.rawSamples('m', {}, T0, T0 + 2000);
      assert.equal(s.length, 3);
      assert.equal(s[0][1], 1.5);
      assert.ok(Number.isNaN(s[1][1]));
      assert.equal(s[2][1], 2.5);
      // Aggregates skip it.
      const q = t.db.query({ match: 'm', from: T0, to: T0 + 2000, step: 10_000 });
      assert.deepEqual(q.series[0].points, [[T0, 2]]);
    };
    check();
    t.clock.now = T0 + 3 * HOUR;
    t.db.maintainAll();
    assert.equal(t.db.stats().headSamples, 0);
    check();
  } finally {
    t.cleanup();
  }
});

function counterFixture() {
  // A counter every 10 s for two hours: 1000, 1007, 1014, …; rate 0.7/s throughout.
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 720; i++) {
    ts.push(T0 + 10_000 * i);
    values.push(1000 + 7 * i);
  }
  const points: Point[] = ts.map((x, i) => ({
    name: 'c',
    labels: {},
    value: values[i],
    ts: x,
    type: 'counter',
  }));
  return { ts, values, points };
}

test("a late last sample of a compacted window fixes the next window's bridged increase", () => {
  const { ts, values, points } = counterFixture();
  const held = 359; // T0 + 3590 s, the last sample of the first 1 h window
  const q = { match: 'c', from: T0 + 3_540_000, to: T0 + 3_660_000, step: 60_000, rate: true };
  const want = refTier({ counter: true, ts, values }, { ...q, agg: 'avg' }, 60_000);
  assert.deepEqual(
    want.map((p) => p[1]),
    [0.7, 0.7, 0.7],
  );
  for (const compactLate of [false, true]) {
    const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
    try {
      t.db.append(points.filter((_, i) => i !== held));
      t.clock.now = T0 + 5 * HOUR;
      t.db.maintainAll();
      // Without the held sample, the minute before the boundary lacks 7 and the one after has 14.
      const before = t.db.query(q).series[0].points.map((p) => p[1]);
      assert.deepEqual(
        before.map((v) => Math.round(v * 600) / 600),
        [35 / 60, 49 / 60, 0.7],
      );
      t.db.append([points[held]]);
      if (compactLate) t.db.maintainAll();
      assert.deepEqual(
        t.db.query(q).series[0].points,
        want,
        compactLate ? 'after compaction' : 'in the hot log',
      );
    } finally {
      t.cleanup();
    }
  }
});

test('a counter window compacted for the first time after the next one re-bridges the next window', () => {
  // The series starts with one sample in the first window, appended late: the second window was
  // compacted without a sample to bridge its first increase from.
  const { points } = counterFixture();
  const first = 359; // T0 + 3590 s
  const q = { match: 'c', from: T0 + HOUR, to: T0 + HOUR + 60_000, step: 60_000, rate: true };
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    t.db.append(points.slice(first + 1));
    t.clock.now = T0 + 5 * HOUR;
    t.db.maintainAll();
    // Minute 60 holds 6 samples: 5 increases of 7 without the bridge, 6 with it.
    const rounded = () => t.db.query(q).series[0].points.map((p) => Math.round(p[1] * 600) / 600);
    assert.deepEqual(rounded(), [35 / 60, 0.7]);
    t.db.append([points[first]]);
    t.db.maintainAll();
    assert.deepEqual(rounded(), [0.7, 0.7]);
  } finally {
    t.cleanup();
  }
});

test('query parameters are checked and named', () => {
  const t = testStore();
  try {
    t.db.append([g('m', {}, 1, T0)]);
    const param = (q: Parameters<Tsdb['query']>[0]) => {
      try {
        t.db.query(q);
      } catch (e) {
        assert.ok(e instanceof QueryError, String(e));
        return e.param;
      }
      return 'none';
    };
    assert.equal(param({ match: 'm{', from: T0, to: T0 }), 'match');
    assert.equal(param({ match: '', from: T0, to: T0 }), 'match');
    assert.equal(param({ match: 'm', from: T0 + 1, to: T0 }), 'from');
    assert.equal(param({ match: 'm', from: Number.NaN, to: T0 }), 'from');
    assert.equal(param({ match: 'm', from: T0, to: Number.POSITIVE_INFINITY }), 'to');
    assert.equal(param({ match: 'm', from: T0, to: T0, step: 0 }), 'step');
    assert.equal(param({ match: 'm', from: T0, to: T0, agg: 'median' as 'avg' }), 'agg');
    // 24 h at 1 s is 86 401 buckets, over the default 11 000.
    assert.equal(param({ match: 'm', from: T0, to: T0 + 86_400_000, step: 1000 }), 'step');
    assert.equal(param({ match: 'm', from: T0, to: T0 + 86_400_000, step: 10_000 }), 'none');
    assert.equal(param({ match: 'm', from: T0, to: T0 + 10_000, maxPoints: 0 }), 'maxPoints');
  } finally {
    t.cleanup();
  }
});

test('raw queries without a step refuse more than maxPoints samples', () => {
  const t = testStore();
  try {
    t.db.append(Array.from({ length: 20 }, (_, i) => g('m', {}, i, T0 + i * 1000)));
    assert.equal(
      t.db.query({ match: 'm', from: T0, to: T0 + 20_000, maxPoints: 20 }).series[0].points.length,
      20,
    );
    assert.throws(
      () => t.db.query({ match: 'm', from: T0, to: T0 + 20_000, maxPoints: 19 }),
      (e: unknown) => e instanceof QueryError && e.param === 'step',
    );
  } finally {
    t.cleanup();
  }
});

test('the tier follows the step', () => {
  const t = testStore();
  try {
    t.db.append([g('m', {}, 1, T0)]);
    const tier = (step?: number) => t.db.query({ match: 'm', from: T0, to: T0 + HOUR, step }).tier;
    assert.equal(tier(), 'raw');
    assert.equal(tier(59_999), 'raw');
    assert.equal(tier(60_000), '1m');
    assert.equal(tier(3_599_999), '1m');
    assert.equal(tier(3_600_000), '1h');
  } finally {
    t.cleanup();
  }
});

test('compacted chunks of one tick share one timestamp column per window', () => {
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    const points: Point[] = [];
    for (let i = 0; i < 7200; i++) {
      const ts = T0 + i * 1000 + (i % 3); // jittered like a real ticker
      for (let s = 0; s < 5; s++) points.push(g('m', { s: String(s) }, s * 10 + (i % 7) / 10, ts));
      if (i % 2 === 0) points.push(g('odd', {}, i, ts + 500)); // its own timestamps
    }
    t.db.append(points);
    t.clock.now = T0 + 5 * HOUR;
    t.db.maintainAll();
    const st = t.db.stats();
    assert.equal(st.samples, points.length);
    assert.equal(st.chunks, 12, '6 series × 2 windows');
    assert.equal(st.segments, 0);
    t.db.close();
    const raw = new Database(t.path, { readonly: true });
    try {
      assert.equal(
        raw.prepare('SELECT count(*) FROM tscol').pluck().get(),
        4,
        'per window: the 5 alike, and odd',
      );
      assert.equal(raw.prepare('SELECT count(DISTINCT tsref) FROM chunk').pluck().get(), 4);
    } finally {
      raw.close();
    }
    t.reopen();
    assert.equal(t.db.rawSamples('m', { s: '3' }, T0, T0 + 2 * HOUR).length, 7200);
    assert.deepEqual(t.db.rawSamples('m', { s: '3' }, T0 + 2000, T0 + 2002), [[T0 + 2002, 30 + 2 / 10]]);
  } finally {
    t.cleanup();
  }
});

test('counters survive a reopen: samples, compactions, windows', () => {
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    const { points } = counterFixture();
    t.db.append(points);
    t.clock.now = T0 + 90 * 60_000; // the first window is closed, the second is not
    t.db.maintainAll();
    const a = t.db.stats();
    assert.equal(a.compactions, 1);
    assert.equal(a.samples, 720);
    assert.equal(a.headSamples, 360);
    // Reopened with another window size, the store keeps the one it was created with.
    t.reopen({ windowMs: 2 * HOUR, graceMs: 0, foldIntervalMs: 0 });
    const b = t.db.stats();
    assert.equal(b.samples, 720);
    assert.equal(b.headSamples, 360);
    assert.equal(b.compactions, 1);
    t.clock.now = T0 + 3 * HOUR;
    t.db.maintainAll();
    assert.equal(t.db.stats().compactions, 2);
  } finally {
    t.cleanup();
  }
});

test('windowMs must be whole hours dividing a day', () => {
  for (const windowMs of [30 * 60_000, 5 * HOUR, 48 * HOUR]) {
    assert.throws(() => testStore({ windowMs }), /windowMs/);
  }
});

test('a file that is not a store is refused', () => {
  const t = testStore();
  try {
    t.db.close();
    const other = `${t.dir}/other.db`;
    const d = new Database(other);
    d.exec('CREATE TABLE x (y)');
    d.close();
    assert.throws(
      () =>
        Tsdb.open({
          path: other,
          retention: { rawSec: 0, minuteSec: 0, hourSec: 0 },
          maxDiskMb: 0,
          maxSeries: 0,
        }),
      /not a hostpulse store/,
    );
  } finally {
    t.cleanup();
  }
});

test('maintain() does a bounded slice and reports more work', () => {
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    const points: Point[] = [];
    for (let i = 0; i < 3 * 3600; i++)
      for (let s = 0; s < 40; s++) points.push(g('m', { s: String(s) }, i * s, T0 + i * 1000));
    t.db.append(points);
    t.clock.now = T0 + 5 * HOUR;
    let calls = 0;
    let longest = 0;
    for (;;) {
      const a = performance.now();
      const { more } = t.db.maintain();
      longest = Math.max(longest, performance.now() - a);
      calls++;
      if (!more) break;
    }
    assert.ok(calls > 10, `${calls} calls`);
    // The slice is 8 ms; one unit of work (a fold slice or a window of one series) can overrun it.
    assert.ok(longest < 400, `longest maintain() took ${longest} ms`);
    assert.equal(t.db.stats().headSamples, 0);
    assert.equal(t.db.stats().compactions, 120);
  } finally {
    t.cleanup();
  }
});

test('a large append is one hot-log row; reads, replays and reopen see every point', () => {
  const t = testStore();
  try {
    // Two series, 1500 points each, interleaved and slightly out of order within the call.
    const points: Point[] = [];
    for (let i = 0; i < 1500; i++) {
      const ts = T0 + (i % 10 === 3 ? i + 1 : i % 10 === 4 ? i - 1 : i) * 1000;
      points.push(g('p', { s: 'a' }, ts / 1000, ts), g('p', { s: 'b' }, -ts / 1000, ts));
    }
    assert.equal(t.db.append(points).accepted, 3000);
    assert.equal(t.db.stats().hotSamples, 3000);
    const raw = new Database(t.path, { readonly: true });
    assert.equal(raw.prepare('SELECT count(*) FROM hotlog').pluck().get(), 1);
    raw.close();
    const check = () => {
      // A range starting inside the out-of-order part.
      const tail = t.db.rawSamples('p', { s: 'a' }, T0 + 1_000_000, T0 + 2_000_000);
      assert.equal(tail.length, 500);
      assert.deepEqual(tail[0], [T0 + 1_000_000, (T0 + 1_000_000) / 1000]);
      assert.deepEqual(tail[499], [T0 + 1_499_000, (T0 + 1_499_000) / 1000]);
      const again = t.db.append(points.slice(2000));
      assert.deepEqual([again.accepted, again.duplicates], [0, 1000]);
    };
    check();
    t.reopen();
    assert.equal(t.db.stats().hotSamples, 3000);
    check();
  } finally {
    t.cleanup();
  }
});

test('deleteSeries removes a series from the hot log, segments, chunks and rollups, and nothing else', () => {
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    const points: Point[] = [];
    for (let i = 0; i < 3 * 360; i++) {
      points.push(g('gone', { k: 'v' }, i, T0 + i * 10_000), g('kept', {}, -i, T0 + i * 10_000));
    }
    t.db.append(points.slice(0, 1440)); // 2 h of both series
    t.clock.now = T0 + 2 * HOUR + 1;
    t.db.maintainAll(); // the first window compacted, the second folded into segments
    t.db.append(points.slice(1440)); // the third hour, in the hot log
    assert.equal(t.db.stats().samples, 2160);
    assert.equal(
      t.db.deleteSeries([
        { name: 'gone', labels: { k: 'v' } },
        { name: 'nope', labels: {} },
      ]),
      1080,
    );
    const st = t.db.stats();
    assert.equal(st.samples, 1080);
    assert.equal(st.series, 1);
    assert.deepEqual(t.db.rawSamples('gone', { k: 'v' }, T0, T0 + 3 * HOUR), []);
    assert.deepEqual(t.db.query({ match: 'gone', from: T0, to: T0 + 3 * HOUR, step: HOUR }).series, []);
    assert.equal(t.db.rawSamples('kept', {}, T0, T0 + 3 * HOUR).length, 1080);
    // The name can be written again as a new series; compaction carries on for the other.
    assert.equal(t.db.append([g('gone', { k: 'v' }, 5, T0 + 4 * HOUR)]).accepted, 1);
    t.clock.now = T0 + 6 * HOUR;
    t.db.maintainAll();
    assert.equal(t.db.stats().samples, 1081);
    assert.equal(
      t.db.query({ match: 'kept', from: T0, to: T0 + 3 * HOUR, step: HOUR }).series[0].points.length,
      3,
    );
  } finally {
    t.cleanup();
  }
});
