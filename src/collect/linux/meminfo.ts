// /proc/meminfo: every field in bytes, and the memory/swap figures derived from them.
import type { MemorySample, SwapSample } from '../sample.js';
import { readProcFile } from './proc-file.js';

/**
 * `Key:   123 kB` → bytes (×1024); fields without a unit (HugePages_* page counts) stay as they are.
 * Lines that do not parse are skipped rather than failing the whole file. `unitless`, when given,
 * collects the keys printed without a unit (node_exporter names only the others `_bytes`).
 */
export function parseMeminfo(text: string, unitless?: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  let start = 0;
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    const colon = text.indexOf(':', start);
    if (colon !== -1 && colon < end) {
      const key = text.slice(start, colon);
      let valueEnd = end;
      let scale = 1;
      // Only "kB" occurs in practice; it is the kernel's KiB despite the spelling.
      if (text.startsWith(' kB', end - 3)) {
        valueEnd = end - 3;
        scale = 1024;
      }
      const raw = text.slice(colon + 1, valueEnd);
      const v = Number(raw);
      // Number('   ') is 0; an empty value is not a zero.
      if (Number.isFinite(v) && raw.trim() !== '') {
        out[key] = v * scale;
        if (scale === 1) unitless?.push(key);
      }
    }
    start = end + 1;
  }
  return out;
}

export interface MemoryRead {
  memory: MemorySample;
  swap: SwapSample;
}

/**
 * used = total − available, as `free` and psutil report it. Kernels before 3.14 have no
 * MemAvailable; free + buffers + cached is the estimate those tools used then.
 */
export function memoryFrom(fields: Record<string, number>, unitless?: string[]): MemoryRead {
  const total = fields.MemTotal ?? 0;
  const free = fields.MemFree ?? 0;
  const buffers = fields.Buffers ?? 0;
  const cached = fields.Cached ?? 0;
  const available = fields.MemAvailable ?? free + buffers + cached;
  const used = total > available ? total - available : 0;

  const swapTotal = fields.SwapTotal ?? 0;
  const swapFree = fields.SwapFree ?? 0;
  const swapUsed = swapTotal > swapFree ? swapTotal - swapFree : 0;

  return {
    memory: {
      total,
      available,
      used,
      percent: total > 0 ? (used / total) * 100 : 0,
      free,
      buffers,
      cached,
      fields,
      ...(unitless === undefined ? {} : { unitless }),
    },
    swap: {
      total: swapTotal,
      used: swapUsed,
      free: swapFree,
      percent: swapTotal > 0 ? (swapUsed / swapTotal) * 100 : 0,
    },
  };
}

export function readMemory(root: string): MemoryRead {
  const unitless: string[] = [];
  const fields = parseMeminfo(readProcFile(`${root}/proc/meminfo`), unitless);
  if (fields.MemTotal === undefined) throw new Error('/proc/meminfo: no MemTotal');
  return memoryFrom(fields, unitless);
}
