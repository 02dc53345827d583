// Network interface counters from /proc/net/dev, rates between reads, and the primary interface.

import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { NetInterfaceSample, NetRates, NetworkSample, PrimaryInterface } from '../sample.js';
import { counterDelta } from './diskstats.js';
import { defaultRouteInterface, parseRoutes } from './netdev-route.js';
import { readProcFile } from './proc-file.js';

export type NetCounters = Omit<NetInterfaceSample, 'rates'>;

/** The 16 counters in /proc/net/dev column order (8 receive, then 8 transmit). */
export const NETDEV_COUNTER_KEYS = [
  'rxBytes',
  'rxPackets',
  'rxErrs',
  'rxDrop',
  'rxFifo',
  'rxFrame',
  'rxCompressed',
  'rxMulticast',
  'txBytes',
  'txPackets',
  'txErrs',
  'txDrop',
  'txFifo',
  'txColls',
  'txCarrier',
  'txCompressed',
] as const satisfies readonly (keyof NetCounters)[];

/** Parses /proc/net/dev; header lines and lines without 16 counters are skipped. */
export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = [];
  for (const line of text.split('\n')) {
    // Old kernels print "eth0:123" with no space after the colon, hence split at the colon.
    const colon = line.lastIndexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (name === '' || name.includes('|') || f.length < NETDEV_COUNTER_KEYS.length) continue;
    const c = { name } as NetCounters;
    for (let i = 0; i < NETDEV_COUNTER_KEYS.length; i++) c[NETDEV_COUNTER_KEYS[i]] = Number(f[i]);
    out.push(c);
  }
  return out;
}

export function netRates(cur: NetCounters, prev: NetCounters, elapsedMs: number): NetRates {
  const perSec = (d: number): number => (d * 1000) / elapsedMs;
  return {
    rxBytesPerSec: perSec(counterDelta(cur.rxBytes, prev.rxBytes)),
    txBytesPerSec: perSec(counterDelta(cur.txBytes, prev.txBytes)),
    rxPacketsPerSec: perSec(counterDelta(cur.rxPackets, prev.rxPackets)),
    txPacketsPerSec: perSec(counterDelta(cur.txPackets, prev.txPackets)),
  };
}

export type Ipv4Lookup = (iface: string) => { ipv4: string | null; mac: string | null } | null;

/** First IPv4 address and the MAC of an interface as the running kernel reports them. */
export const osIpv4Lookup: Ipv4Lookup = (iface) => {
  const addrs = networkInterfaces()[iface];
  if (!addrs || addrs.length === 0) return null;
  // Node 18.0–18.3 reported family as the number 4; compare loosely to cover both.
  const v4 = addrs.find((a) => String(a.family) === 'IPv4' || String(a.family) === '4');
  return { ipv4: v4?.address ?? null, mac: (v4 ?? addrs[0]).mac ?? null };
};

export interface NetCollectorOptions {
  ipv4Lookup?: Ipv4Lookup;
  /**
   * How long the primary interface (route table + address lookup) is reused (ms, default 30 s): the
   * default route and addresses rarely change, and the lookup asks the kernel for every address.
   */
  primaryRefreshMs?: number;
  /**
   * How often rx_nohandler is read from sysfs (ms); in between the last value is reused. It rarely
   * moves, and a file per interface per tick would cost more than /proc/net/dev itself.
   */
  nohandlerRefreshMs?: number;
}

/** Reads `${root}/proc/net/dev` each tick and keeps the previous counters for rates. */
export class NetCollector {
  private readonly root: string;
  private readonly lookup: Ipv4Lookup;
  private readonly primaryRefreshMs: number;
  private prev = new Map<string, NetCounters>();
  private prevMs: number | null = null;
  private primary: PrimaryInterface | null = null;
  private primarySince: number | null = null;
  private readonly nohandlerRefreshMs: number;
  // rx_nohandler per interface as last read (absent: unreadable) and when it was read.
  private nohandler = new Map<string, number>();
  private nohandlerSince: number | null = null;

