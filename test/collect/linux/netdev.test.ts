import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  NetCollector,
  type NetCounters,
  osIpv4Lookup,
  parseNetDev,
} from '../../../src/collect/linux/netdev.js';
import { defaultRouteInterface, parseRoutes } from '../../../src/collect/linux/netdev-route.js';

const FIXTURES = new URL('../../fixtures/proc/', import.meta.url).pathname;
const HEADER =
  'Inter-|   Receive                                                |  Transmit\n' +
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

const FIELDS = [
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
] as const;

test('parseNetDev reads all 16 counters, including a name glued to a wide first counter', () => {
  const netdev = new NetCollector(join(FIXTURES, 'netdev-counters'), { ipv4Lookup: () => null });
  const names = netdev.read(0).interfaces.map((i) => i.name);
  assert.deepEqual(names, ['lo', 'eth0', 'wlan0', 'docker0']);
  // "  eth0:987654321  700000    3    7    1     2          4       250 12345678   90000    5    6    8     9      10         11"
  const [, eth0] = netdev.read(0).interfaces;
  assert.deepEqual(eth0, {
    name: 'eth0',
    rxBytes: 987654321,
    rxPackets: 700000,
    rxErrs: 3,
    rxDrop: 7,
    rxFifo: 1,
    rxFrame: 2,
    rxCompressed: 4,
    rxMulticast: 250,
    txBytes: 12345678,
    txPackets: 90000,
    txErrs: 5,
    txDrop: 6,
    txFifo: 8,
    txColls: 9,
    txCarrier: 10,
    txCompressed: 11,
    rates: null,
  });
});

test('parseNetDev round-trips counters printed in the kernel format', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9.-]{0,14}$/);
  fc.assert(
    fc.property(name, fc.array(fc.nat({ max: 2 ** 50 }), { minLength: 16, maxLength: 16 }), (n, v) => {
      const widths = [8, 7, 4, 4, 4, 5, 10, 9, 8, 7, 4, 4, 4, 5, 7, 10];
      const line = `${n.padStart(6)}:${v.map((x, i) => String(x).padStart(widths[i])).join(' ')}\n`;
      const [c] = parseNetDev(HEADER + line);
      const expected = { name: n } as NetCounters;
      FIELDS.forEach((f, i) => {
        expected[f] = v[i];
      });
      assert.deepEqual(c, expected);
    }),
  );
});

test('NetCollector rates between two snapshots; a reset counter gives 0, a new interface null', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-netdev-'));
  try {
    cpSync(join(FIXTURES, 'netdev-counters'), root, { recursive: true });
    const c = new NetCollector(root, { ipv4Lookup: () => null });
    c.read(5_000);
    renameSync(join(root, 'proc/net/dev.next'), join(root, 'proc/net/dev'));
    const { interfaces } = c.read(7_000); // 2 s later
    assert.deepEqual(
      interfaces.map((i) => i.name),
      ['lo', 'eth0', 'docker0', 'tun0'],
    );
    const by = new Map(interfaces.map((i) => [i.name, i]));
    // lo: +2000 bytes and +20 packets each way in 2 s
    assert.deepEqual(by.get('lo')?.rates, {
      rxBytesPerSec: 1000,
      txBytesPerSec: 1000,
      rxPacketsPerSec: 10,
      txPacketsPerSec: 10,
    });
    // eth0: receive counters restarted (987654321 → 5000): 0, not negative; tx +400000 B, +100 packets
    assert.deepEqual(by.get('eth0')?.rates, {
      rxBytesPerSec: 0,
      txBytesPerSec: 200_000,
      rxPacketsPerSec: 0,
      txPacketsPerSec: 50,
    });
    assert.deepEqual(by.get('docker0')?.rates, {
      rxBytesPerSec: 0,
      txBytesPerSec: 0,
      rxPacketsPerSec: 0,
      txPacketsPerSec: 0,
    });
    assert.equal(by.get('tun0')?.rates, null);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the default route with the lowest metric that is up names the primary interface', () => {
  const asked: string[] = [];
  const c = new NetCollector(join(FIXTURES, 'netdev-counters'), {
    ipv4Lookup: (iface) => {
      asked.push(iface);
      return { ipv4: '10.0.0.23', mac: null };
    },
  });
  // route: tun0 default is not up (flags 0002) despite metric 0; wlan0 (100) beats eth0 (600).
  // The lookup gave no MAC, so it comes from sys/class/net/wlan0/address.
  assert.deepEqual(c.read(0).primary, { name: 'wlan0', ipv4: '10.0.0.23', mac: 'a4:5e:60:d1:22:33' });
  assert.deepEqual(asked, ['wlan0']);
});

