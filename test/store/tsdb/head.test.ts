// The head: one hot-log row per append, points in memory until folded, the log replayed at open
// (skipping points a fold already put in chunks), the schema-1 `hot` table migrated, and a
// maintain() with nothing to do touching no file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { mock, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Point } from '../../../src/store/tsdb/tsdb.js';
import { HOUR, T0, testStore } from './helpers.js';

const g = (name: string, labels: Record<string, string>, value: number, ts: number): Point => ({
  name,
  labels,
  value,
  ts,
});

function logRows(path: string): number {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT count(*) FROM hotlog').pluck().get() as number;
  } finally {
    raw.close();
  }
}

test('each append is one hot-log row; folding deletes rows only once all their points are in chunks', () => {
  // sliceMs 0: each maintain() call is one fold step of whole series up to 8,000 points.
  const t = testStore({ windowMs: HOUR, graceMs: HOUR, foldIntervalMs: 0, sliceMs: 0 });
  try {
    // Row 1: 9,000 points of series a, then 1 of series b. Row 2: 1 point of b.
    const first: Point[] = [];
    for (let i = 0; i < 9000; i++) first.push(g('a', {}, i * 0.5, T0 + i * 100));
    first.push(g('b', {}, 7, T0));
    assert.equal(t.db.append(first).accepted, 9001);
    assert.equal(t.db.append([g('b', {}, 8, T0 + 1000)]).accepted, 1);
    assert.equal(logRows(t.path), 2);
    assert.equal(t.db.stats().hotSamples, 9002);

    // One step folds a (9,000 ≥ 8,000) and stops: b's points still need both rows.
    t.db.maintain();
    let st = t.db.stats();
    assert.equal(st.hotSamples, 2);
    assert.equal(st.samples, 9002);
    assert.equal(st.segments, 1, "a's 9,000 points fit in one window: one segment");
    assert.equal(logRows(t.path), 2);

    // Reopened here, row 1 is replayed: a's points are in a chunk and are skipped, b's come back.
    t.reopen();
    st = t.db.stats();
    assert.equal(st.hotSamples, 2);
    assert.equal(st.samples, 9002, 'no point counted twice');
    const a = t.db.rawSamples('a', {}, T0, T0 + HOUR);
    assert.equal(a.length, 9000);
    assert.deepEqual(a[8999], [T0 + 899_900, 4499.5]);
    assert.deepEqual(t.db.rawSamples('b', {}, T0, T0 + HOUR), [
      [T0, 7],
      [T0 + 1000, 8],
    ]);
    // A replayed point is still a duplicate; so is a folded one.
    const again = t.db.append([g('b', {}, 1, T0), g('a', {}, 1, T0 + 100)]);
    assert.deepEqual([again.accepted, again.duplicates], [0, 2]);

    t.db.maintainAll();
    assert.equal(t.db.stats().hotSamples, 0);
    assert.equal(logRows(t.path), 0);
    assert.equal(t.db.stats().samples, 9002);
  } finally {
    t.cleanup();
  }
});

test('late and out-of-order points in the head read back sorted, first value kept, and fold sorted', () => {
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0 });
  try {
    t.db.append([g('m', {}, 3, T0 + 3000), g('m', {}, 1, T0 + 1000)]);
    const r = t.db.append([g('m', {}, 2, T0 + 2000), g('m', {}, 9, T0 + 1000), g('m', {}, 0, T0)]);
    assert.deepEqual([r.accepted, r.duplicates], [2, 1]);
    const want = [
      [T0, 0],
      [T0 + 1000, 1],
      [T0 + 2000, 2],
      [T0 + 3000, 3],
    ];
    assert.deepEqual(t.db.rawSamples('m', {}, T0, T0 + 5000), want);
    assert.deepEqual(t.db.rawSamples('m', {}, T0 + 1000, T0 + 2000), want.slice(1, 3));
    t.db.maintainAll();
    assert.equal(t.db.stats().hotSamples, 0);
    assert.deepEqual(t.db.rawSamples('m', {}, T0, T0 + 5000), want);
  } finally {
    t.cleanup();
  }
});

test('-0 and NaN payloads keep their bits in the head and through a reopen', () => {
  const t = testStore();
  try {
    t.db.append([g('z', {}, -0, T0), g('z', {}, Number.NaN, T0 + 1)]);
    const check = () => {
      const s = t.db.rawSamples('z', {}, T0, T0 + 1);
      assert.ok(Object.is(s[0][1], -0));
      assert.ok(Number.isNaN(s[1][1]));
    };
    check();
    t.reopen();
    check();
  } finally {
    t.cleanup();
  }
});

