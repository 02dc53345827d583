// /proc/stat: cumulative CPU times (aggregate and per core) and kernel-wide counters.
import type { CpuTimes, KernelStat } from '../sample.js';
import { readProcFile } from './proc-file.js';

/**
 * Ticks per second of the cpu lines. The kernel always reports them in USER_HZ, which is 100 on
 * every architecture Linux exports to userspace; node_exporter assumes the same.
 */
export const USER_HZ = 100;

export interface ParsedStat {
  /** The aggregate `cpu` line. */
  total: CpuTimes;
  /** `cpuN` lines by N, in the order the kernel lists them (ascending, online CPUs only). */
  cores: Map<number, CpuTimes>;
  kernel: KernelStat;
}

const CODE_0 = 48;
const CODE_9 = 57;
const SPACE = 32;

/**
 * Reads up to 10 whitespace-separated unsigned integers starting at `from` and converts them from
 * ticks to seconds. Older kernels print fewer columns (2.6.11 lacks steal, 2.6.24 guest,
 * 2.6.33 guest_nice); the missing ones stay 0.
 */
function parseTimes(line: string, from: number): CpuTimes {
  const v = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  let field = 0;
  let i = from;
  const n = line.length;
  while (i < n && field < 10) {
    let c = line.charCodeAt(i);
    if (c === SPACE || c === 9) {
      i++;
      continue;
    }
    let x = 0;
    let digits = 0;
    while (i < n) {
      c = line.charCodeAt(i);
      if (c < CODE_0 || c > CODE_9) break;
      x = x * 10 + (c - CODE_0);
      digits++;
      i++;
    }
    if (digits === 0) throw new Error(`/proc/stat: unexpected character in "${line}"`);
    v[field++] = x / USER_HZ;
  }
  return {
    user: v[0],
    nice: v[1],
    system: v[2],
    idle: v[3],
    iowait: v[4],
    irq: v[5],
    softirq: v[6],
    steal: v[7],
    guest: v[8],
    guestNice: v[9],
  };
}

/** First integer after the key (e.g. the total of an `intr` line, whose tail is per-IRQ counts). */
function firstNumber(line: string, from: number): number {
  let i = from;
  const n = line.length;
  while (i < n && line.charCodeAt(i) === SPACE) i++;
  let x = 0;
  let digits = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c < CODE_0 || c > CODE_9) break;
    x = x * 10 + (c - CODE_0);
    digits++;
    i++;
  }
  return digits === 0 ? 0 : x;
}

/**
 * Parses /proc/stat. Throws when the aggregate `cpu` line is missing, since the text is then not
 * /proc/stat at all and a silent all-zero result would read as an idle machine.
 */
export function parseStat(text: string): ParsedStat {
  let total: CpuTimes | null = null;
  const cores = new Map<number, CpuTimes>();
  const kernel: KernelStat = {
    bootTime: 0,
    contextSwitches: 0,
    forks: 0,
    interrupts: 0,
    procsRunning: 0,
    procsBlocked: 0,
  };
  let start = 0;
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    const line = text.slice(start, end);
    start = end + 1;
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    if (line.startsWith('cpu')) {
      if (sp === 3) {
        total = parseTimes(line, sp);
      } else {
        const n = Number(line.slice(3, sp));
        if (Number.isInteger(n)) cores.set(n, parseTimes(line, sp));
      }
      continue;
    }
    switch (line.slice(0, sp)) {
      case 'intr':
        kernel.interrupts = firstNumber(line, sp);
        break;
      case 'ctxt':
        kernel.contextSwitches = firstNumber(line, sp);
        break;
      case 'btime':
        kernel.bootTime = firstNumber(line, sp);
        break;
      case 'processes':
        kernel.forks = firstNumber(line, sp);
        break;
      case 'procs_running':
        kernel.procsRunning = firstNumber(line, sp);
        break;
      case 'procs_blocked':
        kernel.procsBlocked = firstNumber(line, sp);
        break;
    }
  }
  if (total === null) throw new Error('/proc/stat: no aggregate "cpu" line');
  return { total, cores, kernel };
}

export function readStat(root: string): ParsedStat {
  return parseStat(readProcFile(`${root}/proc/stat`));
}
