import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  hostTemplates,
  type PayloadOptions,
  percentile,
  roundsPerStream,
  streamBatches,
  timeLayout,
} from '../../bench/ingest.js';
import { parseLineProtocol } from '../../src/ingest/influx.js';

const parse = (text: string) => parseLineProtocol(text, { precision: 'ns', now: 0 });
const seriesKey = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;

test('one host: 30 line series of 3–5 sorted tags and 5–10 fields, 234 fields in all', () => {
  const t = hostTemplates('h007', 'dc1');
  assert.equal(t.length, 30);
  // cpu 5×10, mem 10, swap 6, system 6, processes 9, disk 4×7, diskio 4×10, net 4×8, netstat 10,
  // kernel 5, sensors 4×5, procstat 3×6.
  assert.equal(
    t.reduce((n, x) => n + x.fields.length, 0),
    50 + 10 + 6 + 6 + 9 + 28 + 40 + 32 + 10 + 5 + 20 + 18,
  );
  assert.equal(new Set(t.map((x) => x.prefix)).size, 30);
  for (const x of t) {
    const [, ...tags] = x.prefix.split(',');
    assert.ok(tags.length >= 3 && tags.length <= 5, x.prefix);
    const keys = tags.map((kv) => kv.split('=')[0]);
    assert.deepEqual(keys, [...keys].sort(), x.prefix);
    assert.ok(tags.includes('host=h007') && tags.includes('dc=dc1') && tags.includes('env=prod'), x.prefix);
    assert.ok(x.fields.length >= 5 && x.fields.length <= 10, x.prefix);
  }
  assert.equal(t[0].prefix, 'cpu,cpu=cpu-total,dc=dc1,env=prod,host=h007');
  assert.equal(t[9].prefix, 'disk,dc=dc1,device=sda1,env=prod,host=h007,path=/');
});

const small: PayloadOptions = {
  hosts: 4,
  streams: 2,
  batchesPerStream: 3,
  linesPerBatch: 50,
  startMs: 1_700_000_000_000,
  stepMs: 1000,
  seed: 1,
};

test('batches are valid line protocol; samples count the numeric fields', () => {
  const batches = streamBatches(small, 0);
  assert.equal(batches.length, 3);
  // Stream 0 holds hosts h000 and h002: batch 0 is h000's 30 lines (234 fields) and h002's first 20
  // (cpu 5×10, mem 10, swap 6, system 6, processes 9, disk 4×7, diskio 4×10, net 3×8 = 173).
  assert.equal(batches[0].samples, 234 + 173);
  for (const b of batches) {
    const r = parse(b.text);
    assert.deepEqual(r.errors, []);
    assert.equal(r.lines, 50);
    assert.equal(b.lines, 50);
    assert.equal(r.points.length, b.samples);
  }
  const first = batches[0].text.split('\n')[0];
  assert.match(
    first,
    /^cpu,cpu=cpu-total,dc=dc0,env=prod,host=h000 usage_guest=[\d.e-]+,usage_guest_nice=[\d.e-]+,usage_idle=[\d.]+,/,
  );
  assert.ok(first.endsWith(' 1700000000000000000'), first);
  const hosts = new Set(batches.flatMap((b) => [...b.text.matchAll(/host=(h\d+)/g)].map((m) => m[1])));
  assert.deepEqual([...hosts].sort(), ['h000', 'h002']);
});

test('timestamps advance one step per round, also across a batch boundary', () => {
  const [, b1] = streamBatches(small, 0);
  const ts = b1.text
    .trimEnd()
    .split('\n')
    .map((l) => l.slice(l.lastIndexOf(' ') + 1));
  // A round is 60 lines (2 hosts × 30): batch 1 (lines 50–99) ends round 0 with 10 lines, then round 1.
  assert.deepEqual(new Set(ts.slice(0, 10)), new Set(['1700000000000000000']));
  assert.deepEqual(new Set(ts.slice(10)), new Set(['1700000001000000000']));
});

