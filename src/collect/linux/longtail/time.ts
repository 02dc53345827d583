// node_exporter's time collector: wall clock, local zone offset, and the clocksources in sysfs.
import { readdirSync } from 'node:fs';
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { fields } from './goparse.js';
import { errnoCode, errorMessage, isNotExist, sysReadFile } from './read.js';
import { localZone } from './tz.js';

export interface ClockSource {
  /** Index in sorted glob order: node_exporter's `device` label, not the directory's number. */
  device: string;
  available: string[];
  current: string;
}

/** `clocksource[0-9]*` entries in the order filepath.Glob returns them (byte-wise sorted). */
export function clocksourceDirs(names: string[]): string[] {
  return names.filter((n) => /^clocksource[0-9]/.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function parseClocksource(device: string, available: string, current: string): ClockSource {
  return { device, available: fields(available), current: current.trim() };
}

export function readClocksources(root: string): ClockSource[] {
  const base = `${root}/sys/devices/system/clocksource`;
  let names: string[];
  try {
    names = readdirSync(base);
  } catch (err) {
    // Glob on a missing directory matches nothing.
    if (isNotExist(err) || errnoCode(err) === 'ENOTDIR') return [];
    throw err;
  }
  return clocksourceDirs(names).map((name, i) =>
    parseClocksource(
      String(i),
      sysReadFile(`${base}/${name}/available_clocksource`),
      sysReadFile(`${base}/${name}/current_clocksource`),
    ),
  );
}

export function collectTime(root: string, now: Date = new Date()): MetricFamily[] {
  return runCollector('time', (b) => {
    b.add('node_time_seconds', 'System time in seconds since epoch (1970).', 'gauge', now.getTime() / 1000);
    const zone = localZone(now);
    b.add(
      'node_time_zone_offset_seconds',
      'System time zone offset in seconds.',
      'gauge',
      zone.offsetSeconds,
      {
        time_zone: zone.name,
      },
    );
    let sources: ClockSource[];
    try {
      sources = readClocksources(root);
    } catch (err) {
      throw new Error(`couldn't get clocksources: ${errorMessage(err)}`, { cause: err });
    }
    for (const cs of sources) {
      for (const name of cs.available) {
        b.add(
          'node_time_clocksource_available_info',
          "Available clocksources read from '/sys/devices/system/clocksource'.",
          'gauge',
          1,
          { clocksource: name, device: cs.device },
        );
      }
      b.add(
        'node_time_clocksource_current_info',
        "Current clocksource read from '/sys/devices/system/clocksource'.",
        'gauge',
        1,
        { clocksource: cs.current, device: cs.device },
      );
    }
  });
}
