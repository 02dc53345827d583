// What the store's parts share: the database, the index, resolved options and live counters.

import type Database from 'better-sqlite3';
import type { Db, Meta } from './db.js';
import type { SeriesIndex } from './series-index.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Rollup tiers: step, and the period one stored row covers (a whole number of raw windows). */
export const TIERS = {
  '1m': { id: 1, step: MINUTE_MS, period: DAY_MS },
  '1h': { id: 2, step: HOUR_MS, period: 30 * DAY_MS },
} as const;
export type TierName = keyof typeof TIERS;
export type Tier = (typeof TIERS)[TierName];

export interface StoreLog {
  warn(o: object, m: string): void;
  info(o: object, m: string): void;
}

export interface Resolved {
  path: string;
  /** Raw chunk window; a divisor of a day and a multiple of an hour, so rollup steps nest in it. */
  windowMs: number;
  /** A window is closed (compacted) once now > its end + grace. */
  graceMs: number;
  foldIntervalMs: number;
  foldMaxRows: number;
  /** Ages in ms; 0 keeps forever. */
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  /** 0: no budget. */
  maxDiskBytes: number;
  /** 0: no limit. */
  maxSeries: number;
  sliceMs: number;
  /** Points one fold step takes (whole series, so it can be more). */
  foldStepPoints: number;
  retentionIntervalMs: number;
}

/** In-memory tallies kept exact by the code paths that change the rows they count. */
export interface Tallies {
  hotRows: number;
  segSamples: number;
  segChunks: number;
  finalSamples: number;
  finalChunks: number;
}

export interface Ctx {
  db: Db;
  /** The prepared statement of `text`, prepared once (each text is used in one mode: rows, raw or pluck). */
  sql(text: string): Database.Statement;
  meta: Meta;
  index: SeriesIndex;
  opt: Resolved;
  now: () => number;
  log: StoreLog;
  t: Tallies;
  /**
   * Bumped by anything that may delete `pending` rows (compaction, retention, deleteSeries): a fold
   * skips re-inserting a (series, window) it inserted under the same epoch.
   */
  pendingEpoch: number;
  /** Decoded shared timestamp columns by tscol id (small; cleared when it grows). */
  tsCache: Map<number, Float64Array>;
}

export function windowOf(ts: number, windowMs: number): number {
  return Math.floor(ts / windowMs) * windowMs;
}