test('counters grow from round to round; integer fields carry the i suffix', () => {
  const [b0, b1] = streamBatches(small, 0);
  const line = (b: string, prefix: string) => b.split('\n').find((l) => l.startsWith(`${prefix} `)) ?? '';
  const r0 = line(b0.text, 'net,dc=dc0,env=prod,host=h000,interface=eth0');
  const r1 = line(b1.text, 'net,dc=dc0,env=prod,host=h000,interface=eth0');
  const bytes = (l: string) => BigInt(/bytes_recv=(\d+)i/.exec(l)?.[1] ?? 'x');
  assert.ok(bytes(r1) > bytes(r0), `${r0}\n${r1}`);
});

test('each stream sends every series in time order, without duplicates; streams share no series', () => {
  fc.assert(
    fc.property(
      fc.record({
        hosts: fc.integer({ min: 1, max: 6 }),
        streams: fc.integer({ min: 1, max: 3 }),
        batchesPerStream: fc.integer({ min: 1, max: 4 }),
        linesPerBatch: fc.integer({ min: 1, max: 97 }),
        stepMs: fc.integer({ min: 1, max: 5000 }),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
      (o) => {
        const opts: PayloadOptions = {
          ...o,
          hosts: Math.max(o.hosts, o.streams),
          startMs: 1_600_000_000_000,
        };
        const owner = new Map<string, number>();
        for (let s = 0; s < opts.streams; s++) {
          const last = new Map<string, number>();
          for (const b of streamBatches(opts, s)) {
            const r = parse(b.text);
            assert.deepEqual(r.errors, []);
            assert.equal(r.points.length, b.samples);
            for (const p of r.points) {
              const k = seriesKey(p.name, p.labels);
              assert.ok(p.ts > (last.get(k) ?? Number.NEGATIVE_INFINITY), `${k} at ${p.ts}`);
              last.set(k, p.ts);
              assert.equal(owner.get(k) ?? s, s, k);
              owner.set(k, s);
            }
          }
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('roundsPerStream: enough rounds for every line of a stream', () => {
  // 2 hosts per stream × 30 lines = 60 lines a round; 3 × 50 = 150 lines → 3 rounds (the last partial).
  assert.equal(roundsPerStream(small), 3);
  assert.equal(roundsPerStream({ ...small, batchesPerStream: 6 }), 5);
});

test('timeLayout spreads the rounds over the span before now, cut at the current 2 h window', () => {
  const H2 = 2 * 3600_000;
  const now = Date.UTC(2026, 10, 21, 13, 0, 30);
  // Span inside the window 12:00–14:00: ends 1 s before now, 60 000 ms / 100 rounds = 600 ms.
  assert.deepEqual(timeLayout(now, 100, 60_000, H2), { startMs: now - 1000 - 60_000, stepMs: 600 });
  // 12:00:31: the last 60 s reach back into the 10:00–12:00 window; cut at 12:00:00, 30 s / 100.
  const early = Date.UTC(2026, 10, 21, 12, 0, 31);
  assert.deepEqual(timeLayout(early, 100, 60_000, H2), {
    startMs: Date.UTC(2026, 10, 21, 12, 0, 0),
    stepMs: 300,
  });
  // Without a window the span is kept.
  assert.deepEqual(timeLayout(early, 100, 60_000, 0), { startMs: early - 1000 - 60_000, stepMs: 600 });
  // Too little of the window left for distinct milliseconds: 1 ms apart, last round before now.
  const tight = Date.UTC(2026, 10, 21, 12, 0, 1) + 50;
  assert.deepEqual(timeLayout(tight, 100, 60_000, H2), { startMs: tight - 1000 - 100, stepMs: 1 });
});

test('percentile is nearest-rank', () => {
  const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile(xs, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([3, 1, 2], 50), 2);
  assert.ok(Number.isNaN(percentile([], 50)));
});