  constructor(root: string, opts: NetCollectorOptions = {}) {
    this.root = root.replace(/\/+$/, '');
    this.lookup = opts.ipv4Lookup ?? osIpv4Lookup;
    this.primaryRefreshMs = opts.primaryRefreshMs ?? 30_000;
    this.nohandlerRefreshMs = opts.nohandlerRefreshMs ?? 15_000;
  }

  /** `monoMs` is a monotonic clock reading (performance.now()), used only for rate intervals. */
  read(monoMs: number): NetworkSample {
    const counters = parseNetDev(readProcFile(`${this.root}/proc/net/dev`, 'utf8'));
    const interfaces = this.update(counters, monoMs);
    this.addNohandler(interfaces, monoMs);
    return { interfaces, primary: this.readPrimary(monoMs) };
  }

  /**
   * rx_nohandler is not in /proc/net/dev; node_exporter gets it over netlink. sysfs has the same
   * kernel counter per interface.
   */
  private addNohandler(interfaces: NetInterfaceSample[], monoMs: number): void {
    const due =
      this.nohandlerSince === null ||
      monoMs < this.nohandlerSince ||
      monoMs - this.nohandlerSince >= this.nohandlerRefreshMs;
    if (due) {
      const next = new Map<string, number>();
      for (const i of interfaces) {
        try {
          const text = readFileSync(`${this.root}/sys/class/net/${i.name}/statistics/rx_nohandler`, 'latin1');
          if (/^\d+\n?$/.test(text)) next.set(i.name, Number(text));
        } catch {
          // no such interface directory (another namespace) or an old kernel without the counter
        }
      }
      this.nohandler = next;
      this.nohandlerSince = monoMs;
    }
    for (const i of interfaces) {
      const v = this.nohandler.get(i.name);
      if (v !== undefined) i.rxNohandler = v;
    }
  }

  /** The pure half of read(): rates against the previous call. */
  update(counters: NetCounters[], monoMs: number): NetInterfaceSample[] {
    const elapsedMs = this.prevMs === null ? 0 : monoMs - this.prevMs;
    const next = new Map<string, NetCounters>();
    const out: NetInterfaceSample[] = [];
    for (const c of counters) {
      const before = this.prev.get(c.name);
      out.push({ ...c, rates: before && elapsedMs > 0 ? netRates(c, before, elapsedMs) : null });
      next.set(c.name, c);
    }
    // A repeated or out-of-order clock reading gives no interval: keep the older baseline.
    if (this.prevMs === null || elapsedMs > 0) {
      this.prev = next;
      this.prevMs = monoMs;
    }
    return out;
  }

  private readPrimary(monoMs: number): PrimaryInterface | null {
    const fresh =
      this.primarySince !== null &&
      monoMs >= this.primarySince &&
      monoMs - this.primarySince < this.primaryRefreshMs;
    if (!fresh) {
      this.primary = this.findPrimary();
      this.primarySince = monoMs;
    }
    return this.primary;
  }

  private findPrimary(): PrimaryInterface | null {
    let routes: string;
    try {
      routes = readFileSync(`${this.root}/proc/net/route`, 'utf8');
    } catch {
      return null; // no IPv4 stack or no procfs net namespace: no default route to report
    }
    const name = defaultRouteInterface(parseRoutes(routes));
    if (name === null) return null;
    const found = this.lookup(name);
    return { name, ipv4: found?.ipv4 ?? null, mac: found?.mac ?? this.sysfsMac(name) };
  }

  private sysfsMac(iface: string): string | null {
    try {
      const mac = readFileSync(`${this.root}/sys/class/net/${iface}/address`, 'utf8').trim();
      return mac === '' ? null : mac;
    } catch {
      return null;
    }
  }
}
