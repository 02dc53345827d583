// Temperatures from hwmon chips and thermal zones in sysfs.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TemperatureSample } from '../sample.js';

/** node_exporter's cleanMetricName: lower case, invalid characters to `_`, outer `_` trimmed. */
export function cleanChipName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9:_]/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Millidegrees Celsius as sysfs prints them → °C; null for text that is not a number. */
export function milliToCelsius(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v / 1000 : null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // Missing attribute, or a driver that answers EAGAIN/ENODATA while the sensor is asleep.
    return null;
  }
}

/**
 * Chip label exactly as node_exporter 1.5's hwmonName: `<parent dir>_<device dir>` of the resolved
 * `device` link (stable across module load order), else the `name` file, else `hwmonN`.
 */
export function hwmonName(dir: string): string | null {
  try {
    const devicePath = realpathSync(join(dir, 'device'));
    const devName = cleanChipName(basename(devicePath));
    const devType = cleanChipName(basename(dirname(devicePath)));
    if (devType !== '' && devName !== '') return `${devType}_${devName}`;
    if (devName !== '') return devName;
  } catch {
    // no device link: virtual chips (acpitz, some nvme drivers) have only a name
  }
  const name = readText(join(dir, 'name'));
  if (name !== null) {
    const clean = cleanChipName(name);
    if (clean !== '') return clean;
  }
  try {
    const clean = cleanChipName(basename(realpathSync(dir)));
    return clean === '' ? null : clean;
  } catch {
    return null;
  }
}

interface TempFiles {
  input?: string;
  max?: string;
  crit?: string;
  label?: string;
}

const TEMP_FILE = /^temp(\d+)_(input|max|crit|label)$/;

function collectTempFiles(dir: string, into: Map<number, TempFiles>): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of names) {
    const m = TEMP_FILE.exec(f);
    if (!m) continue;
    const n = Number(m[1]);
    const entry = into.get(n) ?? {};
    entry[m[2] as keyof TempFiles] = join(dir, f);
    into.set(n, entry);
  }
}

const naturalOrder = (a: string, b: string): number =>
  a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort(naturalOrder);
  } catch {
    return [];
  }
}

function readHwmon(dir: string): TemperatureSample[] {
  const chip = hwmonName(dir);
  if (chip === null) return [];
  const files = new Map<number, TempFiles>();
  collectTempFiles(dir, files);
  // Older drivers keep their attributes on the device rather than the hwmon node; node_exporter
  // reads both, the device's overriding.
  if (existsSync(join(dir, 'device'))) collectTempFiles(join(dir, 'device'), files);
  const out: TemperatureSample[] = [];
  for (const n of [...files.keys()].sort((a, b) => a - b)) {
    const f = files.get(n) as TempFiles;
    const celsius = f.input ? milliToCelsius(readText(f.input) ?? '') : null;
    if (celsius === null) continue;
    const sensor = `temp${n}`;
    const label = f.label ? (readText(f.label) ?? '').trim() : '';
    out.push({
      source: 'hwmon',
      chip,
      sensor,
      label: label === '' ? sensor : label,
      celsius,
      maxCelsius: f.max ? milliToCelsius(readText(f.max) ?? '') : null,
      critCelsius: f.crit ? milliToCelsius(readText(f.crit) ?? '') : null,
    });
  }
  return out;
}

/** Temperature of the zone's `critical` trip point (where the kernel shuts down), if it has one. */
function criticalTrip(zoneDir: string): number | null {
  for (const f of listDir(zoneDir)) {
    const m = /^trip_point_(\d+)_type$/.exec(f);
    if (!m || readText(join(zoneDir, f))?.trim() !== 'critical') continue;
    return milliToCelsius(readText(join(zoneDir, `trip_point_${m[1]}_temp`)) ?? '');
  }
  return null;
}

function readThermalZones(root: string): TemperatureSample[] {
  const base = `${root}/sys/class/thermal`;
  const out: TemperatureSample[] = [];
  for (const zone of listDir(base)) {
    if (!/^thermal_zone\d+$/.test(zone)) continue;
    const type = readText(join(base, zone, 'type'))?.trim() ?? '';
    const celsius = milliToCelsius(readText(join(base, zone, 'temp')) ?? '');
    if (celsius === null) continue;
    const sensor = type === '' ? zone : type;
    out.push({
      source: 'thermal',
      chip: zone,
      sensor,
      label: sensor,
      celsius,
      maxCelsius: null,
      critCelsius: criticalTrip(join(base, zone)),
    });
  }
  return out;
}

/** All hwmon temperature sensors, then all thermal zones; empty when sysfs has neither. */
export function readTemperatures(root: string): TemperatureSample[] {
  const r = root.replace(/\/+$/, '');
  const base = `${r}/sys/class/hwmon`;
  const out: TemperatureSample[] = [];
  for (const entry of listDir(base)) {
    const dir = join(base, entry);
    try {
      if (!statSync(dir).isDirectory()) continue; // follows the class symlink to the device node
    } catch {
      continue;
    }
    out.push(...readHwmon(dir));
  }
  out.push(...readThermalZones(r));
  return out;
}
