// The history store on a realistic host: 1 Hz data of ≈100 series (bench/lib/hostdata.ts) written
// with an injected clock, compacted, measured (bytes per sample on disk, write throughput, query
// latency), and the same data imported into Debian's VictoriaMetrics in the same run for ratios.
// Prints figures and PASS/MISS against the issue's goals; never fails on a figure.
//
//   node --import tsx bench/store.ts [--hours 24] [--series 100] [--days 30] [--quick]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type QueryParams, Tsdb, type TsdbOptions } from '../src/store/tsdb/tsdb.js';
import { type Child, startChild, stopAll, stopChildrenOnExit, waitForHttp } from './lib/child.js';
import { HostData, type SeriesDef } from './lib/hostdata.js';
import { freePort } from './lib/ports.js';
import { clockTicksPerSecond, readMachineTicks, readProcCpuTicks } from './lib/procfs.js';
import { max, median } from './lib/stats.js';
import { formatTable } from './lib/table.js';

const VM_BIN = '/usr/bin/victoria-metrics';
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MB = 1e6;
// The issue's goals.
const GOAL_BYTES_PER_SAMPLE = 1.0;
const GOAL_SAMPLES_PER_SEC = 500_000;
const GOAL_24H_RAW_MS = 50;
/** A series a dashboard charts, and the CPU family of the issue's "all CPU series". */
const ONE = 'hostpulse_cpu_usage_percent{cpu="total"}';
const CPU = 'node_cpu_seconds_total';
/** The store's default chunk window, and a margin past its default grace (5 min) for the last one to close. */
const WINDOW_MS = 2 * HOUR;
const SETTLE_MS = 10 * 60_000;
/** Bounds the raw queries' output, not the store: the API default (11,000) would refuse 24 h raw. */
const MAX_POINTS = 10_000_000;

interface Args {
  hours: number;
  series: number;
  days: number;
  daysSeries: 'all' | 'cpu';
  seed: number;
  reps: number;
  batchTicks: number;
  agentFloats: boolean;
  vm: boolean;
  keep: boolean;
  quick: boolean;
}

function usage(): never {
  process.stdout.write(
    'usage: node --import tsx bench/store.ts [options]\n' +
      '  --hours N          hours of 1 Hz data for the size, write and raw-query figures (default 24)\n' +
      '  --series N         approximate series count of the host (default 100)\n' +
      '  --days N           days of history for the long-range (1-minute tier) queries: days beyond\n' +
      '                     --hours are written after it in big batches (default 30; 0: skip)\n' +
      "  --days-series S    'all' series or only the 'cpu' ones for those extra days (default all)\n" +
      '  --batch-ticks N    ticks per append on the big-batch path (default 3600)\n' +
      '  --reps N           runs of each query (default 7)\n' +
      '  --seed N           data seed (default 1)\n' +
      '  --agent-floats     derived hostpulse_* gauges at full double precision, as the agent emits them\n' +
      '                     today (default: rounded to 1 decimal)\n' +
      '  --no-vm            skip VictoriaMetrics\n' +
      '  --keep             keep the temporary directories\n' +
      '  --quick            smoke run: --hours 1 --days 0.5 --reps 3\n',
  );
  process.exit(0);
}

function num(name: string, raw: string | undefined, dflt: number, min = 0): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) {
    process.stderr.write(`--${name} must be a number ≥ ${min}, got ${raw}\n`);
    process.exit(2);
  }
  return n;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      hours: { type: 'string' },
      series: { type: 'string' },
      days: { type: 'string' },
      'days-series': { type: 'string' },
      'batch-ticks': { type: 'string' },
      reps: { type: 'string' },
      seed: { type: 'string' },
      'agent-floats': { type: 'boolean' },
      'no-vm': { type: 'boolean' },
      keep: { type: 'boolean' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) usage();
  const quick = values.quick === true;
  const daysSeries = values['days-series'] ?? 'all';
  if (daysSeries !== 'all' && daysSeries !== 'cpu') {
    process.stderr.write(`--days-series must be all or cpu, got ${daysSeries}\n`);
    process.exit(2);
  }
  const hours = num('hours', values.hours, quick ? 1 : 24, 1);
  if (!Number.isInteger(hours * 3600)) {
    process.stderr.write('--hours must be a whole number of seconds\n');
    process.exit(2);
  }
  return {
    hours,
    series: Math.round(num('series', values.series, 100, 1)),
    days: num('days', values.days, quick ? 0.5 : 30),
    daysSeries,
    seed: Math.round(num('seed', values.seed, 1)),
    reps: Math.max(1, Math.round(num('reps', values.reps, quick ? 3 : 7, 1))),
    batchTicks: Math.max(1, Math.round(num('batch-ticks', values['batch-ticks'], 3600, 1))),
    agentFloats: values['agent-floats'] === true,
    vm: values['no-vm'] !== true,
    keep: values.keep === true,
    quick,
  };
}

/** The same data for every store: a fresh generator with the run's seed. */
function hostData(args: Args, startMs: number): HostData {
  return new HostData({ startMs, seed: args.seed, series: args.series, agentFloats: args.agentFloats });
}

// ---------------------------------------------------------------------------------------------
// How busy the rest of the machine was during a phase: timings stretch when other processes compete
// for the two cores, so each phase reports it.

interface LoadMark {
  busy: number;
  cpu: NodeJS.CpuUsage;
  t: number;
}

function loadMark(): LoadMark {
  return { busy: readMachineTicks().busy, cpu: process.cpuUsage(), t: performance.now() };
}

