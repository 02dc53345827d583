// POST /metrics from a system-stats forwarder: flattened utilisation percentages plus the full
// /system snapshot. Known fields map to the names hostpulse itself uses, so a forwarded host
// and a hostpulse agent chart alike; any other top-level number becomes hostpulse_snapshot_<key>.
import type { Point } from '../store/tsdb/tsdb.js';
import type { IngestError, JsonIngestResult } from './json.js';
import { timestampMs } from './json.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const FLAT_NAMES: Record<string, string> = {
  cpu_percent: 'hostpulse_cpu_usage_percent',
  cpu_total: 'hostpulse_cpu_usage_percent',
  memory_percent: 'hostpulse_memory_used_percent',
  mem_percent: 'hostpulse_memory_used_percent',
  swap_percent: 'hostpulse_swap_used_percent',
  disk_percent: 'hostpulse_filesystem_used_percent',
};

export function parseSnapshotPost(body: unknown, now: number): JsonIngestResult {
  const errors: IngestError[] = [];
  if (!isObj(body))
    return { points: [], rejected: 1, errors: [{ field: '$', message: 'expected a JSON object' }] };
  const snap = isObj(body.snapshot) ? body.snapshot : isObj(body.system) && isObj(body.cpu) ? body : null;
  const system = snap && isObj(snap.system) ? snap.system : null;
  const host = [body.host, body.hostname, system?.hostname, snap?.host].find(
    (h) => typeof h === 'string' && h !== '',
  );
  if (typeof host !== 'string')
    return {
      points: [],
      rejected: 1,
      errors: [{ field: 'host', message: 'host (or snapshot.system.hostname) is required' }],
    };
  const tsRaw =
    body.timestamp ??
    body.ts_unix ??
    (typeof snap?.collected_at === 'string' ? Date.parse(snap.collected_at) : undefined);
  const ts = timestampMs(tsRaw, now) ?? now;
  const points: Point[] = [];
  const disk = snap && isObj(snap.disk) ? snap.disk : null;
  const mount = typeof disk?.mount === 'string' ? disk.mount : '/';
  let rejected = 0;
  const add = (name: string, labels: Record<string, string>, v: number | null) => {
    if (v !== null) points.push({ name, labels: { ...labels, host }, value: v, ts, type: 'gauge' });
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'timestamp' || k === 'ts_unix' || typeof v !== 'number') continue;
    if (!Number.isFinite(v)) {
      rejected++;
      errors.push({ field: k, message: 'not a finite number' });
      continue;
    }
    const name = FLAT_NAMES[k] ?? `hostpulse_snapshot_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`;
    const labels: Record<string, string> =
      name === 'hostpulse_cpu_usage_percent'
        ? { cpu: 'total' }
        : name === 'hostpulse_filesystem_used_percent'
          ? { mountpoint: mount }
          : {};
    add(name, labels, v);
  }
  if (snap) {
    const mem = isObj(snap.memory) ? snap.memory : {};
    const swap = isObj(snap.swap) ? snap.swap : {};
    const cpu = isObj(snap.cpu) ? snap.cpu : {};
    if (!('cpu_percent' in body) && !('cpu_total' in body))
      add('hostpulse_cpu_usage_percent', { cpu: 'total' }, num(cpu.percent));
    if (!('memory_percent' in body) && !('mem_percent' in body))
      add('hostpulse_memory_used_percent', {}, num(mem.percent));
    add('node_memory_MemTotal_bytes', {}, num(mem.total));
    add('node_memory_MemAvailable_bytes', {}, num(mem.available));
    add('node_memory_SwapTotal_bytes', {}, num(swap.total));
    add('node_memory_SwapFree_bytes', {}, num(swap.free));
    if (!('disk_percent' in body))
      add('hostpulse_filesystem_used_percent', { mountpoint: mount }, num(disk?.percent));
    if (disk) add('node_filesystem_size_bytes', { mountpoint: mount }, num(disk.total));
    const uptime = isObj(snap.uptime) ? snap.uptime : {};
    add('hostpulse_snapshot_uptime_seconds', {}, num(uptime.seconds));
  }
  if (points.length === 0 && rejected === 0) {
    rejected = 1;
    errors.push({ field: '$', message: 'no numeric fields and no snapshot to read' });
  }
  return { points, rejected, errors };
}
