// node_exporter-compatible "long-tail" collectors, rendered straight to metric families when a
// scrape asks (the caller caches the result per interval). Each collector mirrors node_exporter
// 1.5.0's Linux collector of the same name: same series, labels, types and HELP text.
import type { MetricFamily } from '../../../export/family.js';
import { CollectorError } from './builder.js';
import { collectConntrack } from './conntrack.js';
import { collectEntropy } from './entropy.js';
import { collectFilefd } from './filefd.js';
import { collectNetclass } from './netclass.js';
import { collectNetstat } from './netstat.js';
import { collectPressure } from './pressure.js';
import { collectProcesses } from './processes.js';
import { collectSchedstat } from './schedstat.js';
import { collectSockstat } from './sockstat.js';
import { collectSoftnet } from './softnet.js';
import { collectTime } from './time.js';
import { collectUname } from './uname.js';
import { collectVmstat } from './vmstat.js';

export { CollectorError } from './builder.js';

/** Every long-tail collector, by its node_exporter name. */
export const LONGTAIL_COLLECTORS = [
  'conntrack',
  'entropy',
  'filefd',
  'netclass',
  'netstat',
  'pressure',
  'processes',
  'schedstat',
  'sockstat',
  'softnet',
  'time',
  'uname',
  'vmstat',
] as const;

export type LongTailCollectorName = (typeof LONGTAIL_COLLECTORS)[number];

/** The ones node_exporter 1.5 enables by default: all but processes (it walks every /proc/<pid>/task). */
export const DEFAULT_LONGTAIL_COLLECTORS: readonly LongTailCollectorName[] = LONGTAIL_COLLECTORS.filter(
  (c) => c !== 'processes',
);

const COLLECTORS: Record<LongTailCollectorName, (root: string) => MetricFamily[]> = {
  conntrack: collectConntrack,
  entropy: collectEntropy,
  filefd: collectFilefd,
  netclass: (root) => collectNetclass(root),
  netstat: (root) => collectNetstat(root),
  pressure: collectPressure,
  processes: collectProcesses,
  schedstat: collectSchedstat,
  sockstat: collectSockstat,
  softnet: collectSoftnet,
  time: (root) => collectTime(root),
  uname: collectUname,
  vmstat: (root) => collectVmstat(root),
};

export interface LongTailError {
  collector: LongTailCollectorName;
  error: string;
}

export interface LongTailResult {
  families: MetricFamily[];
  /** Collectors that failed (node_exporter's node_scrape_collector_success 0 with an error logged). */
  errors: LongTailError[];
}

export interface LongTailOptions {
  /** Which collectors to run; defaults to node_exporter's default set. */
  collectors?: readonly LongTailCollectorName[];
}

/**
 * Runs each collector against `root` ("/" in production, a fixture tree in tests). A failing
 * collector is reported in `errors`; the series it produced before failing are still served, as
 * node_exporter serves them. A feature the host lacks (no conntrack module, no PSI, no
 * schedstat) yields no series and no error, like node_exporter's ErrNoData.
 */
export function collectLongTail(root: string, opts: LongTailOptions = {}): LongTailResult {
  const families: MetricFamily[] = [];
  const errors: LongTailError[] = [];
  for (const name of opts.collectors ?? DEFAULT_LONGTAIL_COLLECTORS) {
    try {
      families.push(...COLLECTORS[name](root));
    } catch (err) {
      if (err instanceof CollectorError) families.push(...err.partial);
      const cause = err instanceof CollectorError ? err.cause : err;
      errors.push({ collector: name, error: cause instanceof Error ? cause.message : String(cause) });
    }
  }
  return { families, errors };
}
