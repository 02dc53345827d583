// Pure value parsers for config keys: raw text in, typed value out, or a ValueError whose message
// says what was expected. The caller prefixes the location (file:line, env var or flag), so these
// messages never repeat it. Parsers of secrets never echo the value.

import { isAbsolute, resolve } from 'node:path';
import type { ForwardKind, LogLevel } from './types.js';

export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Quote a user value for an error message; long values are cut so one bad line stays one line. */
export function quote(raw: string): string {
  const cut = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
  return JSON.stringify(cut);
}

const INTEGER = /^[+-]?\d+(?:_\d+)*$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function rangeText(min: number, max: number): string {
  if (max === Number.MAX_SAFE_INTEGER) return `>= ${min}`;
  return `${min}-${max}`;
}

export function parseInteger(raw: string, min: number, max = Number.MAX_SAFE_INTEGER, note = ''): number {
  const n = INTEGER.test(raw) ? Number(raw.replaceAll('_', '')) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ValueError(`expected an integer ${rangeText(min, max)}${note}, got ${quote(raw)}`);
  }
  return n;
}

export function parseNumber(raw: string, min: number, max: number): number {
  const n = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new ValueError(`expected a number ${min}-${max}, got ${quote(raw)}`);
  }
  return n;
}

// The spellings Python's configparser.getboolean accepts, which the reference agent's users write.
const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

export function parseBoolean(raw: string): boolean {
  const v = raw.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ValueError(`expected true/false (also yes/no, on/off, 1/0), got ${quote(raw)}`);
}

// Reference-style (Python logging) names map onto pino's.
const LOG_LEVELS: Record<string, LogLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
  fatal: 'fatal',
  silent: 'silent',
};

export function parseLogLevel(raw: string): LogLevel {
  const level = LOG_LEVELS[raw.toLowerCase()];
  if (level === undefined) {
    throw new ValueError(
      `expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL (or trace, warn, fatal, silent), got ${quote(raw)}`,
    );
  }
  return level;
}

const UNIT_SEC: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
const DURATION_PART = /(\d+(?:\.\d+)?)([smhdwy])/gy;

/** "14d", "36h", "1d12h", "90m", "2y", "1w" or plain seconds → whole seconds (> 0). */
export function parseDuration(raw: string): number {
  const bad = () =>
    new ValueError(`expected a duration like 14d, 36h, 90m, 2y, 1w or plain seconds, got ${quote(raw)}`);
  const v = raw.trim().toLowerCase();
  let sec: number;
  if (/^\d+(?:\.\d+)?$/.test(v)) {
    sec = Number(v);
  } else {
    sec = 0;
    DURATION_PART.lastIndex = 0;
    let end = 0;
    for (let m = DURATION_PART.exec(v); m !== null; m = DURATION_PART.exec(v)) {
      sec += Number(m[1]) * UNIT_SEC[m[2]];
      end = DURATION_PART.lastIndex;
    }
    if (v === '' || end !== v.length) throw bad();
  }
  sec = Math.round(sec);
  if (sec <= 0 || !Number.isSafeInteger(sec)) throw bad();
  return sec;
}

/** Seconds → the shortest exact duration text (14d, 2y, 36h); the inverse of parseDuration. */
export function formatDuration(sec: number): string {
  for (const unit of ['y', 'd', 'h', 'm'] as const) {
    const size = UNIT_SEC[unit];
    if (sec >= size && sec % size === 0) return `${sec / size}${unit}`;
  }
  return `${sec}s`;
}