/** CPU used by other processes since `m`, as % of one core (`childCpuSec`: our children's share). */
function othersPercent(m: LoadMark, childCpuSec = 0): number {
  const busySec = (readMachineTicks().busy - m.busy) / clockTicksPerSecond();
  const c = process.cpuUsage(m.cpu);
  const wallSec = (performance.now() - m.t) / 1000;
  return Math.max(0, ((busySec - (c.user + c.system) / 1e6 - childCpuSec) / wallSec) * 100);
}

function procCpuSec(pid: number): number {
  try {
    const t = readProcCpuTicks(pid);
    return (t.utime + t.stime) / clockTicksPerSecond();
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// Sizes.

interface DiskSize {
  /** Sum of file sizes (what ls and du -b report). */
  bytes: number;
  /** Blocks allocated (du): small files round up to 4 KiB each. */
  allocated: number;
  files: number;
}

function diskSize(path: string): DiskSize {
  const out: DiskSize = { bytes: 0, allocated: 0, files: 0 };
  const walk = (p: string) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if (st.isFile()) {
      out.bytes += st.size;
      out.allocated += st.blocks * 512;
      out.files++;
    }
  };
  walk(path);
  return out;
}

/** The store's files: the database and its WAL (the -shm index holds no data). */
function storeSize(dbPath: string): DiskSize {
  const a = diskSize(dbPath);
  const w = diskSize(`${dbPath}-wal`);
  return { bytes: a.bytes + w.bytes, allocated: a.allocated + w.allocated, files: a.files + w.files };
}

interface FamilyBytes {
  name: string;
  series: number;
  bytes: number;
  samples: number;
}

interface Breakdown {
  /** Bytes by table or index (SQLite dbstat: pages, so slack included). */
  objects: { name: string; bytes: number }[];
  /** Compacted chunk payloads by metric name. */
  families: FamilyBytes[];
  /** Compacted chunks by value codec (the first byte: 1 Gorilla XOR, 2 integer differences). */
  codecs: { version: number; chunks: number; bytes: number; samples: number }[];
  tscolBytes: number;
  rollupBytes: { tier: number; rows: number; bytes: number }[];
  freePages: number;
  pageSize: number;
}

/**
 * Where the bytes are, read from the closed store file. It reads the store's tables directly, so it
 * is best-effort: a schema change makes it return null, never fail the bench.
 */
function breakdown(dbPath: string): Breakdown | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const objects = (
      db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as {
        name: string;
        bytes: number;
      }[]
    ).filter((o) => o.bytes > 0);
    const families = db
      .prepare(
        `SELECT s.name AS name, count(DISTINCT s.id) AS series, sum(length(c.data)) AS bytes,
         sum(c.count) AS samples FROM chunk c JOIN series s ON s.id = c.series_id
         GROUP BY s.name ORDER BY bytes DESC`,
      )
      .all() as FamilyBytes[];
    const codecs = db
      .prepare(
        `SELECT unicode(CAST(substr(data, 1, 1) AS TEXT)) AS version, count(*) AS chunks,
         sum(length(data)) AS bytes, sum(count) AS samples FROM chunk WHERE tsref IS NOT NULL
         GROUP BY version ORDER BY version`,
      )
      .all() as { version: number; chunks: number; bytes: number; samples: number }[];
    const tscolBytes = (db.prepare('SELECT COALESCE(sum(length(data)), 0) FROM tscol').pluck().get() ??
      0) as number;
    const rollupBytes = db
      .prepare('SELECT tier, count(*) AS rows, sum(length(data)) AS bytes FROM rollup GROUP BY tier')
      .all() as { tier: number; rows: number; bytes: number }[];
    const freePages = db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return { objects, families, codecs, tscolBytes, rollupBytes, freePages, pageSize };
  } catch (e) {
    process.stdout.write(`(size breakdown unavailable: ${(e as Error).message})\n`);
    return null;
  } finally {
    db?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// hostpulse.

interface Store {
  db: Tsdb;
  path: string;
  clock: { now: number };
  reopen(): void;
  close(): void;
}

/** The agent's defaults ([store] section): raw 14 d, 1m 90 d, 1h 2 y, 1024 MB budget. */
function openStore(dir: string, startMs: number): Store {
  const path = join(dir, 'store.db');
  const clock = { now: startMs };
  const opts: TsdbOptions = {
    path,
    retention: { rawSec: 14 * 86_400, minuteSec: 90 * 86_400, hourSec: 2 * 365 * 86_400 },
    maxDiskMb: 1024,
    maxSeries: 100_000,
    now: () => clock.now,
  };
  const s: Store = {
    db: Tsdb.open(opts),
    path,
    clock,
    reopen() {
      s.db.close();
      s.db = Tsdb.open(opts);
    },
    close() {
      s.db.close();
    },
  };
  return s;
}

interface TickRun {
  ticks: number;
  samples: number;
  appendMs: number;
  maintainMs: number;
  /** Per tick: append() time and the maintenance slices that followed it. */
  appendPerTick: Float64Array;
  maintainPerTick: Float64Array;
  /** Longest single maintain() call (the event loop is blocked that long). */
  longestSliceMs: number;
  /** WAL file size before and after that call: a drop to 0 means it checkpointed (and fsynced). */
  longestSliceWal: [number, number];
  /** maintain() calls over 50 ms, and how many of them shrank the WAL (checkpoints). */
  slowSlices: number;
  slowCheckpoints: number;
  slices: number;
}

function fileBytes(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

/** The agent's path: one append per tick, then maintain() slices until nothing is pending. */
function writePerTick(store: Store, gen: HostData, ticks: number): TickRun {
  const appendPerTick = new Float64Array(ticks);
  const maintainPerTick = new Float64Array(ticks);
  let samples = 0;
  let longest = 0;
  let longestWal: [number, number] = [0, 0];
  let slow = 0;
  let slowCheckpoints = 0;
  let slices = 0;
  const wal = `${store.path}-wal`;
  for (let i = 0; i < ticks; i++) {
    gen.next();
    const points = gen.points();
    store.clock.now = gen.ts + 2;
    const t0 = performance.now();
    const res = store.db.append(points);
    const t1 = performance.now();
    appendPerTick[i] = t1 - t0;
    samples += res.accepted;
    let more = true;
    let spent = 0;
    while (more) {
      // The WAL size is read outside the timed call: it only tells what a slow call did.
      const walBefore = fileBytes(wal);
      const m0 = performance.now();
      more = store.db.maintain().more;
      const d = performance.now() - m0;
      spent += d;
      if (d > 50 || d > longest) {
        const walAfter = fileBytes(wal);
        if (d > 50) {
          slow++;
          if (walAfter < walBefore) slowCheckpoints++;
        }
        if (d > longest) {
          longest = d;
          longestWal = [walBefore, walAfter];
        }
      }
      slices++;
    }
    maintainPerTick[i] = spent;
    if ((i + 1) % 3600 === 0) progress(`per-tick: ${(i + 1) / 3600} h of ${ticks / 3600} h written`);
  }
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  return {
    ticks,
    samples,
    appendMs: sum(appendPerTick),
    maintainMs: sum(maintainPerTick),
    appendPerTick,
    maintainPerTick,
    longestSliceMs: longest,
    longestSliceWal: longestWal,
    slowSlices: slow,
    slowCheckpoints,
    slices,
  };
}

interface BatchRun {
  ticks: number;
  samples: number;
  appendMs: number;
  maintainMs: number;
  batches: number;
}

/**
 * Big batches (a backfill or an import): `batchTicks` ticks per append(), then maintainAll(). The
 * points are built before the clock starts; `only` keeps a subset of the series.
 */
function writeBatches(
  store: Store,
  gen: HostData,
  ticks: number,
  batchTicks: number,
  only: ((s: SeriesDef) => boolean) | null,
  label: string,
): BatchRun {
  const run: BatchRun = { ticks, samples: 0, appendMs: 0, maintainMs: 0, batches: 0 };
  const keep = gen.series.map((s) => only === null || only(s));
  const nKeep = keep.filter(Boolean).length;
  let lastReport = performance.now();
  for (let done = 0; done < ticks; ) {
    const n = Math.min(batchTicks, ticks - done);
    const points = new Array(n * nKeep);
    let k = 0;
    for (let i = 0; i < n; i++) {
      gen.next();
      for (let j = 0; j < gen.series.length; j++) {
        if (!keep[j]) continue;
        const s = gen.series[j];
        points[k++] = { name: s.name, labels: s.labels, value: gen.values[j], ts: gen.ts, type: s.type };
      }
    }
    store.clock.now = gen.ts + 2;
    const t0 = performance.now();
    const res = store.db.append(points);
    const t1 = performance.now();
    store.db.maintainAll();
    const t2 = performance.now();
    run.appendMs += t1 - t0;
    run.maintainMs += t2 - t1;
    run.samples += res.accepted;
    run.batches++;
    done += n;
    if (t2 - lastReport > 10_000) {
      lastReport = t2;
      progress(
        `${label}: ${((done / ticks) * 100).toFixed(0)} % (${fmtRate(run.samples, run.appendMs + run.maintainMs)} samples/s)`,
      );
    }
  }
  return run;
}

/** Moves the clock past the end and grace of the last window and runs maintenance to completion. */
function finish(store: Store, endMs: number): number {
  store.clock.now = Math.ceil(endMs / WINDOW_MS) * WINDOW_MS + SETTLE_MS;
  const t0 = performance.now();
  store.db.maintainAll();
  return performance.now() - t0;
}

interface QueryFigure {
  name: string;
  /** Which store state the query ran against. */
  state: string;
  tier: string;
  series: number;
  points: number;
  firstMs: number;
  medianMs: number;
  p95Ms: number;
}

interface QuerySpec {
  name: string;
  q: QueryParams;
}

function rawQueries(endMs: number, hours: number): QuerySpec[] {
  const out: QuerySpec[] = [];
  const spans: [string, number][] = [['1h', HOUR]];
  if (hours * HOUR > HOUR) spans.push([`${fmtHours(hours)}`, hours * HOUR]);
  for (const [label, span] of spans) {
    const range = { from: endMs - span, to: endMs, maxPoints: MAX_POINTS };
    out.push({ name: `${label} raw, 1 series`, q: { match: ONE, ...range } });
    out.push({ name: `${label} raw, CPU`, q: { match: CPU, ...range } });
    out.push({ name: `${label} raw rate, CPU`, q: { match: CPU, rate: true, ...range } });
  }
  return out;
}

function tierQueries(endMs: number, days: number): QuerySpec[] {
  const range = { from: endMs - days * DAY, to: endMs, step: 60_000, maxPoints: MAX_POINTS };
  const d = `${fmtNum(days)}d`;
  return [
    { name: `${d} 1m, 1 series`, q: { match: ONE, ...range } },
    { name: `${d} 1m, CPU`, q: { match: CPU, ...range } },
    { name: `${d} 1m rate, CPU`, q: { match: CPU, rate: true, ...range } },
  ];
}

function timeQueries(db: Tsdb, specs: QuerySpec[], reps: number, state: string): QueryFigure[] {
  return specs.map(({ name, q }) => {
    const times: number[] = [];
    let series = 0;
    let points = 0;
    let tier = '';
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const res = db.query(q);
      times.push(performance.now() - t0);
      series = res.series.length;
      points = res.series.reduce((n, s) => n + s.points.length, 0);
      tier = res.tier;
    }
    const warm = times.length > 1 ? times.slice(1) : times;
    return {
      name,
      state,
      tier,
      series,
      points,
      firstMs: times[0],
      medianMs: median(warm),
      p95Ms: percentile(warm, 0.95),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// VictoriaMetrics.

interface VmFigures {
  version: string;
  samples: number;
  /** Samples VictoriaMetrics counts back (count_over_time), as a check. */
  samplesCounted: number | null;
  payloadBytes: number;
  /** Sum of the import POSTs plus /internal/force_flush. */
  importMs: number;
  flushMs: number;
  /** From force_merge until no merge was running and the data dir had stopped changing. */
  settleMs: number;
  /** CPU time VictoriaMetrics spent on the import and flush (it may use both cores). */
  importCpuSec: number;
  /** Rows in big and small parts after the merges. */
  rows: Record<string, number>;
  othersPercent: number;
  size: DiskSize;
  dataSize: DiskSize;
  indexSize: DiskSize;
}

/** One JSON line per series for /api/v1/import (the densest of its import formats). */
function vmLines(gen: HostData, ticks: number): string {
  const n = gen.series.length;
  const vals: number[][] = gen.series.map(() => new Array(ticks));
  const ts: number[] = new Array(ticks);
  for (let i = 0; i < ticks; i++) {
    gen.next();
    ts[i] = gen.ts;
    for (let j = 0; j < n; j++) vals[j][i] = gen.values[j];
  }
  const tsJson = JSON.stringify(ts);
  let out = '';
  for (let j = 0; j < n; j++) {
    const s = gen.series[j];
    const metric = JSON.stringify({ __name__: s.name, ...s.labels });
    out += `{"metric":${metric},"values":${JSON.stringify(vals[j])},"timestamps":${tsJson}}\n`;
  }
  return out;
}

/** Debian's build prints an empty -version, so ask dpkg first. */
function vmVersion(): string {
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000 }).trim();
    } catch {
      return '';
    }
  };
  // `dpkg-query -W` prints "name<TAB>version".
  const dpkg = run('dpkg-query', ['-W', 'victoria-metrics']).split('\t')[1] ?? '';
  return dpkg || run(VM_BIN, ['-version']) || '?';
}

async function runVm(args: Args, startMs: number, ticks: number, dir: string): Promise<VmFigures> {
  const version = vmVersion();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const vm: Child = startChild({
    name: 'victoria-metrics',
    command: VM_BIN,
    args: [
      `-storageDataPath=${dir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-retentionPeriod=100y',
      '-loggerLevel=ERROR',
    ],
  });
  try {
    await waitForHttp(`${base}/health`, vm, 20_000);
    const gen = hostData(args, startMs);
    const mark = loadMark();
    const cpu0 = procCpuSec(vm.pid);
    let importMs = 0;
    let payloadBytes = 0;
    // One hour per POST (≈10 MB): generated before its clock starts.
    for (let done = 0; done < ticks; ) {
      const n = Math.min(3600, ticks - done);
      const body = vmLines(gen, n);
      payloadBytes += Buffer.byteLength(body);
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/import`, { method: 'POST', body });
      const text = await res.text();
      importMs += performance.now() - t0;
      if (!res.ok) throw new Error(`VictoriaMetrics import: HTTP ${res.status} ${text.slice(0, 300)}`);
      done += n;
    }
    const f0 = performance.now();
    await vmGet(`${base}/internal/force_flush`);
    const flushMs = performance.now() - f0;
    importMs += flushMs;
    const importCpuSec = procCpuSec(vm.pid) - cpu0;
    progress(`VictoriaMetrics: imported in ${(importMs / 1000).toFixed(1)} s; merging`);

    // Background merges keep shrinking the parts: force the final merge of each month touched, then
    // wait until the directory stops changing.
    const s0 = performance.now();
    const months = new Set<string>();
    for (let t = startMs; t <= startMs + ticks * 1000; t += DAY / 4) months.add(monthPrefix(t));
    months.add(monthPrefix(startMs + ticks * 1000));
    for (const m of months) await vmGet(`${base}/internal/force_merge?partition_prefix=${m}`);
    let last = -1;
    let stable = 0;
    let settleMs = 0;
    let rows: Record<string, number> = {};
    while (stable < 3 && performance.now() - s0 < 300_000) {
      await sleep(1000);
      const m = await vmMetrics(base);
      rows = m.rows;
      const b = diskSize(join(dir, 'data')).bytes + diskSize(join(dir, 'indexdb')).bytes;
      stable = b === last && m.activeMerges === 0 ? stable + 1 : 0;
      if (stable === 1) settleMs = performance.now() - s0 - 1000;
      last = b;
    }
    const others = othersPercent(mark, procCpuSec(vm.pid) - cpu0);

    const endS = (startMs + ticks * 1000 + 60_000) / 1000;
    const q = encodeURIComponent(`sum(count_over_time({host=~".+"}[${ticks + 120}s]))`);
    let samplesCounted: number | null = null;
    try {
      const body = (await (await fetch(`${base}/api/v1/query?query=${q}&time=${endS}`)).json()) as {
        data?: { result?: { value?: [number, string] }[] };
      };
      const v = body.data?.result?.[0]?.value?.[1];
      samplesCounted = v === undefined ? null : Number(v);
    } catch {
      samplesCounted = null;
    }
    return {
      version,
      samples: ticks * gen.series.length,
      samplesCounted,
      payloadBytes,
      importMs,
      flushMs,
      settleMs,
      importCpuSec,
      rows,
      othersPercent: others,
      size: diskSize(dir),
      dataSize: diskSize(join(dir, 'data')),
      indexSize: diskSize(join(dir, 'indexdb')),
    };
  } finally {
    await vm.stop();
  }
}

/** Merges running (force merges included) and rows per part type, from VictoriaMetrics' /metrics. */
async function vmMetrics(base: string): Promise<{ activeMerges: number; rows: Record<string, number> }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let activeMerges = 0;
  const rows: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(vm_active_force_merges|vm_active_merges|vm_rows)(?:\{type="([^"]+)"\})? (\S+)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'vm_rows') rows[m[2] ?? ''] = Number(m[3]);
    else activeMerges += Number(m[3]);
  }
  return { activeMerges, rows };
}

