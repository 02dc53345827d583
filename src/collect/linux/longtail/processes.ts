// node_exporter's processes collector (disabled by default in node_exporter 1.5): process and
// thread counts by state from /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat, plus the pid and
// thread limits. Processes that vanish mid-scan are skipped, as node_exporter does.
import { readdirSync } from 'node:fs';
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { fields } from './goparse.js';
import { errnoCode, errorMessage, isNotExist, readText, readUintFromFile } from './read.js';

export interface ProcStat {
  state: string;
  numThreads: number;
}

// Kinds of the 39 numbers procfs 0.8 scans after the state (i = signed, u = unsigned): ppid…tpgid,
// flags…stime, cutime…num_threads, itrealvalue, starttime vsize, rss, rsslim, startcode…cnswap,
// exit_signal processor, rt_priority policy delayacct_blkio_ticks. Fewer fields or a
// mistyped one fails the scan; extra trailing fields are ignored.
const STAT_KINDS = `iiiii${'u'.repeat(7)}iiiiiiuuiu${'u'.repeat(12)}iiuuu`;
const NUM_THREADS_INDEX = 16;

/** /proc/<pid>/stat: the comm may hold spaces and parentheses, so fields start after the last ')'. */
export function parseProcStat(text: string): ProcStat {
  const l = text.indexOf('(');
  const r = text.lastIndexOf(')');
  if (l < 0 || r < 0) throw new Error(`unexpected format, couldn't extract comm ${JSON.stringify(text)}`);
  const f = fields(text.slice(r + 2));
  if (f.length < 1 + STAT_KINDS.length) throw new Error('unexpected EOF');
  for (let i = 0; i < STAT_KINDS.length; i++) {
    const tok = f[i + 1];
    if (!(STAT_KINDS[i] === 'i' ? /^[+-]?\d+$/ : /^\+?\d+$/).test(tok)) {
      throw new Error(`expected integer in stat, got ${JSON.stringify(tok)}`);
    }
  }
  return { state: f[0], numThreads: Number(f[1 + NUM_THREADS_INDEX]) };
}

/** Errors node_exporter treats as "the process went away". */
function isGone(err: unknown): boolean {
  return isNotExist(err) || errnoCode(err) === 'ESRCH';
}

function numericEntries(dir: string): number[] {
  return readdirSync(dir)
    .filter((n) => /^[+-]?\d+$/.test(n))
    .map(Number);
}

export interface ProcessCounts {
  pids: number;
  threads: number;
  states: Map<string, number>;
  threadStates: Map<string, number>;
}

export function countProcesses(root: string): ProcessCounts {
  const proc = `${root}/proc`;
  const counts: ProcessCounts = { pids: 0, threads: 0, states: new Map(), threadStates: new Map() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const pid of numericEntries(proc)) {
    let stat: ProcStat;
    try {
      stat = parseProcStat(readText(`${proc}/${pid}/stat`));
    } catch (err) {
      if (isGone(err)) continue;
      throw new Error(`error reading stat for pid ${pid}: ${errorMessage(err)}`, { cause: err });
    }
    counts.pids++;
    bump(counts.states, stat.state);
    counts.threads += stat.numThreads;
    let tids: number[];
    try {
      tids = numericEntries(`${proc}/${pid}/task`);
    } catch (err) {
      if (isGone(err)) continue;
      throw new Error(`error reading task for pid ${pid}: ${errorMessage(err)}`, { cause: err });
    }
    for (const tid of tids) {
      // The main thread shares the process's stat; node_exporter does not read it twice.
      if (tid === pid) {
        bump(counts.threadStates, stat.state);
        continue;
      }
      try {
        bump(counts.threadStates, parseProcStat(readText(`${proc}/${pid}/task/${tid}/stat`)).state);
      } catch (err) {
        if (isGone(err)) continue;
        throw new Error(`error reading stat for pid:${pid} thread:${tid} err:${errorMessage(err)}`, {
          cause: err,
        });
      }
    }
  }
  return counts;
}

export function collectProcesses(root: string): MetricFamily[] {
  return runCollector('processes', (b) => {
    let c: ProcessCounts;
    try {
      c = countProcesses(root);
    } catch (err) {
      throw new Error(`unable to retrieve number of allocated threads: ${errorMessage(err)}`, { cause: err });
    }
    b.add('node_processes_threads', 'Allocated threads in system', 'gauge', c.threads);
    const maxThreads = readLimit(`${root}/proc/sys/kernel/threads-max`, 'limit number of threads');
    b.add('node_processes_max_threads', 'Limit of threads in the system', 'gauge', maxThreads);
    for (const [state, n] of c.states) {
      b.add('node_processes_state', 'Number of processes in each state.', 'gauge', n, { state });
    }
    for (const [state, n] of c.threadStates) {
      b.add('node_processes_threads_state', 'Number of threads in each state.', 'gauge', n, {
        thread_state: state,
      });
    }
    const pidMax = readLimit(`${root}/proc/sys/kernel/pid_max`, 'limit number of maximum pids alloved');
    b.add('node_processes_pids', 'Number of PIDs', 'gauge', c.pids);
    b.add('node_processes_max_processes', 'Number of max PIDs limit', 'gauge', pidMax);
  });
}

function readLimit(path: string, what: string): number {
  try {
    return readUintFromFile(path);
  } catch (err) {
    throw new Error(`unable to retrieve ${what}: ${errorMessage(err)}`, { cause: err });
  }
}
