// The deterministic batches crash-child.ts writes and crash.test.ts checks.

import type { Point, TsdbOptions } from '../../../src/store/tsdb/tsdb.js';

export const CRASH_T0 = Date.UTC(2026, 0, 1);
export const CRASH_SERIES = 10;
const HOUR = 3_600_000;

/**
 * write: 10 minutes per batch (6000 points, several ms inside append, so a kill mostly lands inside
 * its transaction); compact: an hour per batch, so each one closes a window.
 */
export function batchSeconds(mode: 'write' | 'compact'): number {
  return mode === 'write' ? 600 : 3600;
}

export function crashOptions(path: string, mode: 'write' | 'compact'): TsdbOptions {
  return {
    path,
    retention: { rawSec: 0, minuteSec: 0, hourSec: 0 },
    maxDiskMb: 0,
    maxSeries: 0,
    windowMs: HOUR,
    graceMs: 0,
    foldIntervalMs: mode === 'compact' ? 0 : 60_000,
  };
}

export function expectedValue(s: number, second: number): number {
  return s % 2 === 0 ? (second * (s + 1)) / 100 : ((second * 7919) % 1000) / 10;
}

export function pointsOf(id: number, mode: 'write' | 'compact'): Point[] {
  const n = batchSeconds(mode);
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const second = id * n + i;
    for (let s = 0; s < CRASH_SERIES; s++) {
      out.push({
        name: 'crash',
        labels: { s: String(s) },
        value: expectedValue(s, second),
        ts: CRASH_T0 + second * 1000,
        type: s % 2 === 0 ? 'counter' : 'gauge',
      });
    }
  }
  return out;
}

/** Batch `id`, with the last 5 seconds of the batch before replayed in front (duplicates). */
export function crashBatch(id: number, mode: 'write' | 'compact'): { points: Point[]; newest: number } {
  const own = pointsOf(id, mode);
  const replay = id > 0 ? pointsOf(id - 1, mode).slice(-5 * CRASH_SERIES) : [];
  return { points: [...replay, ...own], newest: own[own.length - 1].ts };
}