async function vmGet(url: string): Promise<void> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
}

function monthPrefix(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

function progress(msg: string): void {
  process.stderr.write(`  … ${msg}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '');
}

function fmtHours(h: number): string {
  return `${fmtNum(h)}h`;
}

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function fmtRate(samples: number, ms: number): string {
  return ms > 0 ? Math.round(samples / (ms / 1000)).toLocaleString('en-US') : '-';
}

function fmtBytes(b: number): string {
  return b >= 10 * MB ? `${(b / MB).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} kB`;
}

const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parse();
  stopChildrenOnExit();
  const ticks = Math.round(args.hours * 3600);
  const totalDays = Math.max(args.days, args.hours / 24);
  // Everything ends at the last UTC midnight, so VictoriaMetrics sees no future timestamps.
  const endAll = Math.floor(Date.now() / DAY) * DAY;
  const startMs = endAll - Math.ceil(totalDays) * DAY;
  const endMs = startMs + ticks * 1000;
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-bench-store-'));
  const vmAvailable = args.vm && existsSync(VM_BIN);
  const probe = hostData(args, startMs);
  const nSeries = probe.series.length;
  const samples = ticks * nSeries;

  process.stdout.write(
    `bench/store: ${nSeries} series × ${ticks.toLocaleString('en-US')} ticks (${fmtHours(args.hours)} at 1 Hz) = ` +
      `${samples.toLocaleString('en-US')} samples from ${new Date(startMs).toISOString()}; seed ${args.seed}; ` +
      `derived gauges ${args.agentFloats ? 'at full precision (--agent-floats)' : 'rounded to 1 decimal'}\n` +
      `node ${process.version}, temp dir ${root}\n\n`,
  );

  const cleanup = () => {
    if (!args.keep) rmSync(root, { recursive: true, force: true });
  };
  try {
    // 1. The agent's path: one append per tick, maintenance after each.
    progress(`per-tick path: ${fmtHours(args.hours)}`);
    const a = openStore(join(root, 'tick'), startMs);
    const genA = hostData(args, startMs);
    const markA = loadMark();
    const tick = writePerTick(a, genA, ticks);
    const live = timeQueries(a.db, rawQueries(endMs, args.hours), args.reps, 'live');
    const liveStats = a.db.stats();
    const finishA = finish(a, endMs);
    a.reopen();
    const statsA = a.db.stats();
    const compacted = timeQueries(a.db, rawQueries(endMs, args.hours), args.reps, 'compacted');
    a.close();
    const loadA = othersPercent(markA);
    const sizeA = storeSize(a.path);
    const brk = breakdown(a.path);

    // 2. Big batches of the same data into a second store.
    progress(`big batches of ${args.batchTicks} ticks: ${fmtHours(args.hours)}`);
    const b = openStore(join(root, 'batch'), startMs);
    const genB = hostData(args, startMs);
    const markB = loadMark();
    const batch = writeBatches(b, genB, ticks, args.batchTicks, null, 'big batches');
    const finishB = finish(b, endMs);
    const loadB = othersPercent(markB);
    const statsB = b.db.stats();
    b.close();
    const sizeB = storeSize(b.path);
    if (!args.keep) rmSync(join(root, 'batch'), { recursive: true, force: true });

    // 3. VictoriaMetrics with the same data.
    let vm: VmFigures | null = null;
    let vmSkip = '';
    if (!args.vm) vmSkip = '--no-vm';
    else if (!vmAvailable) vmSkip = `${VM_BIN} not installed`;
    else {
      progress('VictoriaMetrics import');
      vm = await runVm(args, startMs, ticks, join(root, 'vm'));
      if (!args.keep) rmSync(join(root, 'vm'), { recursive: true, force: true });
    }

    // 4. Long range: the per-tick store continued to `days` days in big batches.
    let ext: BatchRun | null = null;
    let longQ: QueryFigure[] = [];
    let steady: QueryFigure[] = [];
    let statsL: ReturnType<Tsdb['stats']> | null = null;
    let sizeL: DiskSize | null = null;
    let loadL = Number.NaN;
    const extTicks = Math.max(0, Math.round(args.days * 86_400) - ticks);
    if (args.days > 0) {
      const markL = loadMark();
      a.reopen();
      if (extTicks > 0) {
        progress(`long range: ${fmtNum(extTicks / 86_400)} more days (${args.daysSeries} series)`);
        const only = args.daysSeries === 'cpu' ? (s: SeriesDef) => s.name.includes('_cpu_') : null;
        ext = writeBatches(a, genA, extTicks, args.batchTicks, only, 'long range');
      }
      const endL = startMs + (ticks + extTicks) * 1000;
      finish(a, endL);
      a.reopen();
      statsL = a.db.stats();
      longQ = timeQueries(a.db, tierQueries(endL, (ticks + extTicks) / 86_400), args.reps, 'compacted');
      steady = timeQueries(a.db, rawQueries(endL, Math.min(args.hours, 24)), args.reps, 'long store');
      a.close();
      sizeL = storeSize(a.path);
      loadL = othersPercent(markL);
    }

    report({
      args,
      nSeries,
      samples,
      tick,
      batch,
      finishA,
      finishB,
      statsA,
      statsB,
      liveStats,
      sizeA,
      sizeB,
      brk,
      queries: [...live, ...compacted, ...longQ, ...steady],
      vm,
      vmSkip,
      ext,
      extTicks,
      statsL,
      sizeL,
      load: { perTick: loadA, batches: loadB, vm: vm?.othersPercent ?? Number.NaN, longRange: loadL },
    });
  } finally {
    await stopAll();
    cleanup();
  }
}

interface Report {
  args: Args;
  nSeries: number;
  samples: number;
  tick: TickRun;
  batch: BatchRun;
  finishA: number;
  finishB: number;
  statsA: ReturnType<Tsdb['stats']>;
  statsB: ReturnType<Tsdb['stats']>;
  liveStats: ReturnType<Tsdb['stats']>;
  sizeA: DiskSize;
  sizeB: DiskSize;
  brk: Breakdown | null;
  queries: QueryFigure[];
  vm: VmFigures | null;
  vmSkip: string;
  ext: BatchRun | null;
  extTicks: number;
  statsL: ReturnType<Tsdb['stats']> | null;
  sizeL: DiskSize | null;
  /** Other processes' CPU during each phase, % of one core. */
  load: { perTick: number; batches: number; vm: number; longRange: number };
}

function report(r: Report): void {
  const { args, samples, tick, batch, vm } = r;
  const out = (s = '') => process.stdout.write(`${s}\n`);
  const bpsA = r.sizeA.bytes / samples;
  const bpsB = r.sizeB.bytes / samples;
  const tickTotalMs = tick.appendMs + tick.maintainMs + r.finishA;
  const batchTotalMs = batch.appendMs + batch.maintainMs + r.finishB;

  out('## Size after compaction (all windows compacted, rollups built, WAL checkpointed)');
  const sizeRows: string[][] = [
    [
      'hostpulse (per-tick store)',
      r.statsA.samples.toLocaleString('en-US'),
      fmtBytes(r.sizeA.bytes),
      bpsA.toFixed(3),
      (r.sizeA.allocated / samples).toFixed(3),
    ],
    [
      'hostpulse (big-batch store)',
      r.statsB.samples.toLocaleString('en-US'),
      fmtBytes(r.sizeB.bytes),
      bpsB.toFixed(3),
      (r.sizeB.allocated / samples).toFixed(3),
    ],
  ];
  if (vm) {
    sizeRows.push([
      `VictoriaMetrics ${vm.version.replace(/^victoria-metrics-/, '')}`,
      vm.samplesCounted === null ? '?' : vm.samplesCounted.toLocaleString('en-US'),
      fmtBytes(vm.size.bytes),
      (vm.size.bytes / vm.samples).toFixed(3),
      (vm.size.allocated / vm.samples).toFixed(3),
    ]);
    sizeRows.push([
      '  of which data/ (parts)',
      '',
      fmtBytes(vm.dataSize.bytes),
      (vm.dataSize.bytes / vm.samples).toFixed(3),
      (vm.dataSize.allocated / vm.samples).toFixed(3),
    ]);
    sizeRows.push([
      '  of which indexdb/',
      '',
      fmtBytes(vm.indexSize.bytes),
      (vm.indexSize.bytes / vm.samples).toFixed(3),
      (vm.indexSize.allocated / vm.samples).toFixed(3),
    ]);
  }
  out(formatTable(['store', 'samples', 'on disk', 'bytes/sample', 'allocated/sample'], sizeRows));
  if (r.statsA.samples !== samples || r.statsB.samples !== samples)
    out(
      `WARNING: the stores hold ${r.statsA.samples} / ${r.statsB.samples} samples, ${samples} were written`,
    );
  if (vm && vm.samplesCounted !== null && vm.samplesCounted !== vm.samples)
    out(`WARNING: VictoriaMetrics counts ${vm.samplesCounted} samples, ${vm.samples} were imported`);
  if (vm)
    out(
      `(VictoriaMetrics: ${vm.size.files} files, rows ${Object.entries(vm.rows)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ')}; import payload ${fmtBytes(vm.payloadBytes)} of JSON lines)`,
    );

  if (r.brk) {
    const k = r.brk;
    out();
    out('Where the hostpulse bytes are (per-tick store):');
    const fileBytes = r.sizeA.bytes;
    const objRows = k.objects
      .slice(0, 6)
      .map((o) => [o.name, fmtBytes(o.bytes), `${((o.bytes / fileBytes) * 100).toFixed(1)} %`]);
    objRows.push([
      'free pages',
      fmtBytes(k.freePages * k.pageSize),
      `${(((k.freePages * k.pageSize) / fileBytes) * 100).toFixed(1)} %`,
    ]);
    out(formatTable(['table/index (pages)', 'bytes', 'of file'], objRows));
    const chunkPayload = k.families.reduce((n, f) => n + f.bytes, 0);
    out(
      `chunk payloads ${fmtBytes(chunkPayload)} (${(chunkPayload / samples).toFixed(3)} bytes/sample), shared ` +
        `timestamp columns ${fmtBytes(k.tscolBytes)}, rollups ${k.rollupBytes
          .map((t) => `tier ${t.tier}: ${fmtBytes(t.bytes)} in ${t.rows} rows`)
          .join(', ')}`,
    );
    const codecName = (v: number) =>
      v === 1 ? 'Gorilla XOR' : v === 2 ? 'integer differences' : `codec ${v}`;
    out(
      `compacted chunks by value codec: ${k.codecs
        .map(
          (c) =>
            `${codecName(c.version)} ${c.chunks} chunks, ${fmtBytes(c.bytes)} ` +
            `(${(c.bytes / c.samples).toFixed(3)} bytes/sample)`,
        )
        .join('; ')}`,
    );
    out();
    out(
      formatTable(
        ['family (chunk payload)', 'series', 'bytes', 'bytes/sample', 'share'],
        k.families
          .slice(0, 12)
          .map((f) => [
            f.name,
            String(f.series),
            fmtBytes(f.bytes),
            (f.bytes / f.samples).toFixed(3),
            `${((f.bytes / chunkPayload) * 100).toFixed(1)} %`,
          ]),
      ),
    );
  }

  out();
  out('## Writes');
  const tp = (x: Float64Array) => percentile(Array.from(x), 0.99);
  const writeRows: string[][] = [
    [
      'per tick: append()',
      fmtRate(samples, tick.appendMs),
      (tick.appendMs / 1000).toFixed(1),
      `${fmtMs(median(Array.from(tick.appendPerTick)))} / ${fmtMs(tp(tick.appendPerTick))} / ${fmtMs(max(Array.from(tick.appendPerTick)))}`,
    ],
    [
      'per tick: maintenance',
      '',
      (tick.maintainMs / 1000).toFixed(1),
      `${fmtMs(median(Array.from(tick.maintainPerTick)))} / ${fmtMs(tp(tick.maintainPerTick))} / ${fmtMs(max(Array.from(tick.maintainPerTick)))}`,
    ],
    ['per tick: append + maintenance', fmtRate(samples, tickTotalMs), (tickTotalMs / 1000).toFixed(1), ''],
    [
      `big batches (${args.batchTicks} ticks): append()`,
      fmtRate(samples, batch.appendMs),
      (batch.appendMs / 1000).toFixed(1),
      `${fmtMs(batch.appendMs / batch.batches)} per batch`,
    ],
    [
      'big batches: append + maintenance',
      fmtRate(samples, batchTotalMs),
      (batchTotalMs / 1000).toFixed(1),
      `${fmtMs((batch.maintainMs + r.finishB) / batch.batches)} maint. per batch`,
    ],
  ];
  if (vm)
    writeRows.push([
      'VictoriaMetrics /api/v1/import + flush',
      fmtRate(vm.samples, vm.importMs),
      (vm.importMs / 1000).toFixed(1),
      `${vm.importCpuSec.toFixed(1)} CPU-s; then ${(vm.settleMs / 1000).toFixed(0)} s of merges`,
    ]);
  if (r.ext)
    writeRows.push([
      `long range: ${fmtNum(r.extTicks / 86_400)} more days (${args.daysSeries} series), batches`,
      fmtRate(r.ext.samples, r.ext.appendMs + r.ext.maintainMs),
      ((r.ext.appendMs + r.ext.maintainMs) / 1000).toFixed(1),
      `append ${fmtRate(r.ext.samples, r.ext.appendMs)}/s`,
    ]);
  out(formatTable(['path', 'samples/s', 'seconds', 'ms per tick: median / p99 / max'], writeRows));
  out(
    `per-tick maintenance: ${tick.slices.toLocaleString('en-US')} maintain() calls, ${tick.slowSlices} over 50 ms ` +
      `(${tick.slowCheckpoints} of them WAL checkpoints), longest ${fmtMs(tick.longestSliceMs)} ms ` +
      `(WAL ${fmtBytes(tick.longestSliceWal[0])} → ${fmtBytes(tick.longestSliceWal[1])}); ` +
      `final compaction after the last tick ${fmtMs(r.finishA)} ms`,
  );
  out(
    `live store before that: ${r.liveStats.headSamples.toLocaleString('en-US')} samples not compacted yet ` +
      `(${r.liveStats.hotSamples.toLocaleString('en-US')} in the hot log), ${fmtBytes(r.liveStats.fileBytes)} with WAL`,
  );
  const pct = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} %` : '-');
  out(
    `other processes on the machine, % of one core: per-tick phase ${pct(r.load.perTick)}, big batches ` +
      `${pct(r.load.batches)}, VictoriaMetrics ${pct(r.load.vm)}, long range ${pct(r.load.longRange)}` +
      (Math.max(r.load.perTick, r.load.batches, r.load.vm || 0) > 10
        ? ' (busy machine: timings run long; ratios from the same run hold better)'
        : ''),
  );

  out();
  out('## Queries (ms; first run, then median and p95 of the other runs)');
  out(
    formatTable(
      ['query', 'store', 'tier', 'series', 'points', 'first', 'median', 'p95'],
      r.queries.map((q) => [
        q.name,
        q.state,
        q.tier,
        String(q.series),
        q.points.toLocaleString('en-US'),
        fmtMs(q.firstMs),
        fmtMs(q.medianMs),
        fmtMs(q.p95Ms),
      ]),
      2,
    ),
  );
  out(
    "stores: 'live' = the per-tick store right after its last tick (last window in segments and the hot log); " +
      "'compacted' = after maintenance to completion; 'long store' = the same store after the long-range days.",
  );
  if (r.statsL && r.sizeL) {
    out(
      `long-range store: ${r.statsL.samples.toLocaleString('en-US')} raw samples kept (raw retention 14 d), ` +
        `${r.statsL.expiredSamples.toLocaleString('en-US')} expired, ${fmtBytes(r.sizeL.bytes)} on disk, ` +
        `${r.statsL.droppedForBudget} dropped for the disk budget`,
    );
  }

  // Goals.
  const q24 = r.queries.find(
    (q) => q.state === 'compacted' && q.name === `${fmtHours(args.hours)} raw, 1 series`,
  );
  const q24live = r.queries.find(
    (q) => q.state === 'live' && q.name === `${fmtHours(args.hours)} raw, 1 series`,
  );
  const appendRate = samples / (batch.appendMs / 1000);
  const endToEnd = samples / (batchTotalMs / 1000);
  out();
  out('## Goals');
  const goals: string[][] = [
    [
      `≤ ${GOAL_BYTES_PER_SAMPLE} byte/sample after compaction`,
      `${bpsA.toFixed(3)} (per-tick store)`,
      verdict(bpsA <= GOAL_BYTES_PER_SAMPLE),
    ],
    [
      `≥ ${GOAL_SAMPLES_PER_SEC.toLocaleString('en-US')} samples/s written (big batches, append)`,
      Math.round(appendRate).toLocaleString('en-US'),
      verdict(appendRate >= GOAL_SAMPLES_PER_SEC),
    ],
    [
      '  same, append + compaction and rollups',
      Math.round(endToEnd).toLocaleString('en-US'),
      verdict(endToEnd >= GOAL_SAMPLES_PER_SEC),
    ],
  ];
  if (args.hours === 24 && q24 && q24live) {
    goals.push([
      `24 h raw of one series < ${GOAL_24H_RAW_MS} ms (median, compacted)`,
      fmtMs(q24.medianMs),
      verdict(q24.medianMs < GOAL_24H_RAW_MS),
    ]);
    goals.push(['  same, live store', fmtMs(q24live.medianMs), verdict(q24live.medianMs < GOAL_24H_RAW_MS)]);
  } else goals.push(['24 h raw of one series', `not measured (--hours ${args.hours})`, '-']);
  out(formatTable(['goal', 'measured', ''], goals));
  if (vm) {
    out();
    out(
      `ratios hostpulse / VictoriaMetrics: bytes/sample ${(bpsA / (vm.size.bytes / vm.samples)).toFixed(2)} ` +
        `(allocated ${(r.sizeA.allocated / vm.size.allocated).toFixed(2)}), ` +
        `import time ${(batch.appendMs / vm.importMs).toFixed(2)} (append only) / ` +
        `${(batchTotalMs / vm.importMs).toFixed(2)} (with compaction)`,
    );
  } else out(`SKIP: VictoriaMetrics (${r.vmSkip})`);

  const summary = {
    bench: 'store',
    series: r.nSeries,
    hours: args.hours,
    samples,
    seed: args.seed,
    agentFloats: args.agentFloats,
    hostpulse: {
      bytesPerSample: round(bpsA, 4),
      bytesPerSampleBatchStore: round(bpsB, 4),
      fileBytes: r.sizeA.bytes,
      chunkPayloadBytes: r.brk ? r.brk.families.reduce((n, f) => n + f.bytes, 0) : null,
      rollupBytes: r.brk ? r.brk.rollupBytes.reduce((n, t) => n + t.bytes, 0) : null,
      perTick: {
        appendSamplesPerSec: Math.round(samples / (tick.appendMs / 1000)),
        appendMsMedian: round(median(Array.from(tick.appendPerTick)), 4),
        appendMsP99: round(tp(tick.appendPerTick), 4),
        maintainMsPerTickMean: round(tick.maintainMs / tick.ticks, 4),
        longestMaintainMs: round(tick.longestSliceMs, 2),
        longestMaintainWalBytes: tick.longestSliceWal,
        maintainCallsOver50ms: tick.slowSlices,
        maintainCallsOver50msCheckpoints: tick.slowCheckpoints,
        samplesPerSecWithMaintenance: Math.round(samples / (tickTotalMs / 1000)),
      },
      batch: {
        ticksPerBatch: args.batchTicks,
        appendSamplesPerSec: Math.round(appendRate),
        samplesPerSecWithMaintenance: Math.round(endToEnd),
        appendSec: round(batch.appendMs / 1000, 2),
        totalSec: round(batchTotalMs / 1000, 2),
      },
      longRange: r.ext
        ? {
            days: (r.extTicks + args.hours * 3600) / 86_400,
            series: args.daysSeries,
            samplesPerSec: Math.round(r.ext.samples / ((r.ext.appendMs + r.ext.maintainMs) / 1000)),
            fileBytes: r.sizeL?.bytes ?? null,
          }
        : null,
      queries: r.queries.map((q) => ({
        name: q.name,
        store: q.state,
        tier: q.tier,
        points: q.points,
        firstMs: round(q.firstMs, 2),
        medianMs: round(q.medianMs, 2),
        p95Ms: round(q.p95Ms, 2),
      })),
    },
    victoriametrics: vm
      ? {
          version: vm.version,
          bytesPerSample: round(vm.size.bytes / vm.samples, 4),
          fileBytes: vm.size.bytes,
          allocatedBytes: vm.size.allocated,
          importSec: round(vm.importMs / 1000, 2),
          importSamplesPerSec: Math.round(vm.samples / (vm.importMs / 1000)),
          importCpuSec: round(vm.importCpuSec, 2),
          samplesCounted: vm.samplesCounted,
        }
      : { skipped: r.vmSkip },
    ratios: vm
      ? {
          bytesPerSample: round(bpsA / (vm.size.bytes / vm.samples), 3),
          importTimeAppend: round(batch.appendMs / vm.importMs, 3),
          importTimeWithCompaction: round(batchTotalMs / vm.importMs, 3),
        }
      : null,
    otherProcessesPercentOfCore: {
      perTick: round(r.load.perTick, 1),
      batches: round(r.load.batches, 1),
      vm: round(r.load.vm, 1),
      longRange: round(r.load.longRange, 1),
    },
    goals: {
      bytesPerSample: verdict(bpsA <= GOAL_BYTES_PER_SAMPLE),
      samplesPerSec: verdict(appendRate >= GOAL_SAMPLES_PER_SEC),
      samplesPerSecWithCompaction: verdict(endToEnd >= GOAL_SAMPLES_PER_SEC),
      raw24hOneSeries: q24 && args.hours === 24 ? verdict(q24.medianMs < GOAL_24H_RAW_MS) : null,
    },
  };
  out();
  out(JSON.stringify(summary));
}

main().catch(async (e) => {
  process.stderr.write(`bench/store failed: ${(e as Error).stack ?? e}\n`);
  await stopAll();
  process.exit(1);
});
