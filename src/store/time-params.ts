// Times and steps as users type them in query strings and on the command line.
import { QueryError } from './tsdb/tsdb.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A time: unix seconds (fractions allowed) or RFC 3339; in ms. */
export function parseTime(param: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(n)) return Math.round(n * 1000);
  const t = Date.parse(raw);
  if (/^\d{4}-\d\d-\d\dT/.test(raw) && Number.isFinite(t)) return t;
  throw new QueryError(param, `${param} must be unix seconds or an RFC 3339 time, got "${raw}"`);
}

/** A step: seconds ("60", "0.5") or a duration ("30s", "5m", "1h"); in ms, > 0. */
export function parseStep(raw: string): number {
  const m = DURATION.exec(raw.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] ?? 's'] : Number.NaN;
  if (!(ms > 0))
    throw new QueryError('step', `step must be a positive duration like 60, 30s, 5m or 1h, got "${raw}"`);
  return ms;
}
