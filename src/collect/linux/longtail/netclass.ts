// node_exporter 1.5's netclass collector over /sys/class/net/<iface>/*, with procfs 0.8's rules:
// attributes are single 128-byte reads, numbers parse like Go's ParseInt base 0 ("0x1003"), an
// attribute that is missing, forbidden, EINVAL (e.g. speed on a down link) or EOPNOTSUPP is left
// out, and a number that does not parse is left out silently.
import { readdirSync } from 'node:fs';
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { parseIntBase0 } from './goparse.js';
import { errnoCode, errorMessage, isNotExist, isPermission, sysReadFile } from './read.js';

// Only the attributes that feed a series are read (procfs also reads addr_len and phys_*), which
// keeps a scrape to ~20 small reads per interface.
const INT_ATTRS = [
  'addr_assign_type',
  'carrier',
  'carrier_changes',
  'carrier_up_count',
  'carrier_down_count',
  'dev_id',
  'dormant',
  'flags',
  'ifindex',
  'iflink',
  'link_mode',
  'mtu',
  'name_assign_type',
  'netdev_group',
  'speed',
  'tx_queue_len',
  'type',
] as const;
const STRING_ATTRS = ['address', 'broadcast', 'duplex', 'ifalias', 'operstate'] as const;
const KNOWN = new Set<string>([...INT_ATTRS, ...STRING_ATTRS]);

type IntAttr = (typeof INT_ATTRS)[number];
type StringAttr = (typeof STRING_ATTRS)[number];

export type NetClassIface = { name: string } & Partial<Record<IntAttr, number>> & Record<StringAttr, string>;

/** Builds one interface from its readable attribute values (already trimmed). */
export function parseNetClassIface(name: string, attrs: ReadonlyMap<string, string>): NetClassIface {
  const iface: NetClassIface = {
    name,
    address: '',
    broadcast: '',
    duplex: '',
    ifalias: '',
    operstate: '',
  };
  for (const a of STRING_ATTRS) {
    const v = attrs.get(a);
    if (v !== undefined) iface[a] = v;
  }
  for (const a of INT_ATTRS) {
    const raw = attrs.get(a);
    const v = raw === undefined ? undefined : parseIntBase0(raw);
    if (v !== undefined) iface[a] = v;
  }
  return iface;
}

const SKIPPED_READ_ERRORS = new Set(['EINVAL', 'EOPNOTSUPP', 'ENOTSUP']);

function readIfaceAttrs(dir: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !KNOWN.has(entry.name)) continue;
    const path = `${dir}/${entry.name}`;
    try {
      attrs.set(entry.name, sysReadFile(path));
    } catch (err) {
      if (isNotExist(err) || isPermission(err) || SKIPPED_READ_ERRORS.has(errnoCode(err) ?? '')) continue;
      throw new Error(`failed to read file ${JSON.stringify(path)}: ${errorMessage(err)}`, { cause: err });
    }
  }
  return attrs;
}

/** Interfaces under /sys/class/net (symlinks in sysfs, directories in fixtures; files like bonding_masters skipped). */
export function readNetClass(root: string, ignoredDevices: RegExp = /^$/): NetClassIface[] {
  const base = `${root}/sys/class/net`;
  const names = readdirSync(base, { withFileTypes: true })
    .filter((e) => !e.isFile())
    .map((e) => e.name)
    .filter((n) => !ignoredDevices.test(n))
    .sort();
  return names.map((n) => parseNetClassIface(n, readIfaceAttrs(`${base}/${n}`)));
}

export interface NetclassOptions {
  ignoredDevices?: RegExp;
  /** --collector.netclass.ignore-invalid-speed: drop speed_bytes when the kernel reports -1. */
  ignoreInvalidSpeed?: boolean;
}

const PROPERTIES: [string, IntAttr, 'gauge' | 'counter'][] = [
  ['address_assign_type', 'addr_assign_type', 'gauge'],
  ['carrier', 'carrier', 'gauge'],
  ['carrier_changes_total', 'carrier_changes', 'counter'],
  ['carrier_up_changes_total', 'carrier_up_count', 'counter'],
  ['carrier_down_changes_total', 'carrier_down_count', 'counter'],
  ['device_id', 'dev_id', 'gauge'],
  ['dormant', 'dormant', 'gauge'],
  ['flags', 'flags', 'gauge'],
  ['iface_id', 'ifindex', 'gauge'],
  ['iface_link', 'iflink', 'gauge'],
  ['iface_link_mode', 'link_mode', 'gauge'],
  ['mtu_bytes', 'mtu', 'gauge'],
  ['name_assign_type', 'name_assign_type', 'gauge'],
  ['net_dev_group', 'netdev_group', 'gauge'],
];

export function collectNetclass(root: string, opts: NetclassOptions = {}): MetricFamily[] {
  return runCollector('netclass', (b) => {
    let ifaces: NetClassIface[];
    try {
      ifaces = readNetClass(root, opts.ignoredDevices);
    } catch (err) {
      // No /sys/class/net (or no access): no data rather than a failure.
      if (isNotExist(err) || isPermission(err)) return;
      throw new Error(`could not get net class info: ${errorMessage(err)}`, { cause: err });
    }
    const prop = (name: string, type: 'gauge' | 'counter', device: string, value: number | undefined) => {
      if (value !== undefined)
        b.add(`node_network_${name}`, `Network device property: ${name}`, type, value, { device });
    };
    for (const i of ifaces) {
      b.add(
        'node_network_up',
        "Value is 1 if operstate is 'up', 0 otherwise.",
        'gauge',
        i.operstate === 'up' ? 1 : 0,
        {
          device: i.name,
        },
      );
      b.add(
        'node_network_info',
        'Non-numeric data from /sys/class/net/<iface>, value is always 1.',
        'gauge',
        1,
        {
          address: i.address,
          broadcast: i.broadcast,
          device: i.name,
          duplex: i.duplex,
          ifalias: i.ifalias,
          operstate: i.operstate,
        },
      );
      for (const [name, attr, type] of PROPERTIES) prop(name, type, i.name, i[attr]);
      if (i.speed !== undefined && (i.speed >= 0 || !opts.ignoreInvalidSpeed)) {
        // Mbit/s to bytes/s with Go's truncating int64 arithmetic.
        prop('speed_bytes', 'gauge', i.name, Math.trunc((i.speed * 1000 * 1000) / 8));
      }
      prop('transmit_queue_length', 'gauge', i.name, i.tx_queue_len);
      prop('protocol_type', 'gauge', i.name, i.type);
    }
  });
}
