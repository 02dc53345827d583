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

// Parsers hand out one labels object for all the points of a line (one per field), so the label
// part of the key is computed and looked up once per labels object, and the name per point. (Not
// cached in a WeakMap: a line's labels object lives for one request, and weak keys by the thousand
// cost the garbage collector more than the key costs to build.)
function labelKeyOf(labels: Record<string, string>): string {
  // Label names usually come sorted already (Telegraf sorts tags): then no array is built.
  let k = '';
  let prev = '';
  let sorted = true;
  for (const n in labels) {
    if (n < prev) {
      sorted = false;
      break;
    }
    prev = n;
    k += `${n}\u0001${labels[n]}\u0000`;
  }
  if (!sorted) {
    k = '';
    for (const n of Object.keys(labels).sort()) k += `${n}\u0001${labels[n]}\u0000`;
  }
  return k;
}

export class CustomMetrics {
  /** Sorted label key → metric name → series. */
  private readonly series = new Map<string, Map<string, CustomSeries>>();
  /** A frozen labels object (the line protocol parser hands the same one per tag set) → its entry. */
  private byFrozen = new WeakMap<object, Map<string, CustomSeries>>();
  /** The same series in the order they first came (what the listings show). */
  private list: CustomSeries[] = [];

  record(points: readonly Point[]): void {
    let last: Record<string, string> | null = null;
    let byName: Map<string, CustomSeries> | undefined;
    for (const p of points) {
      if (p.labels !== last) {
        last = p.labels;
        const frozen = Object.isFrozen(last);
        byName = frozen ? this.byFrozen.get(last) : undefined;
        if (byName === undefined) {
          const lk = labelKeyOf(last);
          byName = this.series.get(lk);
          if (byName === undefined) {
            byName = new Map();
            this.series.set(lk, byName);
          }
          if (frozen) this.byFrozen.set(last, byName);
        }
      }
      const named = byName as Map<string, CustomSeries>;
      const cur = named.get(p.name);
      if (cur === undefined) {
        const s: CustomSeries = {
          name: p.name,
          labels: p.labels,
          value: p.value,
          ts: p.ts,
          type: p.type ?? 'gauge',
        };
        named.set(p.name, s);
        this.list.push(s);
      } else if (!(cur.ts > p.ts)) {
        // Updated in place: a listing reads the values when it runs.
        cur.value = p.value;
        cur.ts = p.ts;
        cur.type = p.type ?? 'gauge';
      }
    }
  }

  get size(): number {
    return this.list.length;
  }

  all(): CustomSeries[] {
    return [...this.list];
  }

  names(): string[] {
    return [...new Set(this.list.map((s) => s.name))].sort();
  }

  clear(): number {
    const n = this.list.length;
    this.series.clear();
    this.byFrozen = new WeakMap();
    this.list = [];
    return n;
  }

  /** The latest values as families for /metrics (their own names and labels). */
  families(): MetricFamily[] {
    const byName = new Map<string, MetricFamily>();
    for (const s of this.list) {
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
