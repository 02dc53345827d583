// Groups samples into families in first-seen order, the way node_exporter's registry merges
// const metrics sharing a name, and lets a collector hand back what it emitted before failing.
import type { MetricFamily, MetricType } from '../../../export/family.js';

export class FamilyBuilder {
  private readonly byName = new Map<string, MetricFamily>();

  add(
    name: string,
    help: string,
    type: MetricType,
    value: number,
    labels: Record<string, string> = {},
  ): void {
    let family = this.byName.get(name);
    if (family === undefined) {
      family = { name, help, type, samples: [] };
      this.byName.set(name, family);
    }
    family.samples.push({ labels, value });
  }

  build(): MetricFamily[] {
    return [...this.byName.values()];
  }
}

/**
 * A collector that failed part-way. node_exporter keeps the metrics a collector sent before its
 * Update returned an error (and marks node_scrape_collector_success 0), so `partial` carries them.
 */
export class CollectorError extends Error {
  constructor(
    readonly collector: string,
    cause: unknown,
    readonly partial: MetricFamily[],
  ) {
    super(`${collector}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CollectorError';
  }
}

/** Runs `emit` and returns its families; on a throw, rethrows a CollectorError holding what was emitted. */
export function runCollector(collector: string, emit: (b: FamilyBuilder) => void): MetricFamily[] {
  const b = new FamilyBuilder();
  try {
    emit(b);
  } catch (err) {
    throw new CollectorError(collector, err, b.build());
  }
  return b.build();
}
