// Write precision and timestamp scaling for line protocol. Timestamps are converted to unix ms by
// digit arithmetic on the text (never through a float of the nanosecond count), so a 19-digit ns
// timestamp maps to the exact ms it falls in. The division rounds toward −∞ (floor): 1999999 ns is
// 1 ms and −1 ns is −1 ms, so every instant lands in the millisecond that contains it.

/** v2 `/api/v2/write` takes ns|us|ms|s; v1 `/write` also takes n, u, µ, m (minutes) and h (hours). */
export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

const PRECISIONS: Readonly<Record<string, Precision>> = {
  ns: 'ns',
  n: 'ns',
  us: 'us',
  u: 'us',
  '\u00b5': 'us', // MICRO SIGN, what the v1 docs print
  '\u03bc': 'us', // GREEK SMALL LETTER MU, what a keyboard often gives instead
  ms: 'ms',
  s: 's',
  m: 'm',
  h: 'h',
};

/** The `precision` query parameter; absent or empty means ns (InfluxDB's default). Throws on others. */
export function parsePrecision(raw: string | undefined): Precision {
  if (raw === undefined || raw === '') return 'ns';
  const p = Object.hasOwn(PRECISIONS, raw) ? PRECISIONS[raw] : undefined;
  if (p === undefined) {
    throw new Error(
      `invalid precision ${JSON.stringify(raw)}: expected ns, us, ms or s (InfluxDB v1 also takes n, u, µ, m, h)`,
    );
  }
  return p;
}

/**
 * Largest magnitude per precision: InfluxDB's timestamp range is ±9223372036854775806 ns, and a
 * timestamp in a coarser precision must still fit it once scaled to ns.
 */
const LIMIT: Readonly<Record<Precision, string>> = {
  ns: '9223372036854775806',
  us: '9223372036854775',
  ms: '9223372036854',
  s: '9223372036',
  m: '153722867',
  h: '2562047',
};

/** Decimal digits dropped to reach ms (ns, us), or the factor that multiplies up to ms (ms and coarser). */
const DROP: Readonly<Record<Precision, number>> = { ns: 6, us: 3, ms: 0, s: 0, m: 0, h: 0 };
const UNIT_MS: Readonly<Record<Precision, number>> = {
  ns: 1,
  us: 1,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** The timestamp given to lines without one: `now` truncated to the write precision, like InfluxDB. */
export function defaultTimestamp(nowMs: number, precision: Precision): number {
  const unit = UNIT_MS[precision];
  return unit === 1 ? Math.floor(nowMs) : Math.floor(nowMs / unit) * unit;
}

function exceeds(text: string, start: number, end: number, limit: string): boolean {
  const len = end - start;
  if (len !== limit.length) return len > limit.length;
  for (let i = 0; i < len; i++) {
    const d = text.charCodeAt(start + i) - limit.charCodeAt(i);
    if (d !== 0) return d > 0;
  }
  return false;
}

/**
 * Unix ms of the decimal digits text[start, end) (at least one, all 0-9), negated when `negative`,
 * in `precision`. NaN when the timestamp is outside InfluxDB's range.
 */
export function timestampMs(
  text: string,
  start: number,
  end: number,
  negative: boolean,
  precision: Precision,
): number {
  while (start < end - 1 && text.charCodeAt(start) === 48) start++;
  if (exceeds(text, start, end, LIMIT[precision])) return Number.NaN;
  const drop = DROP[precision];
  const cut = Math.max(end - drop, start);
  // At most 13 digits remain (the ms limit), so this sum is exact.
  let ms = 0;
  for (let i = start; i < cut; i++) ms = ms * 10 + (text.charCodeAt(i) - 48);
  if (drop === 0) ms *= UNIT_MS[precision];
  else if (negative) {
    // Floor of a negative: any non-zero dropped digit moves one ms further down.
    for (let i = cut; i < end; i++) {
      if (text.charCodeAt(i) !== 48) {
        ms += 1;
        break;
      }
    }
  }
  return negative ? 0 - ms : ms;
}
