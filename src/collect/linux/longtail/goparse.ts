// Number and line parsing with Go's strconv/bufio rules, so edge inputs succeed or fail exactly
// where node_exporter's do (e.g. sysfs `flags` is "0x1003", parsed with ParseInt base 0).

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** bufio.ScanLines: split on \n, drop a trailing \r per line, no final empty token. */
export function scanLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** strings.Fields: split on runs of whitespace, no empty fields. */
export function fields(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/legacy-0 prefixes, Go underscore rules. */
export function parseIntBase0(s: string): number | undefined {
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let digits: string;
  let radix: 2 | 8 | 10 | 16;
  const prefix = body.slice(0, 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    digits = body.slice(2);
    const digit = radix === 16 ? '[0-9a-fA-F]' : radix === 8 ? '[0-7]' : '[01]';
    if (!new RegExp(`^(_?${digit})+$`).test(digits)) return undefined;
  } else if (body.length > 1 && body[0] === '0') {
    radix = 8;
    digits = body.slice(1);
    if (!/^(_?[0-7])+$/.test(digits)) return undefined;
  } else {
    radix = 10;
    digits = body;
    if (!/^[0-9](_?[0-9])*$/.test(digits)) return undefined;
  }
  let v = 0n;
  const big = BigInt(radix);
  for (const ch of digits.replaceAll('_', '')) v = v * big + BigInt(Number.parseInt(ch, radix));
  if (neg) v = -v;
  if (v < INT64_MIN || v > INT64_MAX) return undefined;
  return Number(v);
}

/** strconv.ParseUint(s, base, bits) for an explicit base 10 or 16 (no sign, prefix or underscores). */
export function parseUint(s: string, base: 10 | 16 = 10, bits: 32 | 64 = 64): number | undefined {
  if (!(base === 10 ? /^[0-9]+$/ : /^[0-9a-fA-F]+$/).test(s)) return undefined;
  const v = base === 10 ? BigInt(s) : BigInt(`0x${s}`);
  if (v > (bits === 32 ? 0xffffffffn : UINT64_MAX)) return undefined;
  return Number(v);
}

/** strconv.ParseInt(s, 10, 64). */
export function parseInt10(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) return undefined;
  return Number(v);
}

const DECIMAL_FLOAT =
  /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?$/;

/**
 * strconv.ParseFloat(s, 64) for the decimal, inf and nan forms procfs can hold. Go refuses
 * out-of-range values (ErrRange), so an overflow to Infinity is an error here too.
 */
export function parseFloat64(s: string): number | undefined {
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
  if (unsigned === 'nan') return lower === unsigned ? Number.NaN : undefined;
  // Go allows underscores only after a base prefix, which decimal floats never have.
  if (s.includes('_') || !DECIMAL_FLOAT.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** ParseFloat that throws node_exporter-like errors. */
export function mustFloat(s: string, what: string): number {
  const v = parseFloat64(s);
  if (v === undefined) throw new Error(`invalid value ${JSON.stringify(s)} in ${what}`);
  return v;
}
