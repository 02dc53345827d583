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
  ingest: { accepted: Record<string, number>; refused: Record<string, number> };
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
    one('hostpulse_store_size_bytes', 'Store file plus WAL on disk.', 'gauge', s.store.fileBytes),
    one('hostpulse_store_series', 'Series in the store.', 'gauge', s.store.series),
    one('hostpulse_store_samples', 'Raw samples in the store.', 'gauge', s.store.samples),
    one('hostpulse_store_head_samples', 'Raw samples not compacted yet.', 'gauge', s.store.headSamples),
    one('hostpulse_store_chunks', 'Chunk rows in the store.', 'gauge', s.store.chunks),
    one(
      'hostpulse_store_bytes_per_sample',
      'Store bytes on disk per raw sample.',
      'gauge',
      s.store.bytesPerSample,
    ),
    one('hostpulse_store_compactions_total', 'Windows compacted.', 'counter', s.store.compactions),
    one('hostpulse_store_retention_runs_total', 'Retention passes run.', 'counter', s.store.retentionRuns),
    one(
      'hostpulse_store_expired_samples_total',
      'Raw samples removed by age.',
      'counter',
      s.store.expiredSamples,
    ),
    one(
      'hostpulse_store_dropped_for_budget_total',
      'Samples and rollup steps removed to stay within max_disk_mb.',
      'counter',
      s.store.droppedForBudget,
    ),
    one(
      'hostpulse_store_refused_series_total',
      'New series refused because max_series was reached.',
      'counter',
      s.store.refusedSeries,
    ),
    {
      name: 'hostpulse_ingest_points_total',
      help: 'Custom points accepted into the store, by format.',
      type: 'counter',
      samples: Object.entries(s.ingest.accepted).map(([format, value]) => ({ labels: { format }, value })),
    },
    {
      name: 'hostpulse_ingest_refused_total',
      help: 'Custom points refused, by reason (invalid, too_many_labels, label_too_long, series_limit, duplicate, body_too_large, rate_limited).',
      type: 'counter',
      samples: Object.entries(s.ingest.refused).map(([reason, value]) => ({ labels: { reason }, value })),
    },
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
