// The host part of /metrics: the tick's sample under node_exporter's names plus the long-tail
// collectors, rendered lazily once per tick (only when scraped) and cached plain and gzip'd.
import type { Logger } from 'pino';
import {
  collectLongTail,
  LONGTAIL_COLLECTORS,
  type LongTailCollectorName,
} from '../collect/linux/longtail/index.js';
import type { HostSample } from '../collect/sample.js';
import { renderFamilies } from './exposition.js';
import type { MetricFamily } from './family.js';
import { hostFamilies } from './host-families.js';
import { ScrapeCache } from './scrape-cache.js';

export class HostExposition {
  readonly cache: ScrapeCache;
  private readonly failing = new Set<LongTailCollectorName>();
  private readonly failures = new Map<LongTailCollectorName, number>();

  constructor(
    private readonly root: string,
    private readonly latest: () => HostSample | null,
    private readonly log: Logger,
  ) {
    this.cache = new ScrapeCache((format) => renderFamilies(this.families(), format));
  }

  /** A new sample arrived: the next scrape renders it. */
  onTick(): void {
    this.cache.invalidate();
  }

  /** Long-tail failures by collector, for self metrics. */
  failureCounts(): { collector: string; failures: number }[] {
    return LONGTAIL_COLLECTORS.map((c) => ({ collector: c, failures: this.failures.get(c) ?? 0 }));
  }

  private families(): MetricFamily[] {
    const sample = this.latest();
    const { families, errors } = collectLongTail(this.root, { collectors: LONGTAIL_COLLECTORS });
    const failedNow = new Set(errors.map((e) => e.collector));
    for (const e of errors) {
      this.failures.set(e.collector, (this.failures.get(e.collector) ?? 0) + 1);
      if (!this.failing.has(e.collector))
        this.log.warn({ collector: e.collector, err: e.error }, 'collector failed');
    }
    this.failing.clear();
    for (const c of failedNow) this.failing.add(c);
    return sample ? [...hostFamilies(sample), ...families] : families;
  }
}
