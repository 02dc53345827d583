// node_exporter's netstat collector: /proc/net/netstat + snmp (header/value line pairs) and
// snmp6 (one `NameValue` per line), merged per protocol and filtered by --collector.netstat.fields.
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { fields, mustFloat, scanLines } from './goparse.js';
import { errorMessage, readText, readTextIfExists } from './read.js';

export const NETSTAT_DEFAULT_FIELDS =
  /^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$/;

/** protocol → field → raw value text. */
export type NetStats = Map<string, Map<string, string>>;

/**
 * /proc/net/netstat and /proc/net/snmp: a `Proto: A B` header line followed by a `Proto: 1 2`
 * value line. Split on single spaces as node_exporter does; a later block of the same protocol
 * replaces an earlier one.
 */
export function parseNetStats(text: string, fileName = 'netstats'): NetStats {
  const out: NetStats = new Map();
  const lines = scanLines(text);
  for (let i = 0; i < lines.length; i += 2) {
    const nameParts = lines[i].split(' ');
    const valueParts = (lines[i + 1] ?? '').split(' ');
    const protocol = nameParts[0].slice(0, -1);
    const stats = new Map<string, string>();
    out.set(protocol, stats);
    if (nameParts.length !== valueParts.length) {
      throw new Error(`mismatch field count mismatch in ${fileName}: ${protocol}`);
    }
    for (let j = 1; j < nameParts.length; j++) stats.set(nameParts[j], valueParts[j]);
  }
  return out;
}

/** /proc/net/snmp6: `Ip6InReceives 123`; the protocol is the name up to and including its first "6". */
export function parseSnmp6(text: string): NetStats {
  const out: NetStats = new Map();
  for (const line of scanLines(text)) {
    const stat = fields(line);
    if (stat.length < 2) continue;
    const six = stat[0].indexOf('6');
    if (six === -1) continue;
    const protocol = stat[0].slice(0, six + 1);
    let stats = out.get(protocol);
    if (stats === undefined) {
      stats = new Map();
      out.set(protocol, stats);
    }
    stats.set(stat[0].slice(six + 1), stat[1]);
  }
  return out;
}

/** netstat, then snmp, then snmp6 protocols; a later file's protocol replaces an earlier one. */
export function mergeNetStats(...sources: NetStats[]): NetStats {
  const out: NetStats = new Map();
  for (const s of sources) for (const [protocol, stats] of s) out.set(protocol, stats);
  return out;
}

export function collectNetstat(root: string, fieldPattern: RegExp = NETSTAT_DEFAULT_FIELDS): MetricFamily[] {
  return runCollector('netstat', (b) => {
    const netstat = parseNetStats(readFile(`${root}/proc/net/netstat`, "couldn't get netstats"), 'netstat');
    const snmp = parseNetStats(readFile(`${root}/proc/net/snmp`, "couldn't get SNMP stats"), 'snmp');
    // Without IPv6 the file does not exist; node_exporter carries on without it.
    const snmp6Text = readTextIfExists(`${root}/proc/net/snmp6`);
    const snmp6 = snmp6Text === undefined ? new Map() : parseSnmp6(snmp6Text);
    const merged = mergeNetStats(netstat, snmp, snmp6);
    // node_exporter parses every value (filtered or not) before emitting, so check them all first.
    const series: { key: string; protocol: string; name: string; value: number }[] = [];
    for (const [protocol, stats] of merged) {
      for (const [name, raw] of stats) {
        const value = mustFloat(raw, 'netstats');
        const key = `${protocol}_${name}`;
        if (fieldPattern.test(key)) series.push({ key, protocol, name, value });
      }
    }
    for (const s of series)
      b.add(`node_netstat_${s.key}`, `Statistic ${s.protocol}${s.name}.`, 'untyped', s.value);
  });
}

function readFile(path: string, what: string): string {
  try {
    return readText(path);
  } catch (err) {
    throw new Error(`${what}: ${errorMessage(err)}`, { cause: err });
  }
}
