// node_exporter's schedstat collector: per-CPU run/wait nanoseconds and timeslices from /proc/schedstat.
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { parseUint, scanLines } from './goparse.js';
import { isNotExist, readText } from './read.js';

export interface SchedstatCPU {
  cpu: string;
  runningNanoseconds: number;
  waitingNanoseconds: number;
  runTimeslices: number;
}

// procfs' unanchored pattern: a cpuN line with at least nine counters; the last three are used.
const CPU_LINE = /cpu(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/;

export function parseSchedstat(text: string): SchedstatCPU[] {
  const out: SchedstatCPU[] = [];
  for (const line of scanLines(text)) {
    const m = CPU_LINE.exec(line);
    if (m === null) continue;
    const running = parseUint(m[8]);
    const waiting = parseUint(m[9]);
    const slices = parseUint(m[10]);
    // procfs skips a line whose counter overflows uint64.
    if (running === undefined || waiting === undefined || slices === undefined) continue;
    out.push({ cpu: m[1], runningNanoseconds: running, waitingNanoseconds: waiting, runTimeslices: slices });
  }
  return out;
}

export function collectSchedstat(root: string): MetricFamily[] {
  return runCollector('schedstat', (b) => {
    let text: string;
    try {
      text = readText(`${root}/proc/schedstat`);
    } catch (err) {
      // Kernels without CONFIG_SCHEDSTATS: no data, not a failure.
      if (isNotExist(err)) return;
      throw err;
    }
    for (const c of parseSchedstat(text)) {
      const labels = { cpu: c.cpu };
      b.add(
        'node_schedstat_running_seconds_total',
        'Number of seconds CPU spent running a process.',
        'counter',
        c.runningNanoseconds / 1e9,
        labels,
      );
      b.add(
        'node_schedstat_waiting_seconds_total',
        'Number of seconds spent by processing waiting for this CPU.',
        'counter',
        c.waitingNanoseconds / 1e9,
        labels,
      );
      b.add(
        'node_schedstat_timeslices_total',
        'Number of timeslices executed by CPU.',
        'counter',
        c.runTimeslices,
        labels,
      );
    }
  });
}