test('deleteSeries takes its head points out of the log: a new series that reuses its id gets none', () => {
  const t = testStore();
  try {
    t.db.append([g('a', {}, 1, T0), g('b', {}, 2, T0), g('a', {}, 3, T0 + 1000), g('b', {}, 4, T0 + 1000)]);
    assert.equal(t.db.deleteSeries([{ name: 'b', labels: {} }]), 2);
    // SQLite gives the next series the highest id plus one: b's id again.
    t.db.append([g('c', {}, 5, T0 + 2000)]);
    assert.deepEqual(
      t.db.listSeries().map((s) => s.name),
      ['a', 'c'],
    );
    t.reopen();
    assert.equal(t.db.stats().hotSamples, 3);
    assert.deepEqual(t.db.rawSamples('c', {}, T0, T0 + 5000), [[T0 + 2000, 5]]);
    assert.deepEqual(t.db.rawSamples('a', {}, T0, T0 + 5000), [
      [T0, 1],
      [T0 + 1000, 3],
    ]);
  } finally {
    t.cleanup();
  }
});

test('a schema-1 store (hot table: single and packed rows) is migrated on open', () => {
  const t = testStore();
  const { path } = t;
  t.db.close();
  fs.rmSync(path);
  // The schema-1 tables the head used (the others are unchanged in schema 2).
  const old = new Database(path);
  old.pragma('page_size = 2048');
  old.pragma('auto_vacuum = INCREMENTAL');
  old.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE series (id INTEGER PRIMARY KEY, name TEXT NOT NULL, labels TEXT NOT NULL,
      type INTEGER NOT NULL DEFAULT 0, UNIQUE (name, labels));
    CREATE TABLE hot (seq INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, ts INTEGER NOT NULL,
      value REAL, ts_end INTEGER, pack BLOB);
    CREATE TABLE chunk (id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, win INTEGER NOT NULL,
      count INTEGER NOT NULL, min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL, scale INTEGER NOT NULL,
      tsref INTEGER, data BLOB NOT NULL);
    CREATE INDEX chunk_series ON chunk (series_id, win);
    CREATE INDEX chunk_win ON chunk (win);
    CREATE INDEX chunk_tsref ON chunk (tsref) WHERE tsref IS NOT NULL;
    CREATE TABLE tscol (id INTEGER PRIMARY KEY, win INTEGER NOT NULL, hash INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE INDEX tscol_win ON tscol (win, hash);
    CREATE TABLE pending (series_id INTEGER NOT NULL, win INTEGER NOT NULL, PRIMARY KEY (series_id, win)) WITHOUT ROWID;
    CREATE INDEX pending_win ON pending (win);
    CREATE TABLE rollup (id INTEGER PRIMARY KEY, tier INTEGER NOT NULL, series_id INTEGER NOT NULL,
      period INTEGER NOT NULL, steps INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE (tier, series_id, period));
    CREATE INDEX rollup_period ON rollup (tier, period);
  `);
  for (const k of ['compactions', 'retentionRuns', 'expiredSamples', 'droppedForBudget', 'rawFloor'])
    old.prepare('INSERT INTO meta VALUES (?, 0)').run(k);
  old.prepare('INSERT INTO meta VALUES (?, ?)').run('windowMs', 2 * HOUR);
  old
    .prepare('INSERT INTO series (id, name, labels, type) VALUES (?, ?, ?, ?)')
    .run(1, 'm', '[["k","v"]]', 2);
  old.prepare('INSERT INTO series (id, name, labels, type) VALUES (?, ?, ?, ?)').run(2, 'n', '[]', 1);
  const one = old.prepare('INSERT INTO hot (series_id, ts, value) VALUES (?, ?, ?)');
  one.run(1, T0, 1.5);
  one.run(2, T0, null); // NULL was NaN
  // A packed row: float64 timestamps, then float64 values.
  const pack = new Float64Array([T0 + 1000, T0 + 2000, T0 + 3000, 2.5, 3.5, 4.5]);
  old
    .prepare('INSERT INTO hot (series_id, ts, value, ts_end, pack) VALUES (?, ?, NULL, ?, ?)')
    .run(1, T0 + 1000, T0 + 3000, Buffer.from(pack.buffer));
  one.run(2, T0 + 1000, 7);
  old.pragma('user_version = 1');
  old.close();

  try {
    const db = t.reopen();
    const st = db.stats();
    assert.equal(st.hotSamples, 6);
    assert.equal(st.samples, 6);
    assert.deepEqual(db.rawSamples('m', { k: 'v' }, T0, T0 + HOUR), [
      [T0, 1.5],
      [T0 + 1000, 2.5],
      [T0 + 2000, 3.5],
      [T0 + 3000, 4.5],
    ]);
    const n = db.rawSamples('n', {}, T0, T0 + HOUR);
    assert.equal(n.length, 2);
    assert.ok(Number.isNaN(n[0][1]));
    assert.deepEqual(n[1], [T0 + 1000, 7]);
    db.close();
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.pragma('user_version', { simple: true }), 2);
    assert.equal(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'hot'").pluck().get(), 0);
    raw.close();
    // And it keeps working: a reopen replays the migrated rows, folding puts them in chunks.
    const again = t.reopen({ foldIntervalMs: 0 });
    assert.equal(again.stats().hotSamples, 6);
    again.maintainAll();
    assert.equal(again.stats().hotSamples, 0);
    assert.equal(again.rawSamples('m', { k: 'v' }, T0, T0 + HOUR).length, 4);
  } finally {
    t.cleanup();
  }
});

test('maintain() with nothing due stats no file; the disk budget is looked at every 10 s', () => {
  const t = testStore({ maxDiskMb: 100, foldIntervalMs: 60_000 });
  const stat = mock.method(fs, 'statSync');
  syncBuiltinESMExports();
  try {
    t.db.append([g('m', {}, 1, T0)]);
    t.db.maintain(); // the first call looks at everything once
    stat.mock.resetCalls();
    for (let i = 0; i < 100; i++) assert.equal(t.db.maintain().more, false);
    assert.equal(stat.mock.callCount(), 0, 'no stat while nothing is due');
    t.clock.now += 10_000;
    t.db.maintain();
    const paths = stat.mock.calls.map((c) => String(c.arguments[0]));
    assert.ok(paths.includes(t.path), `the store file is looked at after 10 s: ${paths.join(', ')}`);
  } finally {
    stat.mock.restore();
    syncBuiltinESMExports();
    t.cleanup();
  }
});

test('a store file of a newer schema is refused with its version named', () => {
  const t = testStore();
  try {
    t.db.close();
    const raw = new Database(t.path);
    raw.pragma('user_version = 3');
    raw.close();
    assert.throws(() => t.reopen(), /schema 3; this hostpulse reads up to 2/);
  } finally {
    t.cleanup();
  }
});

test('label sets with the same values under other names stay apart (the series cache is keyed by values)', () => {
  const t = testStore();
  try {
    const x = { a: '1' };
    const y = { b: '1' };
    const r = t.db.append([g('m', x, 1, T0), g('n', x, 2, T0), g('m', y, 3, T0), g('n', y, 4, T0)]);
    assert.equal(r.accepted, 4);
    t.db.append([g('m', { b: '1' }, 5, T0 + 1), g('m', { a: '1' }, 6, T0 + 1), g('m', {}, 7, T0 + 1)]);
    assert.equal(t.db.stats().series, 5);
    assert.deepEqual(t.db.rawSamples('m', { a: '1' }, T0, T0 + 1), [
      [T0, 1],
      [T0 + 1, 6],
    ]);
    assert.deepEqual(t.db.rawSamples('m', { b: '1' }, T0, T0 + 1), [
      [T0, 3],
      [T0 + 1, 5],
    ]);
    assert.deepEqual(t.db.rawSamples('n', { b: '1' }, T0, T0 + 1), [[T0, 4]]);
  } finally {
    t.cleanup();
  }
});

test('one frozen labels object for many names (a parsed tag set) resolves each name to its own series', () => {
  const t = testStore();
  try {
    const tags = Object.freeze({ host: 'h', cpu: '0' });
    for (let k = 0; k < 3; k++) {
      const r = t.db.append([g('user', tags, k, T0 + k), g('system', tags, 10 + k, T0 + k)]);
      assert.equal(r.accepted, 2);
    }
    // The same values under other label names, frozen too: other series.
    t.db.append([g('user', Object.freeze({ host: 'h', core: '0' }), 99, T0)]);
    assert.equal(t.db.stats().series, 3);
    assert.deepEqual(t.db.rawSamples('system', { cpu: '0', host: 'h' }, T0, T0 + 2), [
      [T0, 10],
      [T0 + 1, 11],
      [T0 + 2, 12],
    ]);
    assert.deepEqual(t.db.rawSamples('user', { core: '0', host: 'h' }, T0, T0 + 2), [[T0, 99]]);
  } finally {
    t.cleanup();
  }
});

test('ticks across fold intervals: one segment per series per fold, also after the log was emptied', () => {
  // 10 series at 1 Hz for 200 s with a 60 s fold interval: three folds (the hot log is empty after
  // each), so 3 segments per series, never one per tick.
  const t = testStore({ windowMs: HOUR, graceMs: HOUR, foldIntervalMs: 60_000 });
  try {
    for (let k = 0; k < 200; k++) {
      t.clock.now = T0 + k * 1000;
      const tick: Point[] = [];
      for (let s = 0; s < 10; s++) tick.push(g('m', { s: String(s) }, k * s, T0 + k * 1000));
      assert.equal(t.db.append(tick).accepted, 10);
      t.db.maintain();
    }
    const st = t.db.stats();
    assert.equal(st.samples, 2000);
    assert.equal(st.segments, 30, `${st.segments} segments`);
    // Folded at ticks 60 (0–60), 121 (61–121) and 182 (122–182): ticks 183–199 wait.
    assert.equal(st.hotSamples, 17 * 10);
  } finally {
    t.cleanup();
  }
});
