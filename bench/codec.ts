// Micro-bench of the chunk codec on synthetic host-like series: encode and decode throughput and
// bytes/sample per series kind, the 24 h decode the query path needs, and a compaction-sized batch
// (300 series × 7200 samples). Deterministic data (seeded), so sizes are reproducible; times are the
// median of several repetitions after a warm-up. Prints figures; never fails on them.
//
//   node --import tsx bench/codec.ts [--samples 86400] [--reps 15]
import { parseArgs } from 'node:util';
import { ChunkEncoder, decodeChunk, encodeChunk } from '../src/store/tsdb/codec.js';
import { mulberry32 } from './lib/prng.js';
import { median } from './lib/stats.js';
import { formatTable } from './lib/table.js';

interface Series {
  ts: Float64Array;
  values: Float64Array;
}

const T0 = 1_700_000_000_000;

/**
 * Timestamps of a 1 Hz drift-free ticker stamped with Date.now(): due time plus 0..2 ms of lateness
 * (what this VM shows when idle), a skipped tick now and then.
 */
function tickerTimestamps(n: number, rnd: () => number, exact: boolean): Float64Array {
  const ts = new Float64Array(n);
  let due = T0;
  for (let i = 0; i < n; i++) {
    due += rnd() < 0.001 ? 2000 : 1000;
    ts[i] = exact ? due : due + Math.floor(rnd() * 3);
  }
  return ts;
}

type ValueGen = (n: number, rnd: () => number) => Float64Array;

const round2 = (x: number) => Math.round(x * 100) / 100;

const kinds: { name: string; exact: boolean; gen: ValueGen }[] = [
  { name: 'constant, exact 1 s', exact: true, gen: (n) => new Float64Array(n).fill(16_777_216_000) },
  { name: 'constant, jittered ts', exact: false, gen: (n) => new Float64Array(n).fill(16_777_216_000) },
  {
    name: 'cpu % noisy, 2 decimals',
    exact: false,
    gen: (n, rnd) => {
      const out = new Float64Array(n);
      let v = 20;
      for (let i = 0; i < n; i++) {
        v = Math.min(100, Math.max(0, v + (rnd() - 0.5) * 10));
        out[i] = round2(v);
      }
      return out;
    },
  },
  {
    name: 'cpu % idle, 2 decimals',
    exact: false,
    // An idle host: mostly 0.5 % steps of a 2-core tick count, repeats common.
    gen: (n, rnd) => Float64Array.from({ length: n }, () => round2(Math.floor(rnd() * rnd() * 6) * 0.5)),
  },
  {
    name: 'cpu % full precision',
    exact: false,
    gen: (n, rnd) => Float64Array.from({ length: n }, () => (100 * Math.floor(rnd() * 40)) / 197),
  },
  {
    name: 'cpu seconds counter (/100)',
    exact: false,
    gen: (n, rnd) => {
      const out = new Float64Array(n);
      let ticks = 123_456_789;
      for (let i = 0; i < n; i++) {
        ticks += 190 + Math.floor(rnd() * 10);
        out[i] = ticks / 100;
      }
      return out;
    },
  },
  {
    name: 'net bytes counter',
    exact: false,
    gen: (n, rnd) => {
      const out = new Float64Array(n);
      let b = 9_876_543_210;
      for (let i = 0; i < n; i++) {
        if (rnd() < 0.7) b += Math.floor(rnd() * 20_000);
        out[i] = b;
      }
      return out;
    },
  },
  {
    name: 'memory used bytes (pages)',
    exact: false,
    gen: (n, rnd) => {
      const out = new Float64Array(n);
      let pages = 400_000;
      for (let i = 0; i < n; i++) {
        if (rnd() < 0.5) pages += Math.floor((rnd() - 0.5) * 64);
        out[i] = pages * 4096;
      }
      return out;
    },
  },
  {
    name: 'temperature °C (1 decimal)',
    exact: false,
    gen: (n, rnd) => {
      const out = new Float64Array(n);
      let milli = 45_000;
      for (let i = 0; i < n; i++) {
        if (rnd() < 0.1) milli += (rnd() < 0.5 ? -1 : 1) * 1000;
        out[i] = milli / 1000;
      }
      return out;
    },
  },
  {
    name: 'load average (5 s updates)',
    exact: false,
    gen: (n, rnd) => {
      const out = new Float64Array(n);
      let v = 0.42;
      for (let i = 0; i < n; i++) {
        if (i % 5 === 0) v = round2(Math.max(0, v + (rnd() - 0.5) * 0.1));
        out[i] = v;
      }
      return out;
    },
  },
];

