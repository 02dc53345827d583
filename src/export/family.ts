// A metric family ready for Prometheus text exposition: what every exporter-side view produces.

export type MetricType = 'counter' | 'gauge' | 'untyped' | 'histogram' | 'summary';

export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: MetricSample[];
}