test('parseRoutes and defaultRouteInterface', () => {
  const routes = parseRoutes(
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
      'eth1\t00000000\t0101A8C0\t0003\t0\t0\t20\t00000000\t0\t0\t0\n' +
      'eth2\t00000000\t0102A8C0\t0003\t0\t0\t20\t00000000\t0\t0\t0\n' +
      'eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n',
  );
  assert.equal(routes.length, 3);
  assert.deepEqual(routes[0], {
    iface: 'eth1',
    destination: '00000000',
    gateway: '0101A8C0',
    mask: '00000000',
    flags: 3,
    metric: 20,
  });
  assert.equal(defaultRouteInterface(routes), 'eth1', 'ties go to the first');
  assert.equal(defaultRouteInterface(routes.slice(2)), null, 'no default route');
  assert.equal(defaultRouteInterface([]), null);
});

test('primary is null without a default route, and without a route file', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-netdev-'));
  try {
    cpSync(join(FIXTURES, 'netdev-counters'), root, { recursive: true });
    writeFileSync(
      join(root, 'proc/net/route'),
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
        'eth0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n',
    );
    assert.equal(new NetCollector(root, { ipv4Lookup: () => null }).read(0).primary, null);
    rmSync(join(root, 'proc/net/route'));
    assert.equal(new NetCollector(root, { ipv4Lookup: () => null }).read(0).primary, null);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the primary interface is re-resolved after primaryRefreshMs', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-netdev-'));
  try {
    cpSync(join(FIXTURES, 'netdev-counters'), root, { recursive: true });
    const c = new NetCollector(root, { ipv4Lookup: () => null, primaryRefreshMs: 5000 });
    assert.equal(c.read(0).primary?.name, 'wlan0');
    writeFileSync(
      join(root, 'proc/net/route'),
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
        'eth0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n',
    );
    assert.equal(c.read(4_999).primary?.name, 'wlan0');
    assert.deepEqual(c.read(5_000).primary, { name: 'eth0', ipv4: null, mac: '52:54:00:12:34:56' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('NetCollector on the captured Debian VM keeps every interface, lo included', () => {
  const c = new NetCollector(join(FIXTURES, 'debian12-vm'), {
    ipv4Lookup: () => ({ ipv4: '192.0.2.2', mac: null }),
  });
  const s = c.read(0);
  assert.deepEqual(
    s.interfaces.map((i) => [i.name, i.rxBytes, i.txPackets]),
    [
      ['lo', 3193, 29],
      ['ifb0', 0, 0],
      ['ifb1', 0, 0],
      ['eth0', 304331581, 5405],
    ],
  );
  // route: "eth0 00000000 010200C0 0003 ... 0"; MAC from the captured sys/class/net/eth0/address
  assert.deepEqual(s.primary, { name: 'eth0', ipv4: '192.0.2.2', mac: '02:fc:00:00:00:01' });
});

test('osIpv4Lookup reports loopback as 127.0.0.1', () => {
  assert.equal(osIpv4Lookup('lo')?.ipv4, '127.0.0.1');
  assert.equal(osIpv4Lookup('no-such-interface0'), null);
});
