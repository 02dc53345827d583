// The store against a brute-force reference: random counters and gauges appended in shuffled
// batches with replays, maintained by an injected clock to random points (so data sits in the hot
// log, in segments, in compacted chunks and in rollup rows at once), then queried on every tier.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Point } from '../../../src/store/tsdb/tsdb.js';
import { HOUR, T0, testStore } from './helpers.js';
import { assertPointsClose, type RefQuery, type RefSeries, refRaw, refTier } from './reference.js';

interface GenSeries extends RefSeries {
  id: string;
}

const seriesArb: fc.Arbitrary<Omit<GenSeries, 'id'>> = fc
  .record({
    counter: fc.boolean(),
    gaps: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 5_000 }) },
        { weight: 3, arbitrary: fc.integer({ min: 5_000, max: 200_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 200_000, max: 1_500_000 }) },
      ),
      { minLength: 30, maxLength: 300 },
    ),
    offset: fc.integer({ min: 0, max: 2 * HOUR }),
    deltas: fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 300, maxLength: 300 }),
    resetAt: fc.array(fc.integer({ min: 0, max: 299 }), { maxLength: 3 }),
    scale: fc.constantFrom(1, 10, 100),
  })
  .map((r) => {
    const ts: number[] = [];
    let t = T0 + r.offset;
    for (const g of r.gaps) {
      t += g;
      ts.push(t);
    }
    const values: number[] = [];
    let acc = 0;
    for (let i = 0; i < ts.length; i++) {
      if (r.counter) acc = r.resetAt.includes(i) ? r.deltas[i] : acc + r.deltas[i];
      else acc = r.deltas[i] - 2_500;
      values.push(acc / r.scale);
    }
    return { counter: r.counter, ts, values };
  });

const queryArb = fc.record({
  fromFrac: fc.double({ min: -0.1, max: 1, noNaN: true }),
  lenFrac: fc.double({ min: 0, max: 1.2, noNaN: true }),
  step: fc.constantFrom(undefined, 1_000, 7_000, 60_000, 120_000, 300_000, 3_600_000, 7_200_000),
  agg: fc.constantFrom('avg', 'min', 'max', 'last', 'sum') as fc.Arbitrary<RefQuery['agg']>,
  rate: fc.boolean(),
});

type QueryArgs = typeof queryArb extends fc.Arbitrary<infer A> ? A : never;

function check(db: ReturnType<typeof testStore>['db'], all: GenSeries[], qs: QueryArgs[]) {
  const lo = Math.min(...all.map((s) => s.ts[0]));
  const hi = Math.max(...all.map((s) => s.ts[s.ts.length - 1]));
  for (const g of all) {
    // Every sample is there exactly once, in order.
    const raw = db.rawSamples('m', { id: g.id }, lo, hi);
    assertPointsClose(
      raw,
      g.ts.map((t, i) => [t, g.values[i]]),
      `raw samples of ${g.id}`,
    );
  }
  for (const qa of qs) {
    const from = Math.round(lo + qa.fromFrac * (hi - lo));
    const to = Math.round(from + qa.lenFrac * (hi - lo));
    const q: RefQuery = { from, to, step: qa.step, agg: qa.agg, rate: qa.rate };
    const res = db.query({ match: 'm', ...q, maxPoints: 1_000_000 });
    const tierStep = res.tier === 'raw' ? 0 : res.tier === '1m' ? 60_000 : HOUR;
    for (const g of all) {
      const want = tierStep === 0 ? refRaw(g, q) : refTier(g, q, tierStep);
      const got = res.series.find((s) => s.labels.id === g.id)?.points ?? [];
      assertPointsClose(
        got,
        want,
        `${g.id} ${g.counter ? 'counter' : 'gauge'} ${JSON.stringify(q)} tier ${res.tier}`,
      );
    }
  }
}

