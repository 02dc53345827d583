// The JSON custom-metric formats of the reference metrics service:
//   simple: {"name","value","tags"?,"timestamp"?,"metric_type"?}
//   batch:  {"metrics":[{"name","fields":{…},"tags"?,"timestamp"?,"metric_type"?}]}
// A batch field becomes `name_field` (a field named `value` keeps `name`), like Telegraf's
// Prometheus naming. Invalid items are rejected one by one, each error naming its field.
import type { Point } from '../store/tsdb/tsdb.js';

export interface IngestError {
  /** JSON path of the bad item, e.g. metrics[3].fields.temp */
  field: string;
  message: string;
}

export interface JsonIngestResult {
  points: Point[];
  rejected: number;
  errors: IngestError[];
}

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_ERRORS = 20;

/**
 * Timestamps in s, ms, µs or ns, told apart by magnitude (the reference's examples use ns);
 * absent → now. Returns unix ms, or null for junk.
 */
export function timestampMs(raw: unknown, now: number): number | null {
  if (raw === undefined || raw === null) return now;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
  if (n >= 1e17) return Math.floor(n / 1e6);
  if (n >= 1e14) return Math.floor(n / 1e3);
  if (n >= 1e11) return Math.floor(n);
  return Math.round(n * 1000);
}

type MetricType = 'counter' | 'gauge';

function metricType(raw: unknown): MetricType | null | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'counter' || raw === 'gauge') return raw;
  if (raw === 'untyped' || raw === 'histogram' || raw === 'summary') return 'gauge';
  return null;
}

function labelsOf(raw: unknown, path: string, errors: IngestError[]): Record<string, string> | null {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ field: path, message: 'tags must be an object of strings' });
    return null;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!LABEL_NAME.test(k) || k.startsWith('__')) {
      errors.push({
        field: `${path}.${k}`,
        message: `invalid tag name "${k}" (letters, digits, _; not starting with __)`,
      });
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      errors.push({ field: `${path}.${k}`, message: 'tag values must be strings, numbers or booleans' });
      return null;
    }
    out[k] = String(v);
  }
  return out;
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

interface ItemCtx {
  now: number;
  points: Point[];
  errors: IngestError[];
  rejected: number;
}

function addPoint(
  ctx: ItemCtx,
  path: string,
  name: string,
  value: unknown,
  labels: Record<string, string>,
  ts: number,
  type: MetricType | undefined,
): void {
  const v = numeric(value);
  if (v === null) {
    ctx.rejected++;
    ctx.errors.push({ field: path, message: 'value must be a number or a boolean' });
    return;
  }
  ctx.points.push(type ? { name, labels, value: v, ts, type } : { name, labels, value: v, ts });
}

function header(item: unknown, path: string, ctx: ItemCtx) {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    ctx.errors.push({ field: path, message: 'expected an object' });
    return null;
  }
  const o = item as Record<string, unknown>;
  if (typeof o.name !== 'string' || !METRIC_NAME.test(o.name)) {
    ctx.errors.push({
      field: `${path}.name`,
      message: `name must match ${METRIC_NAME.source}, got ${JSON.stringify(o.name ?? null)}`,
    });
    return null;
  }
  const labels = labelsOf(o.tags, `${path}.tags`, ctx.errors);
  if (labels === null) return null;
  const ts = timestampMs(o.timestamp, ctx.now);
  if (ts === null) {
    ctx.errors.push({
      field: `${path}.timestamp`,
      message: 'timestamp must be a non-negative number (s, ms, µs or ns)',
    });
    return null;
  }
  const type = metricType(o.metric_type);
  if (type === null) {
    ctx.errors.push({ field: `${path}.metric_type`, message: 'metric_type must be gauge or counter' });
    return null;
  }
  return { o, name: o.name, labels, ts, type };
}

function finish(ctx: ItemCtx): JsonIngestResult {
  return { points: ctx.points, rejected: ctx.rejected, errors: ctx.errors.slice(0, MAX_ERRORS) };
}

export function parseSimpleMetric(body: unknown, now: number): JsonIngestResult {
  const ctx: ItemCtx = { now, points: [], errors: [], rejected: 0 };
  const h = header(body, '$', ctx);
  if (!h) {
    ctx.rejected++;
    return finish(ctx);
  }
  if (!('value' in h.o)) {
    ctx.rejected++;
    ctx.errors.push({ field: '$.value', message: 'value is required' });
    return finish(ctx);
  }
  addPoint(ctx, '$.value', h.name, h.o.value, h.labels, h.ts, h.type);
  return finish(ctx);
}

export function parseMetricBatch(body: unknown, now: number): JsonIngestResult {
  const ctx: ItemCtx = { now, points: [], errors: [], rejected: 0 };
  const list = (body as { metrics?: unknown } | null)?.metrics;
  if (!Array.isArray(list)) {
    ctx.errors.push({ field: '$.metrics', message: 'expected {"metrics": [ … ]}' });
    return finish(ctx);
  }
  list.forEach((item, i) => {
    const path = `metrics[${i}]`;
    const h = header(item, path, ctx);
    if (!h) {
      ctx.rejected++;
      return;
    }
    const fields = h.o.fields;
    if (
      typeof fields !== 'object' ||
      fields === null ||
      Array.isArray(fields) ||
      Object.keys(fields).length === 0
    ) {
      ctx.rejected++;
      ctx.errors.push({ field: `${path}.fields`, message: 'fields must be a non-empty object of numbers' });
      return;
    }
    for (const [f, v] of Object.entries(fields as Record<string, unknown>)) {
      const name = f === 'value' ? h.name : `${h.name}_${f}`;
      if (!METRIC_NAME.test(name)) {
        ctx.rejected++;
        ctx.errors.push({
          field: `${path}.fields.${f}`,
          message: `field name gives an invalid metric name "${name}"`,
        });
        continue;
      }
      addPoint(ctx, `${path}.fields.${f}`, name, v, h.labels, h.ts, h.type);
    }
  });
  return finish(ctx);
}
