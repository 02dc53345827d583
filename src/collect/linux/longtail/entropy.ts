// node_exporter's entropy collector, via procfs' KernelRandom (every /proc/sys/kernel/random file
// it knows must parse, missing ones are skipped).
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { errorMessage, isNotExist, readUintFromFile } from './read.js';

const RANDOM_FILES = [
  'entropy_avail',
  'poolsize',
  'urandom_min_reseed_secs',
  'write_wakeup_threshold',
  'read_wakeup_threshold',
] as const;

export type KernelRandom = Partial<Record<(typeof RANDOM_FILES)[number], number>>;

export function readKernelRandom(root: string): KernelRandom {
  const out: KernelRandom = {};
  for (const name of RANDOM_FILES) {
    try {
      out[name] = readUintFromFile(`${root}/proc/sys/kernel/random/${name}`);
    } catch (err) {
      if (isNotExist(err)) continue;
      throw new Error(`failed to get kernel random stats: ${errorMessage(err)}`, { cause: err });
    }
  }
  return out;
}

export function collectEntropy(root: string): MetricFamily[] {
  return runCollector('entropy', (b) => {
    const r = readKernelRandom(root);
    if (r.entropy_avail === undefined) throw new Error("couldn't get entropy_avail");
    b.add('node_entropy_available_bits', 'Bits of available entropy.', 'gauge', r.entropy_avail);
    if (r.poolsize === undefined) throw new Error("couldn't get entropy poolsize");
    b.add('node_entropy_pool_size_bits', 'Bits of entropy pool.', 'gauge', r.poolsize);
  });
}
