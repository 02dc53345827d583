// Temperatures from hwmon chips and thermal zones in sysfs.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { HWMON_SENSOR_TYPES } from '../catalog.js';
import type {
  CoolingDeviceSample,
  HwmonChipSample,
  HwmonSensorSample,
  TemperatureSample,
} from '../sample.js';

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

// ---- Every sensor node_exporter's hwmon and thermal_zone collectors export ----

const HWMON_TYPES: ReadonlySet<string> = new Set(HWMON_SENSOR_TYPES);

// node_exporter's hwmonFilenameFormat: <type><n>_<attribute>, type greedy over non-digits.
const HWMON_FILE = /^([^0-9]+)([0-9]*)(?:_(.+))?$/;

/** `temp1_crit_alarm` → type temp, sensor temp1, element crit_alarm; null for other files. */
export function explodeHwmonFile(name: string): { type: string; sensor: string; element: string } | null {
  const m = HWMON_FILE.exec(name);
  if (m === null || !HWMON_TYPES.has(m[1])) return null;
  // strconv.Atoi then Itoa: "temp01" is sensor temp1; no number is 0 (beep_enable0).
  const n = m[2] === '' ? 0 : Number(m[2]);
  return { type: m[1], sensor: `${m[1]}${n}`, element: m[3] ?? '' };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A sysfs attribute as node_exporter's ParseFloat sees it (outer newlines trimmed); null if not a number. */
function parseAttribute(text: string): number | null {
  const t = text.replace(/^\n+|\n+$/g, '');
  return DECIMAL.test(t) ? Number(t) : null;
}

interface SensorLayout {
  sensor: string;
  type: string;
  num: number;
  label: string | null;
  /** [element, path] of each numeric attribute. */
  files: [string, string][];
}

interface ChipLayout {
  chip: string;
  chipName: string | null;
  sensors: SensorLayout[];
}

interface ZoneLayout {
  zone: string;
  sensor: string;
  tempPath: string;
  crit: number | null;
}

interface CoolingLayout {
  name: string;
  type: string;
  maxState: number;
  curPath: string;
}

interface Layout {
  chips: ChipLayout[];
  zones: ZoneLayout[];
  cooling: CoolingLayout[];
}

export interface SensorsRead {
  /** The same list readTemperatures gives. */
  temperatures: TemperatureSample[];
  hwmon: HwmonChipSample[];
  coolingDevices: CoolingDeviceSample[];
}

/** Every hwmon attribute file of one chip (the node and its device), device files overriding. */
function hwmonFiles(dir: string): Map<string, { type: string; files: Map<string, string> }> {
  const out = new Map<string, { type: string; files: Map<string, string> }>();
  const scan = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const f of names) {
      const e = explodeHwmonFile(f);
      if (e === null) continue;
      let s = out.get(e.sensor);
      if (s === undefined) {
        s = { type: e.type, files: new Map() };
        out.set(e.sensor, s);
      }
      s.files.set(e.element, join(d, f));
    }
  };
  scan(dir);
  if (existsSync(join(dir, 'device'))) scan(join(dir, 'device'));
  return out;
}

function chipLayout(dir: string): ChipLayout | null {
  const chip = hwmonName(dir);
  if (chip === null) return null;
  const nameText = readText(join(dir, 'name'));
  const cleanName = nameText === null ? '' : cleanChipName(nameText);
  const sensors: SensorLayout[] = [];
  for (const [sensor, s] of hwmonFiles(dir)) {
    let label: string | null = null;
    const files: [string, string][] = [];
    for (const [element, path] of s.files) {
      const text = readText(path);
      if (text === null) continue; // directories (device/power), write-only attributes
      if (element === 'label') label = text.replace(/^\n+|\n+$/g, '');
      else if (parseAttribute(text) !== null) files.push([element, path]);
    }
    if (label === null && files.length === 0) continue;
    sensors.push({ sensor, type: s.type, num: Number(sensor.slice(s.type.length)), label, files });
  }
  sensors.sort((a, b) => (a.type === b.type ? a.num - b.num : a.type < b.type ? -1 : 1));
  return { chip, chipName: cleanName === '' ? null : cleanName, sensors };
}

function thermalLayout(root: string): { zones: ZoneLayout[]; cooling: CoolingLayout[] } {
  const base = `${root}/sys/class/thermal`;
  const zones: ZoneLayout[] = [];
  const cooling: CoolingLayout[] = [];
  for (const entry of listDir(base)) {
    const dir = join(base, entry);
    if (/^thermal_zone\d+$/.test(entry)) {
      const type = readText(join(dir, 'type'))?.trim() ?? '';
      zones.push({
        zone: entry,
        sensor: type === '' ? entry : type,
        tempPath: join(dir, 'temp'),
        crit: criticalTrip(dir),
      });
    } else if (/^cooling_device\d+$/.test(entry)) {
      const type = readText(join(dir, 'type'))?.trim();
      const max = Number(readText(join(dir, 'max_state'))?.trim() ?? Number.NaN);
      if (type === undefined || !Number.isInteger(max)) continue;
      cooling.push({
        name: entry.slice('cooling_device'.length),
        type,
        maxState: max,
        curPath: join(dir, 'cur_state'),
      });
    }
  }
  return { zones, cooling };
}

