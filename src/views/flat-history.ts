// Reference-shape flat samples rebuilt from the store, for /metrics/range windows the ring no
// longer covers. Each field maps to the series /metrics serves under the same name.
import type { Tsdb } from '../store/tsdb/tsdb.js';
import { type FlatSample, isoUtc, round1 } from './flat.js';

interface Row {
  cpuTotal?: number;
  cores: Map<number, number>;
  memPercent?: number;
  memTotal?: number;
  memAvailable?: number;
  swapPercent?: number;
  swapTotal?: number;
  swapFree?: number;
  freqHz?: number;
}

type Field = Exclude<keyof Row, 'cores'>;

const SCALAR_SERIES: [Field, string][] = [
  ['memPercent', 'hostpulse_memory_used_percent'],
  ['memTotal', 'node_memory_MemTotal_bytes'],
  ['memAvailable', 'node_memory_MemAvailable_bytes'],
  ['swapPercent', 'hostpulse_swap_used_percent'],
  ['swapTotal', 'node_memory_SwapTotal_bytes'],
  ['swapFree', 'node_memory_SwapFree_bytes'],
  ['freqHz', 'hostpulse_cpu_frequency_average_hertz'],
];

/** Flat samples of `host` with fromMs ≤ ts ≤ toMs, oldest first (ticks that stored CPU usage). */
export function flatHistory(db: Tsdb, host: string, fromMs: number, toMs: number): FlatSample[] {
  if (toMs < fromMs) return [];
  const rows = new Map<number, Row>();
  const row = (ts: number): Row => {
    let r = rows.get(ts);
    if (!r) {
      r = { cores: new Map() };
      rows.set(ts, r);
    }
    return r;
  };
  for (const s of db.listSeries(`hostpulse_cpu_usage_percent{host=${JSON.stringify(host)}}`)) {
    const cpu = s.labels.cpu;
    for (const [ts, v] of db.rawSamples(s.name, s.labels, fromMs, toMs)) {
      if (cpu === 'total') row(ts).cpuTotal = v;
      else row(ts).cores.set(Number(cpu), v);
    }
  }
  for (const [field, name] of SCALAR_SERIES) {
    for (const [ts, v] of db.rawSamples(name, { host }, fromMs, toMs)) {
      // Only ticks that have CPU usage are samples (the warm-up tick has none).
      const r = rows.get(ts);
      if (r) r[field] = v;
    }
  }
  const out: FlatSample[] = [];
  for (const ts of [...rows.keys()].sort((a, b) => a - b)) {
    const r = rows.get(ts) as Row;
    if (r.cpuTotal === undefined) continue;
    const memTotal = r.memTotal ?? 0;
    const swapTotal = r.swapTotal ?? 0;
    out.push({
      ts_unix: ts / 1000,
      ts_iso: isoUtc(ts),
      host,
      cpu_total: round1(r.cpuTotal),
      cpu_per_core: [...r.cores.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => round1(v)),
      mem_percent: round1(r.memPercent ?? 0),
      mem_total: memTotal,
      mem_used: memTotal - (r.memAvailable ?? memTotal),
      swap_percent: round1(r.swapPercent ?? 0),
      swap_total: swapTotal,
      swap_used: swapTotal - (r.swapFree ?? swapTotal),
      freq_mhz: r.freqHz === undefined ? null : round1(r.freqHz / 1e6),
    });
  }
  return out;
}
