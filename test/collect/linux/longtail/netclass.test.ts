import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  collectNetclass,
  parseNetClassIface,
  readNetClass,
} from '../../../../src/collect/linux/longtail/netclass.js';
import { DEBIAN12, EDGE, EMPTY, family, value } from './fixtures.js';

test('parseNetClassIface parses numbers like Go ParseInt base 0 and drops bad ones', () => {
  const i = parseNetClassIface(
    'x0',
    new Map([
      ['flags', '0x1003'],
      ['mtu', 'garbage'],
      ['dev_id', '0x0'],
      ['name_assign_type', '010'],
      ['speed', '-1'],
      ['operstate', 'up'],
    ]),
  );
  assert.equal(i.flags, 4099);
  assert.equal(i.mtu, undefined);
  assert.equal(i.dev_id, 0);
  assert.equal(i.name_assign_type, 8);
  assert.equal(i.speed, -1);
  assert.equal(i.operstate, 'up');
  assert.equal(i.duplex, '');
});

test('readNetClass skips regular files such as bonding_masters', () => {
  assert.deepEqual(
    readNetClass(EDGE).map((i) => i.name),
    ['eth1', 'wlan0'],
  );
  assert.deepEqual(
    readNetClass(DEBIAN12, /^ifb/).map((i) => i.name),
    ['eth0', 'lo'],
  );
});

test('collectNetclass on the edge tree', () => {
  const fams = collectNetclass(EDGE);
  const eth1 = { device: 'eth1' };
  const wlan0 = { device: 'wlan0' };
  assert.equal(value(fams, 'node_network_up', eth1), 1);
  assert.equal(value(fams, 'node_network_up', wlan0), 0);
  assert.equal(value(fams, 'node_network_flags', eth1), 0x1103);
  assert.equal(value(fams, 'node_network_speed_bytes', eth1), (10000 * 1e6) / 8);
  assert.equal(value(fams, 'node_network_mtu_bytes', eth1), 9000);
  assert.equal(value(fams, 'node_network_carrier_up_changes_total', eth1), 3);
  assert.equal(value(fams, 'node_network_iface_link_mode', wlan0), 1);
  assert.equal(
    value(fams, 'node_network_info', {
      address: '52:54:00:12:34:56',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      device: 'eth1',
      duplex: 'full',
      ifalias: 'uplink to core',
      operstate: 'up',
    }),
    1,
  );
  // wlan0 has no carrier, speed, dormant or name_assign_type files: those series are absent.
  for (const name of ['carrier', 'speed_bytes', 'dormant', 'name_assign_type']) {
    assert.deepEqual(
      family(fams, `node_network_${name}`).samples.map((s) => s.labels.device),
      ['eth1'],
      name,
    );
  }
  assert.equal(family(fams, 'node_network_carrier_changes_total').type, 'counter');
  assert.equal(family(fams, 'node_network_iface_id').help, 'Network device property: iface_id');
  assert.equal(family(fams, 'node_network_up').help, "Value is 1 if operstate is 'up', 0 otherwise.");
});

test('collectNetclass speed -1: reported by default, dropped with ignoreInvalidSpeed', () => {
  assert.equal(value(collectNetclass(DEBIAN12), 'node_network_speed_bytes', { device: 'eth0' }), -125000);
  assert.throws(() =>
    value(collectNetclass(DEBIAN12, { ignoreInvalidSpeed: true }), 'node_network_speed_bytes'),
  );
});

test('collectNetclass without /sys/class/net is empty', () => {
  assert.deepEqual(collectNetclass(EMPTY), []);
});