export interface SensorReaderOptions {
  /** How long the discovered files (chips, sensors, zones, labels, limits of cooling devices) are reused (ms). */
  layoutRefreshMs?: number;
  /** How often the hwmon attributes that rarely change (limits, hysteresis, modes) are read again (ms). */
  slowRefreshMs?: number;
}

/**
 * hwmon attributes read every tick: the measured values and the alarm and fault flags. The others
 * (min, max, crit, hyst, offset, type, beep, enable, mode, pulses, cap…) are settings.
 */
export function isFastHwmonAttribute(element: string): boolean {
  return (
    element === '' ||
    element === 'input' ||
    element === 'average' ||
    element === 'target' ||
    element === 'fault' ||
    element.endsWith('alarm')
  );
}

/**
 * All hwmon sensors (every kind node_exporter exports, not only temperatures), thermal zones and
 * cooling devices. What exists, the chip names, sensor labels and the cooling devices' max_state
 * are found once and again every `layoutRefreshMs`, so a tick reads only value files (no directory
 * listing, no failing open); a sensor driver that appears later is seen at the next refresh. Of
 * those, a tick reads the measurements and alarm flags; settings (limits, modes) every `slowRefreshMs`.
 */
export class SensorReader {
  private readonly root: string;
  private readonly refreshMs: number;
  private layout: Layout | null = null;
  private layoutSince = 0;
  private readonly slowRefreshMs: number;
  private slowSince = 0;
  // Last value of each slow attribute, by file path.
  private slow = new Map<string, number>();

  constructor(root: string, opts: SensorReaderOptions = {}) {
    this.root = root.replace(/\/+$/, '');
    this.refreshMs = opts.layoutRefreshMs ?? 60_000;
    this.slowRefreshMs = opts.slowRefreshMs ?? 15_000;
  }

  private discover(): Layout {
    const base = `${this.root}/sys/class/hwmon`;
    const chips: ChipLayout[] = [];
    for (const entry of listDir(base)) {
      const dir = join(base, entry);
      try {
        if (!statSync(dir).isDirectory()) continue;
      } catch {
        continue;
      }
      const c = chipLayout(dir);
      if (c !== null) chips.push(c);
    }
    return { chips, ...thermalLayout(this.root) };
  }

  /** `monoMs` is a monotonic clock reading, used only to age the layout. */
  read(monoMs: number): SensorsRead {
    let readSlow = false;
    if (this.layout === null || monoMs < this.layoutSince || monoMs - this.layoutSince >= this.refreshMs) {
      this.layout = this.discover();
      this.layoutSince = monoMs;
      readSlow = true;
    }
    if (readSlow || monoMs < this.slowSince || monoMs - this.slowSince >= this.slowRefreshMs) {
      this.slow.clear();
      this.slowSince = monoMs;
      readSlow = true;
    }
    const temperatures: TemperatureSample[] = [];
    const hwmon: HwmonChipSample[] = [];
    for (const c of this.layout.chips) {
      const sensors: HwmonSensorSample[] = [];
      for (const s of c.sensors) {
        const values: Record<string, number> = {};
        for (const [element, path] of s.files) {
          if (!readSlow && !isFastHwmonAttribute(element)) {
            const v = this.slow.get(path);
            if (v !== undefined) values[element] = v;
            continue;
          }
          const text = readText(path);
          const v = text === null ? null : parseAttribute(text);
          if (v === null) continue;
          values[element] = v;
          if (!isFastHwmonAttribute(element)) this.slow.set(path, v);
        }
        sensors.push({ sensor: s.sensor, type: s.type, label: s.label, values });
        if (s.type === 'temp' && values.input !== undefined) {
          const trimmed = s.label?.trim() ?? '';
          temperatures.push({
            source: 'hwmon',
            chip: c.chip,
            sensor: s.sensor,
            label: trimmed === '' ? s.sensor : trimmed,
            celsius: values.input / 1000,
            maxCelsius: values.max === undefined ? null : values.max / 1000,
            critCelsius: values.crit === undefined ? null : values.crit / 1000,
          });
        }
      }
      hwmon.push({ chip: c.chip, chipName: c.chipName, sensors });
    }
    for (const z of this.layout.zones) {
      const celsius = milliToCelsius(readText(z.tempPath) ?? '');
      if (celsius === null) continue;
      temperatures.push({
        source: 'thermal',
        chip: z.zone,
        sensor: z.sensor,
        label: z.sensor,
        celsius,
        maxCelsius: null,
        critCelsius: z.crit,
      });
    }
    const coolingDevices: CoolingDeviceSample[] = [];
    for (const d of this.layout.cooling) {
      const cur = Number(readText(d.curPath)?.trim() ?? Number.NaN);
      // cur_state is -1 for intel_powerclamp when idle; any integer is a state.
      if (Number.isInteger(cur))
        coolingDevices.push({ name: d.name, type: d.type, curState: cur, maxState: d.maxState });
    }
    return { temperatures, hwmon, coolingDevices };
  }
}
