// A tick's host series as store points: the same names and labels /metrics serves (so a scrape
// now and a query next month agree), plus the host label, minus the [store] exclude patterns.
import type { MetricFamily } from '../export/family.js';
import type { Point } from './tsdb/tsdb.js';

/** One RegExp for metric-name patterns where `*` matches any run; null for no patterns. */
export function compileNamePatterns(patterns: readonly string[]): RegExp | null {
  if (patterns.length === 0) return null;
  return new RegExp(`^(?:${patterns.map((p) => p.replaceAll('*', '.*')).join('|')})$`);
}

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
