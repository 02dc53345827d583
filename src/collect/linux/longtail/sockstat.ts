// node_exporter's sockstat collector: /proc/net/sockstat and sockstat6, via procfs' parser rules.
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { parseIntBase0, scanLines } from './goparse.js';
import { pageSize } from './pagesize.js';
import { errorMessage, isNotExist, readText } from './read.js';

export interface SockstatProtocol {
  protocol: string;
  inuse: number;
  orphan?: number;
  tw?: number;
  alloc?: number;
  mem?: number;
  memory?: number;
}

export interface Sockstat {
  used?: number;
  protocols: SockstatProtocol[];
}

const OPTIONAL_KEYS = ['orphan', 'tw', 'alloc', 'mem', 'memory'] as const;

/** `sockets: used 14` / `TCP: inuse 1 orphan 0 …`; values parse like Go's ParseInt base 0. */
export function parseSockstat(text: string): Sockstat {
  const stat: Sockstat = { protocols: [] };
  for (const line of scanLines(text)) {
    const parts = line.split(' ');
    if (parts.length < 3) throw new Error(`malformed sockstat line: ${JSON.stringify(line)}`);
    const kvs = parts.slice(1);
    if (kvs.length % 2 !== 0) {
      throw new Error(
        `error parsing sockstat key/value pairs from ${JSON.stringify(line)}: odd number of fields`,
      );
    }
    const values = new Map<string, number>();
    for (let i = 0; i < kvs.length; i += 2) {
      const v = parseIntBase0(kvs[i + 1]);
      if (v === undefined) throw new Error(`error parsing sockstat value ${JSON.stringify(kvs[i + 1])}`);
      values.set(kvs[i], v);
    }
    const proto = parts[0].endsWith(':') ? parts[0].slice(0, -1) : parts[0];
    if (proto === 'sockets') {
      stat.used = values.get('used') ?? 0;
      continue;
    }
    const p: SockstatProtocol = { protocol: proto, inuse: values.get('inuse') ?? 0 };
    for (const k of OPTIONAL_KEYS) {
      const v = values.get(k);
      if (v !== undefined) p[k] = v;
    }
    stat.protocols.push(p);
  }
  return stat;
}

function readSockstat(path: string, family: string): Sockstat | undefined {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    // IPv4 or IPv6 disabled on this kernel: skip that family, as node_exporter does.
    if (isNotExist(err)) return undefined;
    throw new Error(`failed to get ${family} sockstat data: ${errorMessage(err)}`, { cause: err });
  }
  return parseSockstat(text);
}

export function collectSockstat(root: string): MetricFamily[] {
  return runCollector('sockstat', (b) => {
    const stat4 = readSockstat(`${root}/proc/net/sockstat`, 'IPv4');
    const stat6 = readSockstat(`${root}/proc/net/sockstat6`, 'IPv6');
    const page = pageSize();
    for (const [isIPv6, s] of [
      [false, stat4],
      [true, stat6],
    ] as const) {
      if (s === undefined) continue;
      if (!isIPv6 && s.used !== undefined) {
        b.add('node_sockstat_sockets_used', 'Number of IPv4 sockets in use.', 'gauge', s.used);
      }
      for (const p of s.protocols) {
        const pairs: [string, number | undefined][] = [
          ['inuse', p.inuse],
          ['orphan', p.orphan],
          ['tw', p.tw],
          ['alloc', p.alloc],
          ['mem', p.mem],
          ['memory', p.memory],
        ];
        if (p.mem !== undefined) pairs.push(['mem_bytes', p.mem * page]);
        for (const [name, v] of pairs) {
          if (v === undefined) continue;
          b.add(
            `node_sockstat_${p.protocol}_${name}`,
            `Number of ${p.protocol} sockets in state ${name}.`,
            'gauge',
            v,
          );
        }
      }
    }
  });
}
