// A tick's host series as store points: the same names and labels /metrics serves (so a scrape
// now and a query next month agree), plus the host label, minus the [store] exclude patterns.
import type { MetricFamily, MetricSample } from '../export/family.js';
import type { Point } from './tsdb/tsdb.js';

/** One RegExp for metric-name patterns where `*` matches any run; null for no patterns. */
export function compileNamePatterns(patterns: readonly string[]): RegExp | null {
  if (patterns.length === 0) return null;
  return new RegExp(`^(?:${patterns.map((p) => p.replaceAll('*', '.*')).join('|')})$`);
}

/**
 * The plain mapping, one new point per sample. The agent uses PointCache (same output, reused
 * objects); this stays as its specification, which the tests hold PointCache to.
 */
export function familiesToPoints(
  families: readonly MetricFamily[],
  host: string,
  ts: number,
  exclude: RegExp | null,
): Point[] {
  const out: Point[] = [];
  for (const f of families) {
    if (exclude?.test(f.name)) continue;
    const type = f.type === 'counter' ? 'counter' : 'gauge';
    for (const s of f.samples)
      out.push({ name: f.name, labels: { ...s.labels, host }, value: s.value, ts, type });
  }
  return out;
}

interface FamilyCache {
  excluded: boolean;
  type: 'counter' | 'gauge';
  /** Points by sample position: a tick lists a family's series in the same order as the last one. */
  points: Point[];
}

/**
 * familiesToPoints for a ticking agent: the series set barely changes between ticks, so each point
 * object (and its labels, which the store recognises by identity) is kept and only value and ts are
 * rewritten. The returned array and its points are valid until the next call.
 */
export class PointCache {
  private readonly families = new Map<string, FamilyCache>();
  private readonly out: Point[] = [];

  constructor(
    private readonly host: string,
    private readonly exclude: RegExp | null,
  ) {}

  points(families: readonly MetricFamily[], ts: number): Point[] {
    const out = this.out;
    let n = 0;
    for (const f of families) {
      let c = this.families.get(f.name);
      const type = f.type === 'counter' ? 'counter' : 'gauge';
      if (c === undefined || c.type !== type) {
        c = { excluded: this.exclude?.test(f.name) ?? false, type, points: [] };
        this.families.set(f.name, c);
      }
      if (c.excluded) continue;
      const cached = c.points;
      const samples = f.samples;
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i];
        let p = cached[i];
        if (p === undefined || !this.sameSeries(p.labels, s)) {
          // Frozen: the store then resolves the series by the object's identity, without a key.
          p = {
            name: f.name,
            labels: Object.freeze({ ...s.labels, host: this.host }),
            value: 0,
            ts: 0,
            type,
          };
          cached[i] = p;
        }
        p.value = s.value;
        p.ts = ts;
        out[n++] = p;
      }
      if (cached.length > samples.length) cached.length = samples.length;
    }
    out.length = n;
    // Families gone from the sample (a failed collector, an unplugged disk) keep their points only
    // until the map grows past what a host ever lists; then it starts over.
    if (this.families.size > 4 * families.length + 64) this.families.clear();
    return out;
  }

  /** Whether `labels` is `s.labels` plus the host label, without building it. */
  private sameSeries(labels: Record<string, string>, s: MetricSample): boolean {
    let n = 0;
    let hasHost = false;
    for (const k in s.labels) {
      n++;
      if (k === 'host') hasHost = true;
      else if (labels[k] !== s.labels[k]) return false;
    }
    if (labels.host !== this.host) return false;
    if (!hasHost) n++;
    for (const _ in labels) n--;
    return n === 0;
  }
}
