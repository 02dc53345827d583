// node_exporter's conntrack collector: table size and limit from /proc/sys/net/netfilter, then
// per-CPU /proc/net/stat/nf_conntrack counters summed. A missing file means the module is not
// loaded: no data rather than an error, keeping the series already read (node_exporter 1.5 serves
// entries and entries_limit when only the stat file is missing).
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { fields, parseUint, scanLines } from './goparse.js';
import { errorMessage, isNotExist, readText, readUintFromFile } from './read.js';

export interface ConntrackStat {
  found: number;
  invalid: number;
  ignore: number;
  insert: number;
  insertFailed: number;
  drop: number;
  earlyDrop: number;
  searchRestart: number;
}

/** Column positions in the 17-column per-CPU rows (values in hex); the first line is a header. */
const COLUMNS: [keyof ConntrackStat, number][] = [
  ['found', 2],
  ['invalid', 4],
  ['ignore', 5],
  ['insert', 8],
  ['insertFailed', 9],
  ['drop', 10],
  ['earlyDrop', 11],
  ['searchRestart', 16],
];

/** Sums every CPU row; like procfs 0.8, a row without exactly 17 columns is an error. */
export function parseConntrackStat(text: string): ConntrackStat {
  const total: ConntrackStat = {
    found: 0,
    invalid: 0,
    ignore: 0,
    insert: 0,
    insertFailed: 0,
    drop: 0,
    earlyDrop: 0,
    searchRestart: 0,
  };
  for (const line of scanLines(text).slice(1)) {
    const cols = fields(line);
    if (cols.length !== 17) throw new Error('invalid conntrackstat entry, missing fields');
    // Check every column node_exporter reads before adding any, so a bad row adds nothing.
    const row = COLUMNS.map(([key, i]) => {
      const v = parseUint(cols[i], 16, 64);
      if (v === undefined) throw new Error(`couldn't parse ${JSON.stringify(cols[i])} field`);
      return [key, v] as const;
    });
    for (const [key, v] of row) total[key] += v;
  }
  return total;
}

const STAT_SERIES: [keyof ConntrackStat, string, string][] = [
  ['found', 'node_nf_conntrack_stat_found', 'Number of searched entries which were successful.'],
  ['invalid', 'node_nf_conntrack_stat_invalid', 'Number of packets seen which can not be tracked.'],
  [
    'ignore',
    'node_nf_conntrack_stat_ignore',
    'Number of packets seen which are already connected to a conntrack entry.',
  ],
  ['insert', 'node_nf_conntrack_stat_insert', 'Number of entries inserted into the list.'],
  [
    'insertFailed',
    'node_nf_conntrack_stat_insert_failed',
    'Number of entries for which list insertion was attempted but failed.',
  ],
  ['drop', 'node_nf_conntrack_stat_drop', 'Number of packets dropped due to conntrack failure.'],
  [
    'earlyDrop',
    'node_nf_conntrack_stat_early_drop',
    'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.',
  ],
  [
    'searchRestart',
    'node_nf_conntrack_stat_search_restart',
    'Number of conntrack table lookups which had to be restarted due to hashtable resizes.',
  ],
];

export function collectConntrack(root: string): MetricFamily[] {
  return runCollector('conntrack', (b) => {
    const nf = `${root}/proc/sys/net/netfilter`;
    const count = readOrNoData(`${nf}/nf_conntrack_count`);
    if (count === undefined) return;
    b.add(
      'node_nf_conntrack_entries',
      'Number of currently allocated flow entries for connection tracking.',
      'gauge',
      count,
    );
    const max = readOrNoData(`${nf}/nf_conntrack_max`);
    if (max === undefined) return;
    b.add('node_nf_conntrack_entries_limit', 'Maximum size of connection tracking table.', 'gauge', max);
    let text: string;
    try {
      text = readText(`${root}/proc/net/stat/nf_conntrack`);
    } catch (err) {
      if (isNotExist(err)) return;
      throw new Error(`failed to retrieve conntrack stats: ${errorMessage(err)}`, { cause: err });
    }
    const stat = parseConntrackStat(text);
    for (const [key, name, help] of STAT_SERIES) b.add(name, help, 'gauge', stat[key]);
  });
}

function readOrNoData(path: string): number | undefined {
  try {
    return readUintFromFile(path);
  } catch (err) {
    if (isNotExist(err)) return undefined;
    throw new Error(`failed to retrieve conntrack stats: ${errorMessage(err)}`, { cause: err });
  }
}
