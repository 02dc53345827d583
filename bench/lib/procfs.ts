// Per-process CPU and memory from procfs, the same counters top and systemd-cgtop read.
// Pure parsers (text in → numbers out) are kept apart from the readers so tests can feed them
// hand-written kernel lines.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcCpuTicks {
  /** Clock ticks in user mode, all threads of the process. */
  utime: number;
  /** Clock ticks in kernel mode, all threads of the process. */
  stime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) sits in parentheses and may itself hold
 * spaces or ')' ("(node) (x)"), so fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcCpuTicks {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('malformed /proc/<pid>/stat: no ")" after the command name');
  // After ") " come field 3 (state) onwards: utime is field 14, stime field 15.
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(rest[14 - 3]);
  const stime = Number(rest[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || rest.length < 13) {
    throw new Error('malformed /proc/<pid>/stat: utime/stime missing');
  }
  return { utime, stime };
}

export interface ProcMemory {
  /** Resident set size now (VmRSS), bytes. */
  rssBytes: number;
  /** Peak resident set size since start (VmHWM), bytes; null when the kernel does not report it. */
  hwmBytes: number | null;
}

function kbField(text: string, key: string): number | null {
  const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/** Parses /proc/<pid>/status (kernel threads and zombies have no VmRSS: that is an error here). */
export function parseProcStatus(text: string): ProcMemory {
  const rss = kbField(text, 'VmRSS');
  if (rss === null) throw new Error('no VmRSS in /proc/<pid>/status (zombie or kernel thread?)');
  return { rssBytes: rss, hwmBytes: kbField(text, 'VmHWM') };
}

export function readProcCpuTicks(pid: number, root = ''): ProcCpuTicks {
  return parseProcStat(readFileSync(`${root}/proc/${pid}/stat`, 'utf8'));
}

export function readProcMemory(pid: number, root = ''): ProcMemory {
  return parseProcStatus(readFileSync(`${root}/proc/${pid}/status`, 'utf8'));
}

export interface ThreadTicks {
  /** The main thread (tid = pid): for Node, the event loop and everything JavaScript does on it. */
  main: number;
  /** Every other thread: for Node, V8's GC/compiler workers and the libuv pool. */
  others: number;
}

/**
 * utime+stime per thread from /proc/<pid>/task/<tid>/stat, split main thread vs the rest. A thread
 * that exits between the listing and the read is skipped (its time then only shows in the total).
 */
export function readThreadTicks(pid: number, root = ''): ThreadTicks {
  const out: ThreadTicks = { main: 0, others: 0 };
  for (const tid of readdirSync(`${root}/proc/${pid}/task`)) {
    let t: ProcCpuTicks;
    try {
      t = parseProcStat(readFileSync(`${root}/proc/${pid}/task/${tid}/stat`, 'utf8'));
    } catch {
      continue;
    }
    if (Number(tid) === pid) out.main += t.utime + t.stime;
    else out.others += t.utime + t.stime;
  }
  return out;
}

export interface MachineTicks {
  /** All CPUs' non-idle time (user+nice+system+irq+softirq+steal), clock ticks. */
  busy: number;
  /** All CPUs' total time, clock ticks. */
  total: number;
}

/** Parses the aggregate "cpu" line of /proc/stat (guest time is already inside user and nice). */
export function parseMachineTicks(text: string): MachineTicks {
  const line = /^cpu +([\d ]+)$/m.exec(text);
  if (!line) throw new Error('no aggregate "cpu" line in /proc/stat');
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line[1]
    .trim()
    .split(/\s+/)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export function readMachineTicks(root = ''): MachineTicks {
  return parseMachineTicks(readFileSync(`${root}/proc/stat`, 'utf8'));
}

let ticksPerSecond: number | null = null;

/** USER_HZ as `getconf CLK_TCK` reports it (100 on every mainstream Linux build). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    const out = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
    const n = Number(out);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`getconf CLK_TCK printed "${out}"`);
    ticksPerSecond = n;
  }
  return ticksPerSecond;
}
