// The reference agent's flat sample: the body of GET /metrics/latest, the items of /metrics/range
// and the columns of the daily CSV files. Scripts written against the reference parse exactly
// these keys, so the shape is a contract; everything richer lives in HostSample.

import type { HostSample } from '../collect/sample.js';

export interface FlatSample {
  /** Unix seconds with millisecond fraction. */
  ts_unix: number;
  /** ISO-8601 UTC with an explicit `+00:00` offset (Python's isoformat), millisecond precision. */
  ts_iso: string;
  host: string;
  /** Busy percent of all cores, 1 decimal. */
  cpu_total: number;
  /** Busy percent per core, ordered by kernel CPU index, 1 decimal. */
  cpu_per_core: number[];
  mem_percent: number;
  /** Bytes. */
  mem_total: number;
  /** Bytes (total − available). */
  mem_used: number;
  swap_percent: number;
  swap_total: number;
  swap_used: number;
  /** Average current frequency in MHz, 1 decimal; null when no core reports one. */
  freq_mhz: number | null;
}

/**
 * psutil reports percentages as round(x, 1); a percent that cannot be computed (a warm-up tick, a
 * core that just appeared, a 0/0 division) becomes 0, as psutil's first cpu_percent() call returns 0.0.
 */
export function round1(x: number | null): number {
  if (x === null || !Number.isFinite(x)) return 0;
  return Math.round(x * 10) / 10;
}

/** `2025-11-14T12:34:50.123+00:00`: the reference writes the offset, not `Z`. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '+00:00');
}

/**
 * The warm-up tick (usagePercent null) flattens to cpu_total 0; the agent never stores or serves
 * that tick, so the 0 is only visible to a caller that flattens it on purpose.
 */
export function flatSample(s: HostSample): FlatSample {
  const cores = [...s.cpu.cores].sort((a, b) => a.cpu - b.cpu);
  return {
    ts_unix: s.ts / 1000,
    ts_iso: isoUtc(s.ts),
    host: s.host,
    cpu_total: round1(s.cpu.usagePercent),
    cpu_per_core: cores.map((c) => round1(c.usagePercent)),
    mem_percent: round1(s.memory.percent),
    mem_total: s.memory.total,
    mem_used: s.memory.used,
    swap_percent: round1(s.swap.percent),
    swap_total: s.swap.total,
    swap_used: s.swap.used,
    freq_mhz: s.cpu.freqAvgMhz === null ? null : round1(s.cpu.freqAvgMhz),
  };
}
