// node_exporter 1.5's pressure collector: PSI totals (microseconds) from /proc/pressure/{cpu,io,memory}.
// Resources are read in that order and the first missing file ends the collection without an
// error (no PSI in the kernel), keeping what was already read, as node_exporter does.
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { parseUint, scanLines } from './goparse.js';
import { errnoCode, errorMessage, isNotExist, readText } from './read.js';

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  total: number;
}

export interface PsiStats {
  some?: PsiLine;
  full?: PsiLine;
}

const PSI_LINE = /^(some|full) avg10=(\S+) avg60=(\S+) avg300=(\S+) total=(\S+)/;

export function parsePsi(text: string): PsiStats {
  const out: PsiStats = {};
  for (const line of scanLines(text)) {
    const prefix = line.split(' ')[0];
    if (prefix !== 'some' && prefix !== 'full') continue;
    const m = PSI_LINE.exec(line);
    const avgs = m === null ? [] : [m[2], m[3], m[4]].map(Number);
    const total = m === null ? undefined : parseUint(m[5]);
    if (m === null || avgs.some((a) => Number.isNaN(a)) || total === undefined) {
      throw new Error(`malformed PSI line ${JSON.stringify(line)}`);
    }
    out[prefix] = { avg10: avgs[0], avg60: avgs[1], avg300: avgs[2], total };
  }
  return out;
}

const HELP = {
  cpu: 'Total time in seconds that processes have waited for CPU time',
  io: 'Total time in seconds that processes have waited due to IO congestion',
  ioFull: 'Total time in seconds no process could make progress due to IO congestion',
  memory: 'Total time in seconds that processes have waited for memory',
  memoryFull: 'Total time in seconds no process could make progress due to memory congestion',
};

const seconds = (micros: number) => micros / 1000.0 / 1000.0;

export function collectPressure(root: string): MetricFamily[] {
  return runCollector('pressure', (b) => {
    for (const res of ['cpu', 'io', 'memory'] as const) {
      let text: string;
      try {
        text = readText(`${root}/proc/pressure/${res}`);
      } catch (err) {
        // ENOENT: kernel < 4.20 or CONFIG_PSI off; EOPNOTSUPP: booted without psi=1.
        if (isNotExist(err) || errnoCode(err) === 'EOPNOTSUPP') return;
        throw new Error(`failed to retrieve pressure stats: ${errorMessage(err)}`, { cause: err });
      }
      const stats = parsePsi(text);
      // node_exporter 1.5 dereferences these unconditionally; a missing line only drops its series here.
      if (res === 'cpu') {
        if (stats.some)
          b.add('node_pressure_cpu_waiting_seconds_total', HELP.cpu, 'counter', seconds(stats.some.total));
      } else if (res === 'io') {
        if (stats.some)
          b.add('node_pressure_io_waiting_seconds_total', HELP.io, 'counter', seconds(stats.some.total));
        if (stats.full)
          b.add('node_pressure_io_stalled_seconds_total', HELP.ioFull, 'counter', seconds(stats.full.total));
      } else {
        if (stats.some) {
          b.add(
            'node_pressure_memory_waiting_seconds_total',
            HELP.memory,
            'counter',
            seconds(stats.some.total),
          );
        }
        if (stats.full) {
          b.add(
            'node_pressure_memory_stalled_seconds_total',
            HELP.memoryFull,
            'counter',
            seconds(stats.full.total),
          );
        }
      }
    }
  });
}
