// /proc/loadavg: "0.22 0.43 0.23 2/95 9676".
import type { LoadSample } from '../sample.js';
import { readProcFile } from './proc-file.js';

export function parseLoadavg(text: string): LoadSample {
  const parts = text.trim().split(' ');
  const slash = parts.length > 3 ? parts[3].indexOf('/') : -1;
  const load1 = Number(parts[0]);
  const load5 = Number(parts[1]);
  const load15 = Number(parts[2]);
  const runnable = slash === -1 ? Number.NaN : Number(parts[3].slice(0, slash));
  const threads = slash === -1 ? Number.NaN : Number(parts[3].slice(slash + 1));
  if (![load1, load5, load15, runnable, threads].every(Number.isFinite)) {
    throw new Error(`/proc/loadavg: cannot parse "${text.trim()}"`);
  }
  return { load1, load5, load15, runnable, threads };
}

export function readLoad(root: string): LoadSample {
  return parseLoadavg(readProcFile(`${root}/proc/loadavg`));
}
