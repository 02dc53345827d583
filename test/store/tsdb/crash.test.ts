// Crash safety: a child process writes numbered batches and is killed with SIGKILL at a random
// moment, once while only appending and once while it is compacting. The reopened store must hold
// every acknowledged sample exactly once, the batch in flight wholly or not at all, and nothing
// after it; compaction afterwards must keep it so.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Tsdb } from '../../../src/store/tsdb/tsdb.js';
import { batchSeconds, CRASH_SERIES, CRASH_T0, crashOptions, expectedValue } from './crash-data.js';

type Mode = 'write' | 'compact';

interface Run {
  acked: number;
  lastLine: string;
}

/** Starts the child and SIGKILLs it `delayMs` after the line `trigger(line)` first holds. */
function runAndKill(
  path: string,
  mode: Mode,
  trigger: (line: string) => boolean,
  delayMs: number,
): Promise<Run> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), path, mode],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let acked = -1;
  let lastLine = '';
  let buf = '';
  let stderr = '';
  let armed = false;
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) {
      lastLine = line;
      const m = /^ack (\d+)$/.exec(line);
      if (m) acked = Number(m[1]);
      if (!armed && trigger(line)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (signal !== 'SIGKILL') reject(new Error(`child exited ${code} ${signal}: ${stderr}`));
      else resolve({ acked, lastLine });
    });
  });
}

/** Samples of batch `id` found with their exact values, and whether anything else is wrong. */
function verify(db: Tsdb, mode: Mode, acked: number): { inFlight: number } {
  const n = batchSeconds(mode);
  const perBatch = n * CRASH_SERIES;
  let present = 0;
  let inFlight = 0;
  const to = CRASH_T0 + (acked + 3) * n * 1000;
  for (let s = 0; s < CRASH_SERIES; s++) {
    const samples = db.rawSamples('crash', { s: String(s) }, CRASH_T0, to);
    for (let k = 1; k < samples.length; k++)
      assert.ok(samples[k][0] > samples[k - 1][0], 'timestamps unique, sorted');
    for (const [ts, v] of samples) {
      const second = (ts - CRASH_T0) / 1000;
      assert.ok(Number.isInteger(second), `stray timestamp ${ts}`);
      assert.equal(v, expectedValue(s, second), `series ${s} second ${second}`);
      const batch = Math.floor(second / n);
      assert.ok(batch <= acked + 1, `sample of batch ${batch} after the one in flight (${acked + 1})`);
      if (batch === acked + 1) inFlight++;
      present++;
    }
  }
  // The batch in flight committed whole or not at all.
  assert.ok(
    inFlight === 0 || inFlight === perBatch,
    `${inFlight} of ${perBatch} samples of the batch in flight`,
  );
  assert.equal(present, (acked + 1) * perBatch + inFlight, 'every acknowledged sample is there');
  // Stored rows (not just what reads show after merging): no sample is stored twice.
  assert.equal(db.stats().samples, present, 'each sample stored exactly once');
  return { inFlight };
}

async function crashRound(mode: Mode, seed: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-crash-'));
  const path = join(dir, 'store.db');
  try {
    // write: after a few acks, a random moment (mostly inside an append of the next batch);
    // compact: a random moment after the child announced maintenance of its 2nd–4th window.
    const after = 2 + (seed % 3);
    const delay = (seed * 7919) % (mode === 'write' ? 20 : 60);
    const trigger =
      mode === 'write' ? (l: string) => l === `ack ${after}` : (l: string) => l === `compacting ${after}`;
    const run = await runAndKill(path, mode, trigger, delay);
    assert.ok(run.acked >= 0, 'the child acknowledged something before it was killed');

    const raw = new Database(path);
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();

    let clock = CRASH_T0 + (run.acked + 2) * batchSeconds(mode) * 1000;
    const db = Tsdb.open({ ...crashOptions(path, mode), now: () => clock });
    try {
      const { inFlight } = verify(db, mode, run.acked);
      // Compaction after the crash keeps every sample exactly once.
      clock += 10 * 3_600_000;
      db.maintainAll();
      assert.equal(db.stats().headSamples, 0);
      verify(db, mode, inFlight > 0 ? run.acked + 1 : run.acked);
      // And the rollups agree with the raw samples: minute averages of the first series.
      const q = db.query({ match: 'crash{s="1"}', from: CRASH_T0, to: CRASH_T0 + 3_599_999, step: 60_000 });
      const first = q.series[0].points[0];
      const n = Math.min(60, batchSeconds(mode) * (run.acked + 1));
      let sum = 0;
      for (let i = 0; i < n; i++) sum += expectedValue(1, i);
      assert.ok(Math.abs(first[1] - sum / n) < 1e-9, `minute average ${first[1]} vs ${sum / n}`);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('SIGKILL during appends loses no acknowledged sample and duplicates none', async () => {
  for (const seed of [1, 2, 3]) await crashRound('write', seed);
});

test('SIGKILL during fold and compaction loses no acknowledged sample and duplicates none', async () => {
  for (const seed of [1, 2, 3, 4]) await crashRound('compact', seed);
});
