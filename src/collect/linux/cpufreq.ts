// CPU frequencies (cpufreq sysfs, else /proc/cpuinfo) and the static facts /proc/cpuinfo gives.
import { existsSync, readFileSync } from 'node:fs';
import type { CpuFreqFiles } from '../sample.js';
import { readProcFile } from './proc-file.js';

export interface CoreFreq {
  curMhz: number | null;
  minMhz: number | null;
  maxMhz: number | null;
}

export interface CpuinfoSummary {
  /** vendor_id (x86), else a name for the ARM "CPU implementer" code; null when neither. */
  vendor: string | null;
  /** "model name" (x86, newer arm64), else "Processor"/"cpu model"/"cpu"/"Hardware" lines. */
  modelName: string | null;
  /** Unique (physical id, core id) pairs, else "cpu cores" × packages; null without topology. */
  physicalCores: number | null;
  /** Number of "processor" entries. */
  logicalCores: number;
  /** "cpu MHz" by processor number (x86 and some others; absent on most ARM). */
  mhzByProcessor: Map<number, number>;
}

// ARM's "CPU implementer" codes (arch/arm64/include/asm/cputype.h) for CPUs seen in the field.
const ARM_IMPLEMENTERS: Record<string, string> = {
  '0x41': 'ARM',
  '0x42': 'Broadcom',
  '0x43': 'Cavium',
  '0x46': 'Fujitsu',
  '0x48': 'HiSilicon',
  '0x4e': 'NVIDIA',
  '0x50': 'APM',
  '0x51': 'Qualcomm',
  '0x53': 'Samsung',
  '0x61': 'Apple',
  '0x6d': 'Microsoft',
  '0xc0': 'Ampere',
};

/** `key\t: value` → [key, value]; null for lines without a colon (blank separators). */
function splitLine(line: string): [string, string] | null {
  const colon = line.indexOf(':');
  if (colon === -1) return null;
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

export function parseCpuinfo(text: string): CpuinfoSummary {
  let vendor: string | null = null;
  let implementer: string | null = null;
  const names: Record<string, string> = {};
  let logical = 0;
  let current = -1;
  const mhz = new Map<number, number>();
  // Topology per processor block; a block without both ids makes the pair count unusable.
  const pairs = new Set<string>();
  const packages = new Set<string>();
  let physId: string | null = null;
  let coreId: string | null = null;
  let allHavePair = true;
  let cpuCores: number | null = null;

  const closeBlock = (): void => {
    if (current === -1) return;
    if (physId !== null && coreId !== null) pairs.add(`${physId}/${coreId}`);
    else allHavePair = false;
    if (physId !== null) packages.add(physId);
    physId = null;
    coreId = null;
  };

  for (const line of text.split('\n')) {
    const kv = splitLine(line);
    if (kv === null) continue;
    const [key, value] = kv;
    switch (key) {
      case 'processor': {
        const n = Number(value);
        if (!Number.isInteger(n)) break;
        closeBlock();
        current = n;
        logical++;
        break;
      }
      case 'vendor_id':
        vendor ??= value;
        break;
      case 'CPU implementer':
        implementer ??= value.toLowerCase();
        break;
      case 'model name':
      case 'Processor':
      case 'cpu model':
      case 'cpu':
      case 'Hardware':
        names[key] ??= value;
        break;
      case 'cpu MHz': {
        const v = Number(value);
        if (current !== -1 && Number.isFinite(v)) mhz.set(current, v);
        break;
      }
      case 'physical id':
        physId = value;
        break;
      case 'core id':
        coreId = value;
        break;
      case 'cpu cores': {
        const v = Number(value);
        if (Number.isInteger(v) && v > 0) cpuCores ??= v;
        break;
      }
    }
  }
  closeBlock();

  let physicalCores: number | null = null;
  if (logical > 0 && allHavePair && pairs.size > 0) physicalCores = pairs.size;
  else if (cpuCores !== null) physicalCores = cpuCores * Math.max(1, packages.size);

  if (vendor === null && implementer !== null) vendor = ARM_IMPLEMENTERS[implementer] ?? implementer;
  const modelName =
    names['model name'] ?? names.Processor ?? names['cpu model'] ?? names.cpu ?? names.Hardware ?? null;
  return { vendor, modelName, physicalCores, logicalCores: logical, mhzByProcessor: mhz };
}

/** Only the "cpu MHz" values, for the per-tick fallback: skips every other line cheaply. */
export function parseCpuinfoMhz(text: string): Map<number, number> {
  const out = new Map<number, number>();
  let current = -1;
  let start = 0;
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    const c = text.charCodeAt(start);
    // 'p'rocessor and 'c'pu MHz are the only lines of interest; the flags lines are long.
    if (c === 112 && text.startsWith('processor', start)) {
      const n = Number(text.slice(text.indexOf(':', start) + 1, end));
      if (Number.isInteger(n)) current = n;
    } else if (c === 99 && text.startsWith('cpu MHz', start)) {
      const v = Number(text.slice(text.indexOf(':', start) + 1, end));
      if (current !== -1 && Number.isFinite(v)) out.set(current, v);
    }
    start = end + 1;
  }
  return out;
}

function readKhz(path: string): number | null {
  const v = readKhzRaw(path);
  return v !== null && v > 0 ? v / 1000 : null;
}

/** A cpufreq file as the kernel prints it (an unsigned kHz integer); null when absent or not one. */
function readKhzRaw(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, 'latin1').trim();
  } catch {
    return null;
  }
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** The cpufreq files other than scaling_cur_freq, refreshed every `filesEvery` reads. */
interface SlowFiles {
  present: boolean;
  cpuinfoCurKhz: number | null;
  cpuinfoMinKhz: number | null;
  cpuinfoMaxKhz: number | null;
  scalingMinKhz: number | null;
  scalingMaxKhz: number | null;
}

