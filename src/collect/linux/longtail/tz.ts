// The local zone's abbreviation and offset as Go's time.Now().Zone() reports them, for
// node_time_zone_offset_seconds{time_zone}. The offset comes from the JS runtime; the name comes
// from the TZif file Go would load (ICU's names differ from tzdata's, e.g. "GMT+1" vs "CET").
import { readFileSync } from 'node:fs';

export interface ZoneType {
  offsetSeconds: number;
  isDst: boolean;
  abbr: string;
}

export interface TzInfo {
  /** Transition times (Unix seconds), ascending, each with an index into `types`. */
  transitions: { at: number; type: number }[];
  types: ZoneType[];
  /** The POSIX TZ footer of v2+ files, rules for times after the last transition. */
  footer?: string;
}

/** Parses a TZif file (RFC 8536): the v1 block for v1 files, otherwise the 64-bit v2+ block and footer. */
export function parseTzif(buf: Buffer): TzInfo {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') throw new Error('not a TZif file');
  const version = buf[4];
  const header = (off: number) => ({
    isutcnt: buf.readUInt32BE(off + 20),
    isstdcnt: buf.readUInt32BE(off + 24),
    leapcnt: buf.readUInt32BE(off + 28),
    timecnt: buf.readUInt32BE(off + 32),
    typecnt: buf.readUInt32BE(off + 36),
    charcnt: buf.readUInt32BE(off + 40),
  });
  let h = header(0);
  let off = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    off += h.timecnt * 5 + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt + h.isutcnt;
    h = header(off);
    off += 44;
    timeSize = 8;
  }
  const transitions: { at: number; type: number }[] = [];
  for (let i = 0; i < h.timecnt; i++) {
    const at = timeSize === 8 ? Number(buf.readBigInt64BE(off + i * 8)) : buf.readInt32BE(off + i * 4);
    transitions.push({ at, type: 0 });
  }
  off += h.timecnt * timeSize;
  for (let i = 0; i < h.timecnt; i++) transitions[i].type = buf[off + i];
  off += h.timecnt;
  const rawTypes: { offsetSeconds: number; isDst: boolean; abbrIndex: number }[] = [];
  for (let i = 0; i < h.typecnt; i++) {
    rawTypes.push({
      offsetSeconds: buf.readInt32BE(off),
      isDst: buf[off + 4] === 1,
      abbrIndex: buf[off + 5],
    });
    off += 6;
  }
  const chars = buf.subarray(off, off + h.charcnt);
  off += h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  const types = rawTypes.map((t) => {
    const end = chars.indexOf(0, t.abbrIndex);
    return {
      offsetSeconds: t.offsetSeconds,
      isDst: t.isDst,
      abbr: chars.toString('latin1', t.abbrIndex, end === -1 ? chars.length : end),
    };
  });
  let footer: string | undefined;
  if (timeSize === 8 && buf[off] === 0x0a) {
    const end = buf.indexOf(0x0a, off + 1);
    if (end !== -1) footer = buf.toString('latin1', off + 1, end);
  }
  return { transitions, types, footer };
}

/** The std and dst abbreviations and the std UTC offset of a POSIX TZ string like "CET-1CEST,M3.5.0,…". */
export function parseTzFooter(
  footer: string,
): { std: string; stdOffsetSeconds: number; dst?: string; dstOffsetSeconds?: number } | undefined {
  const m =
    /^(<[^>]+>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{1,2}){0,2})(?:(<[^>]+>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{1,2}){0,2})?)?/.exec(
      footer,
    );
  if (m === null) return undefined;
  const name = (s: string) => (s.startsWith('<') ? s.slice(1, -1) : s);
  // POSIX offsets are hours west of Greenwich: "CET-1" is UTC+1.
  const seconds = (s: string) => {
    const neg = s.startsWith('-');
    const [hh, mm = '0', ss = '0'] = s.replace(/^[+-]/, '').split(':');
    const v = Number(hh) * 3600 + Number(mm) * 60 + Number(ss);
    return neg ? v : 0 - v;
  };
  const stdOffsetSeconds = seconds(m[2]);
  if (m[3] === undefined) return { std: name(m[1]), stdOffsetSeconds };
  return {
    std: name(m[1]),
    stdOffsetSeconds,
    dst: name(m[3]),
    dstOffsetSeconds: m[4] === undefined ? stdOffsetSeconds + 3600 : seconds(m[4]),
  };
}

