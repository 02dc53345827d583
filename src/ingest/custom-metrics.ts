// The latest value of every custom series (what applications pushed), for the listing routes
// and /metrics. History lives in the store; this is the in-memory "now" view, bounded by the
// store's max_series (a series the store refused never gets here).
import type { MetricFamily } from '../export/family.js';
import type { Point } from '../store/tsdb/tsdb.js';

export interface CustomSeries {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Unix ms of the latest point. */
  ts: number;
  type: 'counter' | 'gauge';
}

// Parsers hand out one labels object for all the points of a line (one per field), so the
// sorted label key is computed once per labels object, not once per point.
const labelKeys = new WeakMap<Record<string, string>, string>();

function labelKeyOf(labels: Record<string, string>): string {
  let k = labelKeys.get(labels);
  if (k === undefined) {
    k = Object.keys(labels)
      .sort()
      .map((n) => `${n}\u0001${labels[n]}`)
      .join('\u0000');
    labelKeys.set(labels, k);
  }
  return k;
}

const keyOf = (name: string, labels: Record<string, string>): string => `${name}\u0000${labelKeyOf(labels)}`;

export class CustomMetrics {
  private readonly series = new Map<string, CustomSeries>();

  record(points: readonly Point[]): void {
    for (const p of points) {
      const key = keyOf(p.name, p.labels);
      const cur = this.series.get(key);
      if (cur && cur.ts > p.ts) continue;
      this.series.set(key, {
        name: p.name,
        labels: p.labels,
        value: p.value,
        ts: p.ts,
        type: p.type ?? 'gauge',
      });
    }
  }

  get size(): number {
    return this.series.size;
  }

  all(): CustomSeries[] {
    return [...this.series.values()];
  }

  names(): string[] {
    return [...new Set([...this.series.values()].map((s) => s.name))].sort();
  }

  clear(): number {
    const n = this.series.size;
    this.series.clear();
    return n;
  }

  /** The latest values as families for /metrics (their own names and labels). */
  families(): MetricFamily[] {
    const byName = new Map<string, MetricFamily>();
    for (const s of this.series.values()) {
      let f = byName.get(s.name);
      if (!f) {
        f = { name: s.name, help: 'Custom metric pushed to hostpulse.', type: s.type, samples: [] };
        byName.set(s.name, f);
      }
      f.samples.push({ labels: s.labels, value: s.value });
    }
    return [...byName.values()];
  }
}
