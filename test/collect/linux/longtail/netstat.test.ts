import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  collectNetstat,
  mergeNetStats,
  NETSTAT_DEFAULT_FIELDS,
  parseNetStats,
  parseSnmp6,
} from '../../../../src/collect/linux/longtail/netstat.js';
import { DEBIAN12, EDGE, EMPTY, family, names, value } from './fixtures.js';

test('parseNetStats pairs header and value lines per protocol', () => {
  const s = parseNetStats('Tcp: MaxConn CurrEstab\nTcp: -1 2\nUdp: InDatagrams\nUdp: 7\n');
  assert.deepEqual([...s.keys()], ['Tcp', 'Udp']);
  assert.equal(s.get('Tcp')?.get('MaxConn'), '-1');
  assert.equal(s.get('Udp')?.get('InDatagrams'), '7');
});

test('parseNetStats rejects mismatched field counts', () => {
  assert.throws(
    () => parseNetStats('Tcp: A B\nTcp: 1\n', 'snmp'),
    /mismatch field count mismatch in snmp: Tcp/,
  );
});

test('parseSnmp6 splits the protocol at the first 6', () => {
  const s = parseSnmp6('Ip6InOctets   \t128\nIcmp6InType1 3\nUdpLite6InErrors 0\nnosix 5\nshort\n');
  assert.deepEqual([...s.keys()], ['Ip6', 'Icmp6', 'UdpLite6']);
  assert.equal(s.get('Ip6')?.get('InOctets'), '128');
  assert.equal(s.get('Icmp6')?.get('InType1'), '3');
});

test('parseNetStats round-trips generated blocks', () => {
  const ident = fc.stringMatching(/^[A-Z][A-Za-z]{0,8}$/);
  fc.assert(
    fc.property(
      fc.uniqueArray(ident, { minLength: 1, maxLength: 4 }),
      fc.uniqueArray(ident, { minLength: 1, maxLength: 6 }),
      fc.array(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 62n }), { minLength: 6, maxLength: 6 }),
      (protos, fieldNames, vals) => {
        const text = protos
          .map((p) => `${p}: ${fieldNames.join(' ')}\n${p}: ${fieldNames.map((_, i) => vals[i]).join(' ')}\n`)
          .join('');
        const parsed = parseNetStats(text);
        assert.deepEqual([...parsed.keys()], protos);
        for (const p of protos) {
          for (const [i, f] of fieldNames.entries()) assert.equal(parsed.get(p)?.get(f), String(vals[i]));
        }
      },
    ),
  );
});

test('mergeNetStats lets a later file replace a protocol', () => {
  const m = mergeNetStats(parseNetStats('Ip: A\nIp: 1\n'), parseNetStats('Ip: B\nIp: 2\n'));
  assert.deepEqual([...(m.get('Ip')?.keys() ?? [])], ['B']);
});

test('collectNetstat on the edge tree (no snmp6): exactly the default-filtered fields', () => {
  const fams = collectNetstat(EDGE);
  const expected = [
    'Icmp_InErrors',
    'Icmp_InMsgs',
    'Icmp_OutMsgs',
    'IpExt_InOctets',
    'IpExt_OutOctets',
    'Ip_Forwarding',
    'TcpExt_ListenDrops',
    'TcpExt_ListenOverflows',
    'TcpExt_SyncookiesFailed',
    'TcpExt_SyncookiesRecv',
    'TcpExt_SyncookiesSent',
    'TcpExt_TCPSynRetrans',
    'TcpExt_TCPTimeouts',
    'Tcp_ActiveOpens',
    'Tcp_CurrEstab',
    'Tcp_InErrs',
    'Tcp_InSegs',
    'Tcp_OutRsts',
    'Tcp_OutSegs',
    'Tcp_PassiveOpens',
    'Tcp_RetransSegs',
    'UdpLite_InErrors',
    'Udp_InDatagrams',
    'Udp_InErrors',
    'Udp_NoPorts',
    'Udp_OutDatagrams',
    'Udp_RcvbufErrors',
    'Udp_SndbufErrors',
  ].map((k) => `node_netstat_${k}`);
  assert.deepEqual(names(fams), expected.sort());
  // From the TcpExt/IpExt/Tcp/Udp lines of edge/proc/net/{netstat,snmp}.
  assert.equal(value(fams, 'node_netstat_TcpExt_ListenDrops'), 5);
  assert.equal(value(fams, 'node_netstat_TcpExt_TCPTimeouts'), 6);
  assert.equal(value(fams, 'node_netstat_IpExt_InOctets'), 123456789012);
  assert.equal(value(fams, 'node_netstat_Tcp_InErrs'), 4);
  assert.equal(value(fams, 'node_netstat_Udp_SndbufErrors'), 9);
  const f = family(fams, 'node_netstat_Tcp_CurrEstab');
  assert.equal(f.help, 'Statistic TcpCurrEstab.');
  assert.equal(f.type, 'untyped');
  assert.ok(!NETSTAT_DEFAULT_FIELDS.test('Ip_InHdrErrors'));
});

test('collectNetstat reads snmp6 when present', () => {
  const fams = collectNetstat(DEBIAN12);
  assert.equal(value(fams, 'node_netstat_Ip6_InOctets'), 128);
  assert.equal(value(fams, 'node_netstat_Ip6_OutOctets'), 880);
  assert.equal(value(fams, 'node_netstat_Icmp6_InMsgs'), 1);
  assert.equal(family(fams, 'node_netstat_Udp6_InErrors').help, 'Statistic Udp6InErrors.');
});

test('collectNetstat with all fields and without /proc/net/netstat', () => {
  const all = collectNetstat(EDGE, /.*/);
  assert.equal(value(all, 'node_netstat_Tcp_MaxConn'), -1);
  assert.equal(value(all, 'node_netstat_MPTcpExt_MPCapableSYNRX'), 0);
  assert.throws(() => collectNetstat(EMPTY), /couldn't get netstats/);
});
