// hostpulse's own health as metric families: ticker, per-collector runs, CSV writer.
import type { CollectorStats } from '../collect/sample.js';
import type { TickerStats } from '../collect/ticker.js';
import type { CsvWriterStats } from '../store/csv.js';
import type { TsdbStats } from '../store/tsdb/tsdb.js';
import type { MetricFamily } from './family.js';

export interface SelfStats {
  version: string;
  ticker: TickerStats;
  collectors: CollectorStats[];
  csv: CsvWriterStats;
  store: TsdbStats;
  longTailFailures: { collector: string; failures: number }[];
}

const one = (name: string, help: string, type: MetricFamily['type'], value: number): MetricFamily => ({
  name,
  help,
  type,
  samples: [{ labels: {}, value }],
});

const perCollector = (
  name: string,
  help: string,
  type: MetricFamily['type'],
  stats: CollectorStats[],
  value: (c: CollectorStats) => number,
): MetricFamily => ({
  name,
  help,
  type,
  samples: stats.map((c) => ({ labels: { collector: c.name }, value: value(c) })),
});

export function selfFamilies(s: SelfStats): MetricFamily[] {
  return [
    {
      name: 'hostpulse_build_info',
      help: 'A metric with a constant 1 value labelled by the hostpulse version and Node.js version.',
      type: 'gauge',
      samples: [{ labels: { version: s.version, nodejs: process.version }, value: 1 }],
    },
    one('hostpulse_ticks_total', 'Collector ticks run.', 'counter', s.ticker.ticks),
    one(
      'hostpulse_ticks_skipped_total',
      'Ticks skipped because the previous one overran.',
      'counter',
      s.ticker.skipped,
    ),
    one(
      'hostpulse_tick_interval_seconds',
      'Configured collection interval.',
      'gauge',
      s.ticker.intervalMs / 1000,
    ),
    one(
      'hostpulse_tick_lateness_seconds',
      'How late the last tick started after its due time.',
      'gauge',
      s.ticker.lastLatenessMs / 1000,
    ),
    one(
      'hostpulse_tick_lateness_max_seconds',
      'Largest tick lateness since start.',
      'gauge',
      s.ticker.maxLatenessMs / 1000,
    ),
    one(
      'hostpulse_tick_duration_seconds',
      'Duration of the last tick.',
      'gauge',
      s.ticker.lastDurationMs / 1000,
    ),
    perCollector(
      'hostpulse_collector_duration_seconds',
      'Duration of the collector in the last tick.',
      'gauge',
      s.collectors,
      (c) => c.lastDurationMs / 1000,
    ),
    perCollector(
      'hostpulse_collector_success',
      'Whether the collector succeeded in the last tick (1) or failed (0).',
      'gauge',
      s.collectors,
      (c) => (c.lastError === null ? 1 : 0),
    ),
    perCollector('hostpulse_collector_runs_total', 'Collector runs.', 'counter', s.collectors, (c) => c.runs),
    perCollector(
      'hostpulse_collector_failures_total',
      'Collector runs that failed.',
      'counter',
      s.collectors,
      (c) => c.failures,
    ),
    one(
      'hostpulse_csv_rows_written_total',
      'Rows appended to the daily CSV files.',
      'counter',
      s.csv.rowsWritten,
    ),
    one(
      'hostpulse_csv_write_failures_total',
      'CSV rows that could not be written.',
      'counter',
      s.csv.writeFailures,
    ),
    one('hostpulse_csv_files_pruned_total', 'CSV files deleted by retention.', 'counter', s.csv.filesPruned),
  ];
}
