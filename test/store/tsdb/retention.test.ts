import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 as prng } from '../../../bench/lib/prng.js';
import type { Point } from '../../../src/store/tsdb/tsdb.js';
import { DAY, HOUR, T0, testStore } from './helpers.js';

const MIN = 60_000;

test('retention by age drops whole raw windows, then 1m days, then 1h periods, with an injected clock', () => {
  const t = testStore({
    windowMs: HOUR,
    graceMs: 0,
    foldIntervalMs: 0,
    retention: { rawSec: 6 * 3600, minuteSec: 2 * 86400, hourSec: 40 * 86400 },
  });
  try {
    // One gauge sample a minute for 4 days: 5760 samples, value = minute index.
    const points: Point[] = [];
    for (let i = 0; i < 4 * 1440; i++) points.push({ name: 'g', labels: {}, value: i, ts: T0 + i * MIN });
    const end = T0 + 4 * DAY;
    // Fed an hour at a time as the clock moves, the way an agent writes.
    for (let h = 0; h < 4 * 24; h++) {
      t.clock.now = T0 + (h + 1) * HOUR;
      assert.equal(t.db.append(points.slice(h * 60, (h + 1) * 60)).accepted, 60);
      t.db.maintainAll();
    }
    t.clock.now = end + 30 * MIN;
    t.db.maintainAll();
    // Raw: a window goes once all of it is older than 6 h. now − 6 h = end − 5.5 h, so windows
    // starting at end − 6 h or later stay (end − 6 h … end − 5 h holds samples newer than the cut).
    const raw = t.db.rawSamples('g', {}, T0, end);
    assert.equal(raw[0][0], end - 6 * HOUR);
    assert.equal(raw.length, 6 * 60);
    const st = t.db.stats();
    assert.equal(st.expiredSamples, 4 * 1440 - 6 * 60);
    assert.equal(st.samples, 6 * 60);
    assert.ok(st.retentionRuns >= 1);
    // 1m: whole days are kept while any of the day is within 2 days: now − 2 d is inside day 2.
    const m = t.db.query({ match: 'g', from: T0, to: end, step: MIN, maxPoints: 10_000 }).series[0].points;
    assert.equal(m[0][0], T0 + 2 * DAY);
    assert.equal(m[0][1], 2 * 1440);
    assert.equal(m.length, 2 * 1440);
    // 1h keeps everything (40 days): its first hour averages minutes 0..59.
    const h = t.db.query({ match: 'g', from: T0, to: end, step: HOUR }).series[0].points;
    assert.equal(h.length, 4 * 24);
    assert.deepEqual(h[0], [T0, 29.5]);

    // 100 days later every tier has expired and the series itself is forgotten.
    t.clock.now = end + 100 * DAY;
    t.db.maintainAll();
    assert.deepEqual(t.db.query({ match: 'g', from: T0, to: end, step: HOUR }).series, []);
    assert.equal(t.db.stats().series, 0);
    assert.equal(t.db.stats().samples, 0);
    // A new point creates the series again.
    assert.equal(t.db.append([{ name: 'g', labels: {}, value: 1, ts: t.clock.now }]).accepted, 1);
    assert.equal(t.db.stats().series, 1);
  } finally {
    t.cleanup();
  }
});

test('the disk budget drops the oldest raw windows first, keeps their rollups, and the file shrinks', () => {
  const budgetMb = 1;
  const t = testStore({ windowMs: HOUR, graceMs: 0, foldIntervalMs: 0, maxDiskMb: budgetMb });
  try {
    // 20 series of random doubles (incompressible: ~8 bytes a sample) at 1 Hz for 4 hours: ~5 MB.
    const r = prng(7);
    const hours = 4;
    for (let h = 0; h < hours; h++) {
      const points: Point[] = [];
      for (let i = 0; i < 3600; i++) {
        for (let s = 0; s < 20; s++) {
          points.push({ name: 'n', labels: { s: String(s) }, value: r(), ts: T0 + h * HOUR + i * 1000 });
        }
      }
      t.clock.now = T0 + (h + 1) * HOUR;
      t.db.append(points);
      t.db.maintainAll();
    }
    t.clock.now = T0 + hours * HOUR + 1;
    t.db.maintainAll();
    const st = t.db.stats();
    assert.ok(st.fileBytes <= budgetMb * 1024 * 1024, `${st.fileBytes} bytes on disk`);
    assert.ok(st.droppedForBudget > 0);
    // Newest first: the last window is whole, the first is gone.
    const s0 = { s: '0' };
    assert.equal(t.db.rawSamples('n', s0, T0 + 3 * HOUR, T0 + 4 * HOUR).length, 3600);
    assert.equal(t.db.rawSamples('n', s0, T0, T0 + HOUR - 1).length, 0);
    // Raw samples dropped are counted (rollup steps too, should it come to those).
    assert.ok(st.droppedForBudget >= 20 * 3600);
    assert.equal(st.samples + st.droppedForBudget, 20 * 3600 * hours);
    // The rollups of the dropped window are still there.
    const m = t.db.query({ match: 'n{s="0"}', from: T0, to: T0 + HOUR - 1, step: MIN }).series[0].points;
    assert.equal(m.length, 60);
    // A point into a window the budget dropped would be rolled up alone: refused as too old.
    const late = t.db.append([{ name: 'n', labels: s0, value: 1, ts: T0 + 30 * MIN + 500 }]);
    assert.equal(late.tooOld, 1);
  } finally {
    t.cleanup();
  }
});
