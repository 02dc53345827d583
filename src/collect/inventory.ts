// Static host inventory (OS, CPU, memory, hardware identity), read once at start and on refresh.
//
// Key names follow the reference agent's /inventory payload. Choices where the sources leave room:
// - cpu_model and cpu_name are both /proc/cpuinfo's "model name": Linux has no separate marketing
//   name (the reference agent, via py-cpuinfo, reports the same string under both keys).
// - cpu_physical_cores counts unique (physical id, core id) pairs in /proc/cpuinfo, else
//   "cpu cores" × packages, else unique (physical_package_id, core_id) pairs from sysfs topology
//   (ARM prints no topology in cpuinfo), else null.
// - cpu_max_mhz is the highest cpufreq cpuinfo_max_freq, else the highest "cpu MHz" in cpuinfo
//   (VMs without cpufreq report their nominal clock there).
// - manufacturer/model/serial come from DMI; on device-tree machines (Raspberry Pi and most ARM
//   boards) the model and serial come from the device tree instead. Unreadable → null
//   (product_serial is readable by root only).
// - hostname: the kernel's name (what `hostname` prints) when reading the live root; for another
//   root (a container watching /host), that root's etc/hostname, because the kernel file answers
//   for the reader's UTS namespace, not for the mounted host.
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { FreqReader, parseCpuinfo } from './linux/cpufreq.js';
import { parseMeminfo } from './linux/meminfo.js';
import { parseStat } from './linux/stat.js';
import { parseUptime } from './linux/uptime.js';

export interface Inventory {
  hostname: string;
  os_system: string;
  os_release: string | null;
  os_version: string | null;
  kernel: string | null;
  /** PRETTY_NAME of os-release (not in the reference payload; hostpulse extra). */
  distro: string | null;
  architecture: string;
  cpu_vendor: string | null;
  cpu_model: string | null;
  cpu_name: string | null;
  cpu_physical_cores: number | null;
  cpu_logical_cores: number | null;
  cpu_max_mhz: number | null;
  memory_total_bytes: number | null;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  /** ISO-8601 UTC. */
  boot_time: string | null;
}

export interface InventoryOptions {
  /** Configured host name ([agent] host_name); wins over everything read from the system. */
  hostName?: string;
  /** Wall clock for the boot-time fallback (now − uptime); defaults to Date.now(). */
  nowMs?: number;
}

/** Trimmed file text; null when missing, unreadable or blank. Device-tree strings end in NUL. */
function readText(path: string): string | null {
  try {
    const v = readFileSync(path, 'utf8').replace(/\0+$/, '').trim();
    return v === '' ? null : v;
  } catch {
    return null;
  }
}

/** os-release(5): KEY=value lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let v = line.slice(eq + 1);
    const q = v[0];
    if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\(["\\`$])/g, '$1');
    }
    out[line.slice(0, eq)] = v;
  }
  return out;
}

const ARCH_TO_UNAME: Record<string, string> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  ia32: 'i686',
  arm: 'armv7l',
  loong64: 'loongarch64',
  ppc: 'ppc',
  s390: 's390',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips: 'mips',
  mipsel: 'mipsel',
};

/**
 * uname -m style architecture. os.machine() is uname's own answer (Node ≥ 18.9) and wins; the
 * mapping of process.arch covers runtimes without it.
 */
export function unameArch(arch: string, machine?: string, endianness: 'BE' | 'LE' = 'LE'): string {
  if (machine !== undefined && machine !== '') return machine;
  if (arch === 'ppc64') return endianness === 'LE' ? 'ppc64le' : 'ppc64';
  return ARCH_TO_UNAME[arch] ?? arch;
}

function sysfsPhysicalCores(root: string): number | null {
  const base = `${root}/sys/devices/system/cpu`;
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return null;
  }
  const pairs = new Set<string>();
  for (const name of names) {
    if (!/^cpu\d+$/.test(name)) continue;
    const core = readText(`${base}/${name}/topology/core_id`);
    const pkg = readText(`${base}/${name}/topology/physical_package_id`);
    if (core === null || pkg === null) return null;
    pairs.add(`${pkg}/${core}`);
  }
  return pairs.size > 0 ? pairs.size : null;
}

