// node_exporter's vmstat collector: /proc/vmstat fields matching --collector.vmstat.fields, untyped.
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { fields, mustFloat, scanLines } from './goparse.js';
import { readText } from './read.js';

export const VMSTAT_DEFAULT_FIELDS = /^(oom_kill|pgpg|pswp|pg.*fault).*/;

export interface VmstatField {
  name: string;
  value: number;
}

/** Every `name value` line in file order; like node_exporter, any unparsable value fails the whole file. */
export function parseVmstat(text: string): VmstatField[] {
  return scanLines(text).map((line) => {
    const parts = fields(line);
    if (parts.length < 2) throw new Error(`malformed /proc/vmstat line ${JSON.stringify(line)}`);
    return { name: parts[0], value: mustFloat(parts[1], '/proc/vmstat') };
  });
}

export function collectVmstat(root: string, fieldPattern: RegExp = VMSTAT_DEFAULT_FIELDS): MetricFamily[] {
  return runCollector('vmstat', (b) => {
    for (const f of parseVmstat(readText(`${root}/proc/vmstat`))) {
      if (!fieldPattern.test(f.name)) continue;
      b.add(`node_vmstat_${f.name}`, `/proc/vmstat information field ${f.name}.`, 'untyped', f.value);
    }
  });
}
