// Prometheus text exposition (format 0.0.4) and OpenMetrics 1.0 rendering of metric families.
// Hand-written because it is the scrape hot path: one pass, string concatenation, no objects.
import type { MetricFamily, MetricType } from './family.js';

export const PROM_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

const escapeHelp = (s: string): string =>
  s.indexOf('\\') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const escapeLabel = (s: string): string =>
  s.indexOf('\\') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
    ? s
    : s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

export function formatLabels(labels: Record<string, string>): string {
  let out = '';
  for (const k in labels) {
    out += `${out === '' ? '{' : ','}${k}="${escapeLabel(labels[k])}"`;
  }
  return out === '' ? '' : `${out}}`;
}

function openMetricsType(f: MetricFamily): { name: string; type: string } {
  const t: MetricType = f.type;
  if (t === 'counter') {
    // OpenMetrics counters are named without _total; a counter lacking it is exposed as unknown.
    if (f.name.endsWith('_total')) return { name: f.name.slice(0, -6), type: 'counter' };
    return { name: f.name, type: 'unknown' };
  }
  if (t === 'untyped') return { name: f.name, type: 'unknown' };
  return { name: f.name, type: t };
}

/** Renders families; families with no samples are left out, as client_golang does. */
export function renderFamilies(
  families: readonly MetricFamily[],
  format: ExpositionFormat = 'prometheus',
): string {
  let out = '';
  for (const f of families) {
    if (f.samples.length === 0) continue;
    if (format === 'openmetrics') {
      const { name, type } = openMetricsType(f);
      out += `# HELP ${name} ${escapeHelp(f.help)}\n# TYPE ${name} ${type}\n`;
    } else {
      out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    }
    for (const s of f.samples) out += `${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}\n`;
  }
  return out;
}