function maxCpufreqMhz(root: string, cpus: number[]): number | null {
  if (cpus.length === 0) return null;
  let max: number | null = null;
  for (const f of new FreqReader(root).read(cpus)) {
    if (f.maxMhz !== null && (max === null || f.maxMhz > max)) max = f.maxMhz;
  }
  return max;
}

function machineArch(): string | undefined {
  // os.machine exists from Node 18.9; typed as always present in @types/node 20.
  return typeof os.machine === 'function' ? os.machine() : undefined;
}

export function readInventory(root: string, opts: InventoryOptions = {}): Inventory {
  const base = root === '/' ? '' : root.replace(/\/+$/, '');
  const live = base === '';

  const kernelHost = readText(`${base}/proc/sys/kernel/hostname`);
  const etcHost = readText(`${base}/etc/hostname`);
  const hostname =
    opts.hostName ?? (live ? (kernelHost ?? etcHost) : (etcHost ?? kernelHost)) ?? os.hostname();

  const release = readText(`${base}/proc/sys/kernel/osrelease`);
  const osRelease = readText(`${base}/etc/os-release`) ?? readText(`${base}/usr/lib/os-release`);
  let distro: string | null = null;
  if (osRelease !== null) {
    const f = parseOsRelease(osRelease);
    distro = f.PRETTY_NAME ?? ([f.NAME, f.VERSION].filter(Boolean).join(' ') || null);
  }

  const cpuinfoText = readText(`${base}/proc/cpuinfo`);
  const cpuinfo = cpuinfoText === null ? null : parseCpuinfo(cpuinfoText);

  let stat: ReturnType<typeof parseStat> | null = null;
  try {
    stat = parseStat(readFileSync(`${base}/proc/stat`, 'latin1'));
  } catch {
    stat = null;
  }
  const cpus = stat === null ? [] : [...stat.cores.keys()];

  let maxMhz = maxCpufreqMhz(base, cpus);
  if (maxMhz === null && cpuinfo !== null && cpuinfo.mhzByProcessor.size > 0) {
    maxMhz = Math.max(...cpuinfo.mhzByProcessor.values());
  }

  const memText = readText(`${base}/proc/meminfo`);
  const memTotal = memText === null ? undefined : parseMeminfo(memText).MemTotal;

  let bootTime: string | null = null;
  if (stat !== null && stat.kernel.bootTime > 0) {
    bootTime = new Date(stat.kernel.bootTime * 1000).toISOString();
  } else {
    const up = readText(`${base}/proc/uptime`);
    if (up !== null) {
      try {
        const seconds = parseUptime(up);
        bootTime = new Date(Math.round((opts.nowMs ?? Date.now()) / 1000 - seconds) * 1000).toISOString();
      } catch {
        bootTime = null;
      }
    }
  }

  const dmi = `${base}/sys/class/dmi/id`;
  const dt = `${base}/sys/firmware/devicetree/base`;

  return {
    hostname,
    os_system: 'Linux',
    os_release: release,
    os_version: readText(`${base}/proc/sys/kernel/version`),
    kernel: release,
    distro,
    architecture: unameArch(process.arch, machineArch(), os.endianness()),
    cpu_vendor: cpuinfo?.vendor ?? null,
    cpu_model: cpuinfo?.modelName ?? null,
    cpu_name: cpuinfo?.modelName ?? null,
    cpu_physical_cores: cpuinfo?.physicalCores ?? sysfsPhysicalCores(base),
    cpu_logical_cores:
      cpuinfo !== null && cpuinfo.logicalCores > 0 ? cpuinfo.logicalCores : cpus.length || null,
    cpu_max_mhz: maxMhz,
    memory_total_bytes: memTotal ?? null,
    manufacturer: readText(`${dmi}/sys_vendor`),
    model: readText(`${dmi}/product_name`) ?? readText(`${dt}/model`),
    serial: readText(`${dmi}/product_serial`) ?? readText(`${dt}/serial-number`),
    boot_time: bootTime,
  };
}