type CurSource = 'scaling' | 'cpuinfo_cur' | 'procfs';

interface CoreProbe {
  source: CurSource;
  minMhz: number | null;
  maxMhz: number | null;
}

/**
 * Per-core frequencies. Each core's source is probed once (and again every `reprobeEvery` reads
 * or when it stops working): the cpufreq limits are static, and probing for missing files every
 * second would cost an exception per core per tick. Current frequency: scaling_cur_freq, else
 * cpuinfo_cur_freq, else the core's "cpu MHz" from /proc/cpuinfo (VMs and containers without
 * cpufreq); /proc/cpuinfo is only read in ticks where some core needs it.
 */
export class FreqReader {
  private readonly cpuDir: string;
  private readonly cpuinfoPath: string;
  private readonly probes = new Map<number, CoreProbe>();
  private reads = 0;
  private readonly slow = new Map<number, SlowFiles>();
  private readonly scalingCurKhz = new Map<number, number | null>();
  private filesReads = 0;

  constructor(
    root: string,
    private readonly reprobeEvery = 300,
    /** How often (in reads) the limits and cpuinfo_cur_freq are read again for files(). */
    private readonly filesEvery = 15,
  ) {
    this.cpuDir = `${root}/sys/devices/system/cpu`;
    this.cpuinfoPath = `${root}/proc/cpuinfo`;
  }

  private probe(cpu: number): CoreProbe {
    const dir = `${this.cpuDir}/cpu${cpu}/cpufreq`;
    let source: CurSource = 'procfs';
    if (readKhz(`${dir}/scaling_cur_freq`) !== null) source = 'scaling';
    else if (readKhz(`${dir}/cpuinfo_cur_freq`) !== null) source = 'cpuinfo_cur';
    const p: CoreProbe = {
      source,
      minMhz: readKhz(`${dir}/cpuinfo_min_freq`),
      maxMhz: readKhz(`${dir}/cpuinfo_max_freq`),
    };
    this.probes.set(cpu, p);
    return p;
  }

  /** Frequencies for the given kernel CPU numbers, in the same order. */
  read(cpus: readonly number[]): CoreFreq[] {
    if (++this.reads >= this.reprobeEvery) {
      this.reads = 0;
      this.probes.clear();
    }
    const out: CoreFreq[] = new Array(cpus.length);
    let cpuinfo: Map<number, number> | null = null;
    for (let i = 0; i < cpus.length; i++) {
      const cpu = cpus[i];
      const p = this.probes.get(cpu) ?? this.probe(cpu);
      let cur: number | null = null;
      if (p.source !== 'procfs') {
        const file = p.source === 'scaling' ? 'scaling_cur_freq' : 'cpuinfo_cur_freq';
        const khz = readKhzRaw(`${this.cpuDir}/cpu${cpu}/cpufreq/${file}`);
        if (p.source === 'scaling') this.scalingCurKhz.set(cpu, khz);
        cur = khz !== null && khz > 0 ? khz / 1000 : null;
        if (cur === null) this.probes.delete(cpu);
      } else {
        this.scalingCurKhz.set(cpu, null);
      }
      if (cur === null) {
        if (cpuinfo === null) {
          try {
            cpuinfo = parseCpuinfoMhz(readProcFile(this.cpuinfoPath));
          } catch {
            cpuinfo = new Map();
          }
        }
        cur = cpuinfo.get(cpu) ?? null;
      }
      out[i] = { curMhz: cur, minMhz: p.minMhz, maxMhz: p.maxMhz };
    }
    return out;
  }

  /**
   * node_exporter's cpufreq view of the cores of the last read(): scaling_cur_freq from that read,
   * the other files from a cache refreshed every `filesEvery` calls (limits rarely change, and
   * cpuinfo_cur_freq costs an inter-processor interrupt per read on some drivers). null for a core
   * without a cpufreq directory.
   */
  files(cpus: readonly number[]): (CpuFreqFiles | null)[] {
    if (this.filesReads++ % this.filesEvery === 0) this.slow.clear();
    const out: (CpuFreqFiles | null)[] = new Array(cpus.length);
    for (let i = 0; i < cpus.length; i++) {
      const cpu = cpus[i];
      let f = this.slow.get(cpu);
      if (f === undefined) {
        const dir = `${this.cpuDir}/cpu${cpu}/cpufreq`;
        const present = existsSync(dir);
        f = {
          present,
          cpuinfoCurKhz: present ? readKhzRaw(`${dir}/cpuinfo_cur_freq`) : null,
          cpuinfoMinKhz: present ? readKhzRaw(`${dir}/cpuinfo_min_freq`) : null,
          cpuinfoMaxKhz: present ? readKhzRaw(`${dir}/cpuinfo_max_freq`) : null,
          scalingMinKhz: present ? readKhzRaw(`${dir}/scaling_min_freq`) : null,
          scalingMaxKhz: present ? readKhzRaw(`${dir}/scaling_max_freq`) : null,
        };
        this.slow.set(cpu, f);
      }
      if (!f.present) {
        out[i] = null;
        continue;
      }
      out[i] = {
        cpuinfoCurKhz: f.cpuinfoCurKhz,
        cpuinfoMinKhz: f.cpuinfoMinKhz,
        cpuinfoMaxKhz: f.cpuinfoMaxKhz,
        scalingCurKhz: this.scalingCurKhz.get(cpu) ?? null,
        scalingMinKhz: f.scalingMinKhz,
        scalingMaxKhz: f.scalingMaxKhz,
      };
    }
    return out;
  }
}