test('queries on every tier equal the brute-force reference, before, during and after compaction', () => {
  fc.assert(
    fc.property(
      fc.array(seriesArb, { minLength: 1, maxLength: 3 }),
      fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
      fc.array(queryArb, { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.constantFrom(1, 20, 8000),
      (gen, batchSizes, maintainPlan, queries, seed, foldStepPoints) => {
        const all: GenSeries[] = gen.map((g, i) => ({ ...g, id: `s${i}` }));
        const points: Point[] = [];
        for (const g of all) {
          g.ts.forEach((t, i) => {
            points.push({
              name: 'm',
              labels: { id: g.id },
              value: g.values[i],
              ts: t,
              type: g.counter ? 'counter' : 'gauge',
            });
          });
        }
        // Mostly time order with local disorder (late by minutes), in batches; one point in twenty
        // held back and appended at the end, hours late, into windows compacted long before.
        let x = seed;
        const rnd = () => {
          x = (x * 1103515245 + 12345) % 2147483648;
          return x / 2147483648;
        };
        const key = new Map(points.map((p) => [p, p.ts + (rnd() - 0.5) * 600_000]));
        points.sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0));
        // The last sample before a window boundary is held back more often: a counter's next
        // window bridges its first increase from it.
        const lastOfWindow = new Set<Point>();
        for (const g of all) {
          const own = points.filter((p) => p.labels.id === g.id).sort((a, b) => a.ts - b.ts);
          for (let i = 0; i + 1 < own.length; i++) {
            if (Math.floor(own[i].ts / HOUR) !== Math.floor(own[i + 1].ts / HOUR)) lastOfWindow.add(own[i]);
          }
        }
        const late = points.filter((p) => rnd() < (lastOfWindow.has(p) ? 0.5 : 0.05));
        const stream = points.filter((p) => !late.includes(p));
        // foldStepPoints 1 and 20 with sliceMs 0: each maintain() folds a series or a few, so hot-log
        // rows outlive some of their points, and the reopens below replay them.
        const opts = { windowMs: HOUR, graceMs: 0, foldIntervalMs: 0, foldStepPoints, sliceMs: 0 };
        const t = testStore(opts);
        try {
          let accepted = 0;
          let newest = T0;
          const feed = (batch: Point[], maintains: number) => {
            const r = t.db.append(batch);
            assert.equal(r.duplicates, 0, 'no point of a first append is a duplicate');
            accepted += r.accepted;
            for (const p of batch) newest = Math.max(newest, p.ts);
            t.clock.now = newest + 1;
            for (let k = 0; k < maintains; k++) t.db.maintain();
          };
          const replay = (batch: Point[]) => {
            const again = t.db.append(batch);
            assert.equal(again.duplicates, batch.length, 'a replayed batch is all duplicates');
            assert.equal(again.accepted, 0);
          };
          let prev: Point[] = [];
          for (let at = 0, b = 0; at < stream.length; b++) {
            const size = batchSizes[b % batchSizes.length] * 3;
            const batch = stream.slice(at, at + size);
            feed(batch, maintainPlan[b % maintainPlan.length]);
            // Replays: at once (still in the hot log) or a batch later (folded, maybe compacted).
            if (b % 3 === 1) replay(batch);
            if (b % 4 === 2) replay(prev);
            // Reopens mid-stream replay the hot log, maybe with rows partly folded.
            if (b % 2 === 1) {
              const before = t.db.stats();
              t.reopen(opts);
              const after = t.db.stats();
              assert.equal(after.samples, before.samples, 'a reopen counts every sample once');
              assert.equal(after.hotSamples, before.hotSamples);
            }
            prev = batch;
            at += size;
          }
          feed(late, 2);
          assert.equal(accepted, points.length, 'every distinct point accepted once');
          assert.equal(t.db.stats().samples, points.length);
          check(t.db, all, queries);
          // Everything compacted and rolled up; replayed whole; read again after a reopen.
          t.clock.now = newest + 3 * HOUR;
          t.db.maintainAll();
          const st = t.db.stats();
          assert.equal(st.headSamples, 0);
          assert.equal(st.samples, points.length);
          check(t.db, all, queries);
          replay(points);
          t.reopen(opts);
          check(t.db, all, queries);
          replay(points);
        } finally {
          t.cleanup();
        }
      },
    ),
    // Each run builds a store; shrinking would rerun hundreds, so a failure reports the first case.
    // Seeded so CI is repeatable; HOSTPULSE_FC_SEED=random explores. Seed -1483184248, path "18" once
    // showed 1-minute counter rates missing a window's bridged first increase (fixed in compaction).
    {
      numRuns: 40,
      endOnFailure: true,
      ...(process.env.HOSTPULSE_FC_SEED === 'random'
        ? {}
        : { seed: Number(process.env.HOSTPULSE_FC_SEED ?? 20261122) }),
    },
  );
});