/**
 * The abbreviation in force at `nowSeconds` whose offset is `offsetSeconds`: by transition while
 * inside the table, by the footer after it, by matching offset when those disagree with the runtime.
 */
export function zoneName(info: TzInfo, nowSeconds: number, offsetSeconds: number): string | undefined {
  const { transitions, types } = info;
  const last = transitions[transitions.length - 1];
  if (last === undefined || nowSeconds >= last.at) {
    const f = info.footer === undefined ? undefined : parseTzFooter(info.footer);
    if (f !== undefined) {
      if (
        f.dst !== undefined &&
        offsetSeconds === f.dstOffsetSeconds &&
        offsetSeconds !== f.stdOffsetSeconds
      ) {
        return f.dst;
      }
      if (offsetSeconds === f.stdOffsetSeconds) return f.std;
    }
  }
  if (transitions.length === 0 || nowSeconds < transitions[0].at) {
    // Go's lookupFirstZone: the first non-DST type.
    const first = types.find((t) => !t.isDst) ?? types[0];
    if (first !== undefined && first.offsetSeconds === offsetSeconds) return first.abbr;
  } else {
    let lo = 0;
    let hi = transitions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (transitions[mid].at <= nowSeconds) lo = mid;
      else hi = mid - 1;
    }
    const t = types[transitions[lo].type];
    if (t !== undefined && t.offsetSeconds === offsetSeconds) return t.abbr;
  }
  for (let i = transitions.length - 1; i >= 0; i--) {
    const t = types[transitions[i].type];
    if (t !== undefined && t.offsetSeconds === offsetSeconds) return t.abbr;
  }
  return types.find((t) => t.offsetSeconds === offsetSeconds)?.abbr;
}

const ZONEINFO_DIRS = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/'];
const infoCache = new Map<string, TzInfo | null>();

/** Go's initLocal: TZ unset → /etc/localtime; TZ="" → UTC; TZ=":X" or "X" → zoneinfo file X. */
function localTzInfo(tz: string | undefined): TzInfo | null {
  const key = tz ?? '\0unset';
  const hit = infoCache.get(key);
  if (hit !== undefined) return hit;
  let candidates: string[];
  if (tz === undefined) candidates = ['/etc/localtime'];
  else {
    const name = tz.startsWith(':') ? tz.slice(1) : tz;
    if (name === '' || name === 'UTC') candidates = [];
    else if (name.startsWith('/')) candidates = [name];
    else candidates = ZONEINFO_DIRS.map((d) => d + name);
  }
  let info: TzInfo | null = null;
  for (const path of candidates) {
    try {
      info = parseTzif(readFileSync(path));
      break;
    } catch {
      // try the next location, as Go does
    }
  }
  infoCache.set(key, info);
  return info;
}

/** Local time zone abbreviation and UTC offset at `now`, as Go's time.Now().Zone(). */
export function localZone(
  now: Date,
  tz: string | undefined = process.env.TZ,
): { name: string; offsetSeconds: number } {
  const offsetSeconds = -now.getTimezoneOffset() * 60 || 0;
  const info = localTzInfo(tz);
  if (info === null)
    return offsetSeconds === 0 ? { name: 'UTC', offsetSeconds } : { name: fallbackName(now), offsetSeconds };
  return {
    name: zoneName(info, Math.floor(now.getTime() / 1000), offsetSeconds) ?? fallbackName(now),
    offsetSeconds,
  };
}

function fallbackName(now: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}
