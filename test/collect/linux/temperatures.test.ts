import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  cleanChipName,
  hwmonName,
  milliToCelsius,
  readTemperatures,
} from '../../../src/collect/linux/temperatures.js';

const FIXTURES = new URL('../../fixtures/proc/', import.meta.url).pathname;
const HW = join(FIXTURES, 'hwmon-thermal');

test('chip names follow node_exporter: device path first, then the name file', () => {
  // hwmon1/device -> devices/platform/coretemp.0
  assert.equal(hwmonName(join(HW, 'sys/class/hwmon/hwmon1')), 'platform_coretemp_0');
  // hwmon2/device -> devices/pci0000:00/0000:00:18.3 (':' is kept, '.' becomes '_')
  assert.equal(hwmonName(join(HW, 'sys/class/hwmon/hwmon2')), 'pci0000:00_0000:00:18_3');
  // hwmon0 has no device link, only name "nvme"
  assert.equal(hwmonName(join(HW, 'sys/class/hwmon/hwmon0')), 'nvme');
  assert.equal(cleanChipName('  Package id 0\n'), 'package_id_0');
  assert.equal(cleanChipName('applesmc.768'), 'applesmc_768');
});

test('readTemperatures reads hwmon sensors then thermal zones, in °C', () => {
  assert.deepEqual(readTemperatures(HW), [
    // hwmon0: temp1_input 38850, temp1_max 84850, no label, no crit (temp1_min/alarm are not read)
    {
      source: 'hwmon',
      chip: 'nvme',
      sensor: 'temp1',
      label: 'temp1',
      celsius: 38.85,
      maxCelsius: 84.85,
      critCelsius: null,
    },
    // hwmon1 (coretemp): two labelled sensors with max 84000 and crit 100000
    {
      source: 'hwmon',
      chip: 'platform_coretemp_0',
      sensor: 'temp1',
      label: 'Package id 0',
      celsius: 52,
      maxCelsius: 84,
      critCelsius: 100,
    },
    {
      source: 'hwmon',
      chip: 'platform_coretemp_0',
      sensor: 'temp2',
      label: 'Core 0',
      celsius: 49.5,
      maxCelsius: 84,
      critCelsius: 100,
    },
    // hwmon2 (k10temp): attributes live on the PCI device, reached through hwmon2/device
    {
      source: 'hwmon',
      chip: 'pci0000:00_0000:00:18_3',
      sensor: 'temp1',
      label: 'Tctl',
      celsius: 61.25,
      maxCelsius: null,
      critCelsius: null,
    },
    // thermal_zone0: only a passive trip point, so no crit
    {
      source: 'thermal',
      chip: 'thermal_zone0',
      sensor: 'x86_pkg_temp',
      label: 'x86_pkg_temp',
      celsius: 53,
      maxCelsius: null,
      critCelsius: null,
    },
    // thermal_zone1: trip_point_0 is "critical" at 105000
    {
      source: 'thermal',
      chip: 'thermal_zone1',
      sensor: 'acpitz',
      label: 'acpitz',
      celsius: 27.8,
      maxCelsius: null,
      critCelsius: 105,
    },
  ]);
});

test('no hwmon or thermal class gives an empty list, not an error', () => {
  assert.deepEqual(readTemperatures(join(FIXTURES, 'no-hwmon')), []);
  assert.deepEqual(readTemperatures(join(FIXTURES, 'debian12-vm')), []);
  assert.deepEqual(readTemperatures('/nonexistent-root'), []);
});

test('a sensor whose input cannot be parsed is skipped; the others stay', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-hwmon-'));
  try {
    cpSync(HW, root, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(root, 'sys/devices/platform/coretemp.0/hwmon/hwmon1/temp1_input'), '');
    writeFileSync(join(root, 'sys/class/thermal/thermal_zone0/temp'), 'N/A\n');
    const sensors = readTemperatures(root).map((t) => `${t.chip}/${t.sensor}`);
    assert.deepEqual(sensors, [
      'nvme/temp1',
      'platform_coretemp_0/temp2',
      'pci0000:00_0000:00:18_3/temp1',
      'thermal_zone1/acpitz',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('milliToCelsius', () => {
  assert.equal(milliToCelsius('45000\n'), 45);
  assert.equal(milliToCelsius('-5500'), -5.5);
  assert.equal(milliToCelsius(''), null);
  assert.equal(milliToCelsius('abc'), null);
});
