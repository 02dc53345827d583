// /proc/uptime: "328.80 449.84" (seconds since boot, summed idle seconds of all CPUs).
import type { UptimeSample } from '../sample.js';
import { readProcFile } from './proc-file.js';

export function parseUptime(text: string): number {
  const sp = text.indexOf(' ');
  const raw = sp === -1 ? text.trim() : text.slice(0, sp);
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v) || v < 0)
    throw new Error(`/proc/uptime: cannot parse "${text.trim()}"`);
  return v;
}

/**
 * Boot time is the kernel's btime from /proc/stat when the caller has it (a fixed integer, like
 * node_exporter's node_boot_time_seconds); otherwise now − uptime, rounded to whole seconds so
 * that a value that is constant by nature does not jitter from tick to tick.
 */
export function uptimeFrom(seconds: number, nowMs: number, btime?: number): UptimeSample {
  const bootTime = btime !== undefined && btime > 0 ? btime : Math.round(nowMs / 1000 - seconds);
  return { seconds, bootTime };
}

export function readUptime(root: string, nowMs: number, btime?: number): UptimeSample {
  return uptimeFrom(parseUptime(readProcFile(`${root}/proc/uptime`)), nowMs, btime);
}