function makeSeries(kind: (typeof kinds)[number], n: number, seed: number): Series {
  const rnd = mulberry32(seed);
  const ts = tickerTimestamps(n, rnd, kind.exact);
  return { ts, values: kind.gen(n, rnd) };
}

/** Median ms of `reps` runs of fn after two warm-up runs. */
function time(reps: number, fn: () => void): number {
  fn();
  fn();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const fmtRate = (samples: number, ms: number) => `${(((samples / ms) * 1000) / 1e6).toFixed(1)}M`;

function main(): void {
  const { values: args } = parseArgs({
    options: { samples: { type: 'string', default: '86400' }, reps: { type: 'string', default: '15' } },
  });
  const n = Number(args.samples);
  const reps = Number(args.reps);

  console.log(
    `chunk codec, ${n} samples per series (1 Hz), median of ${reps} runs, node ${process.version}\n`,
  );
  const rows: string[][] = [];
  let totalBytes = 0;
  for (const [i, kind] of kinds.entries()) {
    const s = makeSeries(kind, n, 1000 + i);
    let chunk = encodeChunk(s.ts, s.values);
    const encMs = time(reps, () => {
      chunk = encodeChunk(s.ts, s.values);
    });
    const decMs = time(reps, () => {
      decodeChunk(chunk);
    });
    totalBytes += chunk.length;
    rows.push([
      kind.name,
      (chunk.length / n).toFixed(3),
      encMs.toFixed(2),
      fmtRate(n, encMs),
      decMs.toFixed(2),
      fmtRate(n, decMs),
    ]);
  }
  console.log(
    formatTable(['series', 'bytes/sample', 'encode ms', 'enc samples/s', 'decode ms', 'dec samples/s'], rows),
  );
  console.log(
    `\nmean over these ${kinds.length} kinds: ${(totalBytes / (n * kinds.length)).toFixed(3)} bytes/sample`,
  );

  // Compaction: 300 series of one 2 h window each, kinds mixed, through the streaming encoder.
  const batch: Series[] = Array.from({ length: 300 }, (_, i) =>
    makeSeries(kinds[i % kinds.length], 7200, 5000 + i),
  );
  let batchBytes = 0;
  const compMs = time(Math.max(3, Math.floor(reps / 3)), () => {
    batchBytes = 0;
    for (const s of batch) {
      const enc = new ChunkEncoder(s.ts.length);
      for (let i = 0; i < s.ts.length; i++) enc.append(s.ts[i], s.values[i]);
      batchBytes += enc.finish().length;
    }
  });
  const chunks = batch.map((s) => encodeChunk(s.ts, s.values));
  const batchDecMs = time(Math.max(3, Math.floor(reps / 3)), () => {
    for (const c of chunks) decodeChunk(c);
  });
  const batchSamples = 300 * 7200;
  console.log(
    `\ncompaction batch 300 × 7200: encode ${compMs.toFixed(1)} ms (${fmtRate(batchSamples, compMs)} samples/s), ` +
      `decode ${batchDecMs.toFixed(1)} ms (${fmtRate(batchSamples, batchDecMs)} samples/s), ` +
      `${(batchBytes / 1024).toFixed(0)} KiB (${(batchBytes / batchSamples).toFixed(3)} bytes/sample)`,
  );
}

main();
