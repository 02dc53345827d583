// On-disk size of realistic host data after compaction (the bench's ≤ 1 byte/sample goal). Four hours
// of 100 series keep the test quick; fixed costs (a page per table and index, rollup rows that fill
// through the day) weigh more than over a day. These four hours measured 0.633 bytes/sample on disk,
// 0.446 of it chunk and timestamp data (1.0 and 0.77 before the integer codec of intcodec.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Point } from '../../../src/store/tsdb/tsdb.js';
import { HOUR, T0, testStore } from './helpers.js';
import { hostTicks } from './realistic.js';

test('realistic host data compacts to about a byte per sample', () => {
  const t = testStore();
  try {
    const hours = 4;
    let batch: Point[] = [];
    for (const tick of hostTicks(T0, hours * 3600)) {
      for (const p of tick) batch.push(p);
      if (batch.length >= 50_000) {
        t.clock.now = tick[0].ts + 1000;
        t.db.append(batch);
        t.db.maintain();
        batch = [];
      }
    }
    t.db.append(batch);
    t.clock.now = T0 + (hours + 3) * HOUR;
    t.db.maintainAll();
    const st = t.db.stats();
    assert.equal(st.samples, hours * 3600 * 100);
    assert.equal(st.headSamples, 0);
    assert.ok(st.bytesPerSample <= 0.75, `${st.bytesPerSample.toFixed(3)} bytes/sample on disk`);
    t.db.close();
    const raw = new Database(t.path, { readonly: true });
    try {
      const data = raw
        .prepare('SELECT (SELECT sum(length(data)) FROM chunk) + (SELECT sum(length(data)) FROM tscol)')
        .pluck()
        .get() as number;
      // The encoded samples alone: decimal scaling, integer differences and shared timestamps.
      assert.ok(data / st.samples < 0.55, `${(data / st.samples).toFixed(3)} bytes/sample of chunk data`);
    } finally {
      raw.close();
    }
  } finally {
    t.cleanup();
  }
});