/** Comma-separated list; blanks around items and empty items are dropped, duplicates kept once. */
export function parseList(raw: string): string[] {
  const out: string[] = [];
  for (const item of raw.split(',')) {
    const v = item.trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

// Tokens travel in an Authorization header, so only visible ASCII works end to end.
const TOKEN = /^[\x21-\x7e]+$/;
const TOKEN_RULE = 'a token must be printable ASCII without spaces (value not shown)';

/** One secret; empty means none. The value is never echoed. */
export function parseToken(raw: string): string | null {
  if (raw === '') return null;
  if (!TOKEN.test(raw)) throw new ValueError(TOKEN_RULE);
  return raw;
}

export function parseTokenList(raw: string): string[] {
  const list = parseList(raw);
  if (!list.every((t) => TOKEN.test(t))) throw new ValueError(TOKEN_RULE);
  return list;
}

/** A host name or address to bind or to report; empty means "decide at start". */
export function parseHost(raw: string): string | null {
  if (raw === '') return null;
  if (/[\s/]/.test(raw)) throw new ValueError(`expected a host name or IP address, got ${quote(raw)}`);
  return raw;
}

/** A path; relative ones resolve against baseDir. */
export function parsePath(raw: string, baseDir: string): string {
  if (raw === '') throw new ValueError('expected a path, got ""');
  return resolve(baseDir, raw);
}

export function parseOptionalPath(raw: string, baseDir: string): string | null {
  return raw === '' ? null : resolve(baseDir, raw);
}

export function parseAbsolutePath(raw: string): string {
  if (!isAbsolute(raw)) throw new ValueError(`expected an absolute path, got ${quote(raw)}`);
  return raw;
}

export function parseHttpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValueError(`expected an http:// or https:// URL, got ${quote(maskUrl(raw))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValueError(`expected an http:// or https:// URL, got ${quote(maskUrl(raw))}`);
  }
  return raw;
}

/** Browser origins as the Origin header spells them ("*" allows any). */
export function parseOrigins(raw: string): string[] {
  return parseList(raw).map((o) => {
    if (o === '*') return o;
    const m = /^(https?:\/\/[^\s/?#]+)\/?$/i.exec(o);
    if (m === null) throw new ValueError(`expected origins like https://example.com or *, got ${quote(o)}`);
    return m[1];
  });
}

const KINDS: readonly ForwardKind[] = ['hostpulse', 'remote_write', 'influx', 'json'];

export function parseForwardKind(raw: string): ForwardKind {
  const v = raw.toLowerCase();
  const kind = KINDS.find((k) => k === v);
  if (kind === undefined) throw new ValueError(`expected one of ${KINDS.join(', ')}, got ${quote(raw)}`);
  return kind;
}

const SECRET_PARAM = /token|pass|secret|key|^p$|^u$|auth/i;

/**
 * A URL safe to print: the password in user:password@ and the values of credential-looking query
 * parameters (Influx v1 puts u= and p= there) become ****. Non-URLs come back unchanged.
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Still hide an embedded user:password@ in something URL-shaped but unparsable.
    return raw.replace(/\/\/([^/@:\s]*):[^/@\s]*@/, '//$1:****@');
  }
  let changed = false;
  if (url.password !== '') {
    url.password = '****';
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      url.searchParams.set(name, '****');
      changed = true;
    }
  }
  return changed ? url.toString() : raw;
}

/** A comma list of positive, strictly increasing numbers (histogram bucket bounds). */
export function parseBuckets(raw: string): number[] {
  const items = parseList(raw);
  if (items.length === 0) throw new ValueError('expected a comma-separated list of increasing numbers');
  const out = items.map((x) => {
    const n = Number(x);
    if (!Number.isFinite(n) || n <= 0) throw new ValueError(`expected positive numbers, got ${quote(x)}`);
    return n;
  });
  for (let i = 1; i < out.length; i++) {
    if (out[i] <= out[i - 1])
      throw new ValueError(`bucket bounds must increase, got ${out[i - 1]} then ${out[i]}`);
  }
  return out;
}

/** Metric name patterns: name characters plus * wildcards; an empty value means none. */
export function parseNamePatterns(raw: string): string[] {
  return parseList(raw).map((p) => {
    if (!/^[A-Za-z_:*][A-Za-z0-9_:*]*$/.test(p))
      throw new ValueError(`expected metric name patterns like node_netstat_*, got ${quote(p)}`);
    return p;
  });
}
