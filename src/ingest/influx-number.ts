// Numeric field values of line protocol, validated against the grammar before any conversion (Number()
// alone would take `0x10`, `Infinity` or ` 1`). The common short values are computed in one pass; the
// rest go through Number(), which rounds correctly.
//
//   float = [ "-" ] ( digits [ "." [ digits ] ] | "." digits ) [ ( "e" | "E" ) [ "+" | "-" ] digits ]
//   int   = [ "-" ] digits "i"        uint = digits "u"
//
// Results: the value; NaN when the text is not that kind of number; ±Infinity when it is one but out of
// range (a float beyond ±1.8e308, an int outside int64, a uint outside uint64). Integers beyond 2^53
// come back as the nearest double: the store keeps float64 samples.

// Exact powers of ten: a value below 2^53 times or divided by one of these is one correctly rounded
// IEEE operation (Clinger's fast path).
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
// Digits gathered into the running mantissa: 16 covers Go's shortest float formatting of most measured
// ratios (0.4008016032064128); the result is exact only while the mantissa stays below 2^53.
const MAX_FAST_DIGITS = 16;
const TWO_53 = 9007199254740992;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Where the last scanFloat stopped. */
export const floatScan = { end: 0 };

/**
 * The float at text[start…] (stopping at `limit`), read as far as the float grammar goes: the value,
 * with floatScan.end set to the first offset past it, or NaN when there is no float there (no digit,
 * or an exponent without digits). The caller decides whether what follows may follow a value; this
 * way the value is read in the same pass that finds where it ends.
 */
export function scanFloat(text: string, start: number, limit: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  let exact = true;
  let c = text.charCodeAt(i);
  while (i < limit && isDigit(c)) {
    digits++;
    if (mantissa !== 0 || c !== 48) {
      if (significant < MAX_FAST_DIGITS) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      } else exact = false;
    }
    c = text.charCodeAt(++i);
  }
  if (i < limit && c === 46) {
    c = text.charCodeAt(++i);
    while (i < limit && isDigit(c)) {
      digits++;
      if (mantissa !== 0 || c !== 48) {
        if (significant < MAX_FAST_DIGITS) {
          mantissa = mantissa * 10 + (c - 48);
          significant++;
          scale--;
        } else exact = false;
      } else scale--;
      c = text.charCodeAt(++i);
    }
  }
  floatScan.end = i;
  if (digits === 0) return Number.NaN;
  if (i < limit && (c === 101 || c === 69)) {
    c = text.charCodeAt(++i);
    let expNegative = false;
    if (i < limit && (c === 43 || c === 45)) {
      expNegative = c === 45;
      c = text.charCodeAt(++i);
    }
    if (!(i < limit && isDigit(c))) {
      floatScan.end = i;
      return Number.NaN;
    }
    let exp = 0;
    while (i < limit && isDigit(c)) {
      if (exp < 100_000) exp = exp * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    scale += expNegative ? -exp : exp;
    floatScan.end = i;
  }
  if (exact && mantissa < TWO_53 && scale >= -22 && scale <= 22) {
    const v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
    return negative ? -v : v;
  }
  return Number(text.slice(start, i));
}

/** A float field value that is all of text[start, end). */
export function parseFloatValue(text: string, start: number, end: number): number {
  const v = scanFloat(text, start, end);
  return floatScan.end === end ? v : Number.NaN;
}

const INT64_MAX = '9223372036854775807';
const INT64_MIN_ABS = '9223372036854775808';
const UINT64_MAX = '18446744073709551615';

function exceeds(text: string, start: number, end: number, limit: string): boolean {
  while (start < end - 1 && text.charCodeAt(start) === 48) start++;
  const len = end - start;
  if (len !== limit.length) return len > limit.length;
  for (let i = 0; i < len; i++) {
    const d = text.charCodeAt(start + i) - limit.charCodeAt(i);
    if (d !== 0) return d > 0;
  }
  return false;
}

/** An integer field value in text[start, end), without its `i` or `u` suffix. */
export function parseIntegerValue(text: string, start: number, end: number, unsigned: boolean): number {
  let i = start;
  const negative = !unsigned && text.charCodeAt(i) === 45;
  if (negative) i++;
  const first = i;
  if (first === end) return Number.NaN;
  let v = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  if (end - first > 15) {
    const limit = unsigned ? UINT64_MAX : negative ? INT64_MIN_ABS : INT64_MAX;
    if (exceeds(text, first, end, limit)) return negative ? -Infinity : Infinity;
    // The running sum above rounded at every step; one conversion of the whole text rounds once.
    v = Number(text.slice(first, end));
  }
  return negative ? -v : v;
}
