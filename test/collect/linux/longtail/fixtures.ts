// Shared paths and lookups for the long-tail collector tests.
import { fileURLToPath } from 'node:url';
import type { MetricFamily } from '../../../../src/export/family.js';

const base = fileURLToPath(new URL('../../../fixtures/proc/longtail/', import.meta.url));
export const DEBIAN12 = `${base}debian12`;
export const EDGE = `${base}edge`;
export const EMPTY = `${base}empty`;

export function family(families: MetricFamily[], name: string): MetricFamily {
  const f = families.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no family ${name} in [${families.map((x) => x.name).join(', ')}]`);
  return f;
}

/** The value of the one sample of `name` whose labels equal `labels`. */
export function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const want = JSON.stringify(Object.entries(labels).sort());
  const hits = family(families, name).samples.filter(
    (s) => JSON.stringify(Object.entries(s.labels).sort()) === want,
  );
  if (hits.length !== 1) throw new Error(`${hits.length} samples of ${name} with ${want}`);
  return hits[0].value;
}

export function names(families: MetricFamily[]): string[] {
  return families.map((f) => f.name).sort();
}
