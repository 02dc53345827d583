// node_exporter's filefd collector: /proc/sys/fs/file-nr (allocated, unused, maximum; tab-separated).
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { mustFloat } from './goparse.js';
import { errorMessage, readText } from './read.js';

export interface FileNr {
  allocated: number;
  maximum: number;
}

export function parseFileNr(text: string): FileNr {
  const parts = text.trim().split('\t');
  if (parts.length < 3) throw new Error('unexpected number of file stats in file-nr');
  // The middle value (free handles) has been 0 since Linux 2.6; node_exporter skips it.
  return { allocated: mustFloat(parts[0], 'file-nr'), maximum: mustFloat(parts[2], 'file-nr') };
}

export function collectFilefd(root: string): MetricFamily[] {
  return runCollector('filefd', (b) => {
    let text: string;
    try {
      text = readText(`${root}/proc/sys/fs/file-nr`);
    } catch (err) {
      throw new Error(`couldn't get file-nr: ${errorMessage(err)}`, { cause: err });
    }
    const nr = parseFileNr(text);
    b.add('node_filefd_allocated', 'File descriptor statistics: allocated.', 'gauge', nr.allocated);
    b.add('node_filefd_maximum', 'File descriptor statistics: maximum.', 'gauge', nr.maximum);
  });
}
