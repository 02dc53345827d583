// node_exporter 1.5's softnet collector: processed/dropped/time_squeezed per /proc/net/softnet_stat
// row, labelled by row index (procfs 0.8 does not read the kernel's own cpu column).
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { fields, parseUint, scanLines } from './goparse.js';
import { errorMessage, readText } from './read.js';

export interface SoftnetStat {
  processed: number;
  dropped: number;
  timeSqueezed: number;
}

export function parseSoftnet(text: string): SoftnetStat[] {
  return scanLines(text).map((line) => {
    const cols = fields(line);
    if (cols.length < 9)
      throw new Error(`${cols.length} columns were detected, but at least 9 were expected`);
    const [processed, dropped, timeSqueezed] = cols.slice(0, 3).map((c) => {
      const v = parseUint(c, 16, 32);
      if (v === undefined) throw new Error(`invalid softnet_stat value ${JSON.stringify(c)}`);
      return v;
    });
    return { processed, dropped, timeSqueezed };
  });
}

export function collectSoftnet(root: string): MetricFamily[] {
  return runCollector('softnet', (b) => {
    let stats: SoftnetStat[];
    try {
      stats = parseSoftnet(readText(`${root}/proc/net/softnet_stat`));
    } catch (err) {
      throw new Error(`could not get softnet statistics: ${errorMessage(err)}`, { cause: err });
    }
    stats.forEach((s, i) => {
      const labels = { cpu: String(i) };
      b.add('node_softnet_processed_total', 'Number of processed packets', 'counter', s.processed, labels);
      b.add('node_softnet_dropped_total', 'Number of dropped packets', 'counter', s.dropped, labels);
      b.add(
        'node_softnet_times_squeezed_total',
        'Number of times processing packets ran out of quota',
        'counter',
        s.timeSqueezed,
        labels,
      );
    });
  });
}
