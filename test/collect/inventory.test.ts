import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseOsRelease, readInventory, unameArch } from '../../src/collect/inventory.js';

const FIX = new URL('../fixtures/proc/', import.meta.url).pathname;
const tmp = mkdtempSync(join(os.tmpdir(), 'hostpulse-inv-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const KEYS = [
  'hostname',
  'os_system',
  'os_release',
  'os_version',
  'kernel',
  'distro',
  'architecture',
  'cpu_vendor',
  'cpu_model',
  'cpu_name',
  'cpu_physical_cores',
  'cpu_logical_cores',
  'cpu_max_mhz',
  'memory_total_bytes',
  'manufacturer',
  'model',
  'serial',
  'boot_time',
];

describe('readInventory', () => {
  it('describes the captured Debian 12 VM (no DMI, no cpufreq)', () => {
    const inv = readInventory(`${FIX}debian12-vm`);
    assert.deepEqual(Object.keys(inv).sort(), [...KEYS].sort());
    assert.equal(inv.hostname, 'vm');
    assert.equal(inv.os_system, 'Linux');
    assert.equal(inv.os_release, '6.18.44-fc-v669');
    assert.equal(inv.kernel, '6.18.44-fc-v669');
    assert.equal(inv.os_version, '#1 SMP PREEMPT_DYNAMIC @0');
    assert.equal(inv.distro, 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(inv.cpu_vendor, 'AuthenticAMD');
    assert.equal(inv.cpu_model, 'AMD EPYC');
    assert.equal(inv.cpu_name, 'AMD EPYC');
    assert.equal(inv.cpu_physical_cores, 2);
    assert.equal(inv.cpu_logical_cores, 2);
    assert.equal(inv.cpu_max_mhz, 2596.144); // highest "cpu MHz", as there is no cpufreq
    assert.equal(inv.memory_total_bytes, 24684084 * 1024);
    assert.equal(inv.manufacturer, null);
    assert.equal(inv.model, null);
    assert.equal(inv.serial, null);
    // btime 1795301087 = 2026-11-21 22:44:47 UTC
    assert.equal(inv.boot_time, '2026-11-21T22:44:47.000Z');
  });

  it('reads DMI identity and the cpufreq maximum on a laptop tree; a configured name wins', () => {
    const inv = readInventory(`${FIX}cpufreq-4core`, { hostName: 'configured-name' });
    assert.equal(inv.hostname, 'configured-name');
    assert.equal(inv.manufacturer, 'LENOVO');
    assert.equal(inv.model, '20HRCTO1WW');
    assert.equal(inv.serial, 'PF0ABCDE');
    assert.equal(inv.cpu_vendor, 'GenuineIntel');
    assert.equal(inv.cpu_model, 'Intel(R) Core(TM) i3-7100U CPU @ 2.40GHz');
    assert.equal(inv.cpu_physical_cores, 2);
    assert.equal(inv.cpu_logical_cores, 4);
    // cpuinfo_max_freq 2400000 kHz on cpu0–2 (cpu3 2300000); cpuinfo MHz values are all lower anyway
    assert.equal(inv.cpu_max_mhz, 2400);
    assert.equal(inv.distro, 'Ubuntu 22.04.4 LTS');
    assert.equal(inv.os_release, '6.5.0-35-generic');
    assert.equal(inv.boot_time, new Date(1717171717 * 1000).toISOString());
    assert.equal(readInventory(`${FIX}cpufreq-4core`).hostname, 'thinkpad');
  });

  it('copes with a container-style arm64 root: no /sys at all, no model name, no MHz', () => {
    const inv = readInventory(`${FIX}container-arm64`);
    // Not the live root, so the mounted tree's etc/hostname wins over the kernel's (container) name.
    assert.equal(inv.hostname, 'edge-gw-01');
    assert.equal(inv.cpu_vendor, 'ARM');
    assert.equal(inv.cpu_model, null);
    assert.equal(inv.cpu_physical_cores, null);
    assert.equal(inv.cpu_logical_cores, 2);
    assert.equal(inv.cpu_max_mhz, null);
    assert.equal(inv.manufacturer, null);
    assert.equal(inv.serial, null);
    assert.equal(inv.memory_total_bytes, 3926520 * 1024);
    assert.equal(inv.distro, 'Alpine Linux v3.19');
    assert.equal(inv.os_release, '5.10.215-203.850.amzn2.aarch64');
    assert.equal(inv.boot_time, new Date(1712345678 * 1000).toISOString());
  });

  it('counts logical CPUs from /proc/stat and physical cores from sysfs topology when cpuinfo is absent', () => {
    const root = join(tmp, 'topo');
    mkdirSync(join(root, 'proc'), { recursive: true });
    writeFileSync(join(root, 'proc/stat'), readFileSync(`${FIX}cpufreq-4core/proc/stat`));
    for (const [cpu, core] of [
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 1],
    ]) {
      const d = join(root, `sys/devices/system/cpu/cpu${cpu}/topology`);
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'core_id'), `${core}\n`);
      writeFileSync(join(d, 'physical_package_id'), '0\n');
    }
    const inv = readInventory(root, { hostName: 'h' });
    assert.equal(inv.cpu_logical_cores, 4);
    assert.equal(inv.cpu_physical_cores, 2);
    assert.equal(inv.cpu_model, null);
    assert.equal(inv.distro, null);
    assert.equal(inv.memory_total_bytes, null);
  });

  it('takes boot time from uptime when /proc/stat is missing, and model/serial from a device tree', () => {
    const root = join(tmp, 'dt');
    mkdirSync(join(root, 'proc'), { recursive: true });
    mkdirSync(join(root, 'sys/firmware/devicetree/base'), { recursive: true });
    writeFileSync(join(root, 'proc/uptime'), '100.40 50.00\n');
    writeFileSync(join(root, 'sys/firmware/devicetree/base/model'), 'Raspberry Pi 4 Model B Rev 1.4\0');
    writeFileSync(join(root, 'sys/firmware/devicetree/base/serial-number'), '10000000abcdef01\0');
    const inv = readInventory(root, { hostName: 'pi', nowMs: 1_700_000_000_000 });
    // 1700000000 − 100.4 = 1699999899.6 → 1699999900
    assert.equal(inv.boot_time, new Date(1699999900 * 1000).toISOString());
    assert.equal(inv.model, 'Raspberry Pi 4 Model B Rev 1.4');
    assert.equal(inv.serial, '10000000abcdef01');
    assert.equal(inv.manufacturer, null);
    assert.equal(inv.cpu_logical_cores, null);
  });

  it('describes the live machine as uname and /proc do', () => {
    const inv = readInventory('/');
    assert.equal(inv.architecture, execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
    assert.equal(inv.os_release, execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    assert.equal(inv.hostname, readFileSync('/proc/sys/kernel/hostname', 'utf8').trim());
    assert.equal(inv.cpu_logical_cores, os.cpus().length);
  });
});

describe('unameArch', () => {
  it('prefers the machine string and maps Node arch names otherwise', () => {
    assert.equal(unameArch('x64', 'x86_64'), 'x86_64');
    assert.equal(unameArch('arm', 'armv6l'), 'armv6l');
    assert.equal(unameArch('x64'), 'x86_64');
    assert.equal(unameArch('arm64', ''), 'aarch64');
    assert.equal(unameArch('ppc64', undefined, 'LE'), 'ppc64le');
    assert.equal(unameArch('ppc64', undefined, 'BE'), 'ppc64');
    assert.equal(unameArch('riscv64'), 'riscv64');
  });
});

describe('parseOsRelease', () => {
  it('unquotes values, honours escapes and skips comments', () => {
    const f = parseOsRelease(
      '# comment\nNAME="Fedora Linux"\nID=fedora\nPRETTY_NAME="Say \\"hi\\" \\\\ \\$HOME"\nVARIANT=\'Server Edition\'\n\nbroken\n',
    );
    assert.deepEqual(f, {
      NAME: 'Fedora Linux',
      ID: 'fedora',
      PRETTY_NAME: 'Say "hi" \\ $HOME',
      VARIANT: 'Server Edition',
    });
  });
});
