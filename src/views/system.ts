// The rich `/system` snapshot (system-stats-service's shape, extended with every collector).
import type { Inventory } from '../collect/inventory.js';
import type { HostSample } from '../collect/sample.js';
import { isoUtc } from './flat.js';

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round1OrNull = (x: number | null): number | null => (x === null ? null : round1(x));

export function humanDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

export function systemView(s: HostSample, inv: Inventory) {
  const rootFs = s.filesystems.find((f) => f.mountpoint === '/') ?? s.filesystems[0] ?? null;
  const primary = s.network.primary;
  const primaryIf = primary ? s.network.interfaces.find((i) => i.name === primary.name) : undefined;
  const ioTotals = s.disks.reduce(
    (a, d) => {
      a.read_bytes += d.readBytes;
      a.write_bytes += d.writtenBytes;
      a.read_count += d.readsCompleted;
      a.write_count += d.writesCompleted;
      a.read_bytes_per_sec += d.rates?.readBytesPerSec ?? 0;
      a.write_bytes_per_sec += d.rates?.writeBytesPerSec ?? 0;
      return a;
    },
    {
      read_bytes: 0,
      write_bytes: 0,
      read_count: 0,
      write_count: 0,
      read_bytes_per_sec: 0,
      write_bytes_per_sec: 0,
    },
  );
  return {
    collected_at: isoUtc(s.ts),
    host: s.host,
    cpu: {
      percent: round1(s.cpu.usagePercent ?? 0),
      logical_cores: s.cpu.logicalCores,
      physical_cores: inv.cpu_physical_cores,
      freq_current_mhz: round1OrNull(s.cpu.freqAvgMhz),
      freq_min_mhz: s.cpu.freqMinMhz,
      freq_max_mhz: s.cpu.freqMaxMhz ?? inv.cpu_max_mhz,
      per_core_percent: s.cpu.cores.map((c) => round1(c.usagePercent ?? 0)),
      per_core: s.cpu.cores.map((c) => ({
        cpu: c.cpu,
        percent: round1(c.usagePercent ?? 0),
        freq_mhz: round1OrNull(c.freqMhz),
      })),
      load_avg: [s.load.load1, s.load.load5, s.load.load15],
      context_switches: s.kernel.contextSwitches,
      interrupts: s.kernel.interrupts,
      procs_running: s.kernel.procsRunning,
      procs_blocked: s.kernel.procsBlocked,
    },
    memory: {
      total: s.memory.total,
      available: s.memory.available,
      used: s.memory.used,
      free: s.memory.free,
      percent: round1(s.memory.percent),
      buffers: s.memory.buffers,
      cached: s.memory.cached,
    },
    swap: { total: s.swap.total, used: s.swap.used, free: s.swap.free, percent: round1(s.swap.percent) },
    disk: {
      mount: rootFs?.mountpoint ?? null,
      device: rootFs?.device ?? null,
      fstype: rootFs?.fstype ?? null,
      total: rootFs?.size ?? 0,
      used: rootFs?.used ?? 0,
      free: rootFs?.avail ?? 0,
      percent: round1(rootFs?.percent ?? 0),
      mounts: s.filesystems.map((f) => ({
        mount: f.mountpoint,
        device: f.device,
        fstype: f.fstype,
        total: f.size,
        used: f.used,
        free: f.avail,
        percent: round1(f.percent),
        inodes_total: f.files,
        inodes_free: f.filesFree,
        inodes_percent: f.files > 0 ? round1(((f.files - f.filesFree) / f.files) * 100) : 0,
        readonly: f.readonly,
      })),
    },
    disk_io: {
      total: ioTotals,
      per_disk: Object.fromEntries(
        s.disks.map((d) => [
          d.device,
          {
            read_bytes: d.readBytes,
            write_bytes: d.writtenBytes,
            read_count: d.readsCompleted,
            write_count: d.writesCompleted,
            read_time_sec: d.readTimeSeconds,
            write_time_sec: d.writeTimeSeconds,
            io_in_progress: d.ioInProgress,
            read_bytes_per_sec: d.rates?.readBytesPerSec ?? null,
            write_bytes_per_sec: d.rates?.writeBytesPerSec ?? null,
            reads_per_sec: d.rates?.readsPerSec ?? null,
            writes_per_sec: d.rates?.writesPerSec ?? null,
            busy_percent: round1OrNull(d.rates?.busyPercent ?? null),
          },
        ]),
      ),
    },
    network: {
      primary_interface: primary
        ? {
            name: primary.name,
            ipv4: primary.ipv4,
            mac: primary.mac,
            bytes_sent: primaryIf?.txBytes ?? null,
            bytes_recv: primaryIf?.rxBytes ?? null,
            bytes_sent_per_sec: primaryIf?.rates?.txBytesPerSec ?? null,
            bytes_recv_per_sec: primaryIf?.rates?.rxBytesPerSec ?? null,
          }
        : null,
      interfaces: Object.fromEntries(
        s.network.interfaces.map((i) => [
          i.name,
          {
            bytes_sent: i.txBytes,
            bytes_recv: i.rxBytes,
            packets_sent: i.txPackets,
            packets_recv: i.rxPackets,
            errin: i.rxErrs,
            errout: i.txErrs,
            dropin: i.rxDrop,
            dropout: i.txDrop,
            bytes_sent_per_sec: i.rates?.txBytesPerSec ?? null,
            bytes_recv_per_sec: i.rates?.rxBytesPerSec ?? null,
          },
        ]),
      ),
    },
    temperatures: s.temperatures.map((t) => ({
      source: t.source,
      chip: t.chip,
      sensor: t.sensor,
      label: t.label,
      current: t.celsius,
      high: t.maxCelsius,
      critical: t.critCelsius,
    })),
    uptime: {
      seconds: Math.floor(s.uptime.seconds),
      human: humanDuration(s.uptime.seconds),
      boot_time: isoUtc(s.uptime.bootTime * 1000),
    },
    system: {
      hostname: inv.hostname,
      os: inv.os_system,
      os_release: inv.os_release,
      os_version: inv.os_version,
      distro: inv.distro,
      architecture: inv.architecture,
      manufacturer: inv.manufacturer,
      model: inv.model,
      serial: inv.serial,
      cpu_model: inv.cpu_model,
    },
  };
}

export type SystemView = ReturnType<typeof systemView>;
