// Ingest throughput: a bounded load generator posting gzip'd InfluxDB line protocol batches
// (Telegraf-like, 5,000 lines each) over loopback keep-alive connections, first to hostpulse's
// `/api/v2/write`, then the same payloads to Debian's victoria-metrics `/write` (fresh data dirs).
// Prints samples/s accepted (2xx) and verified stored, p50/p99 latency, the agent's CPU and RSS,
// the ratio hostpulse / VictoriaMetrics, PASS/MISS for the goals, and a JSON summary as the last
// line. Prints figures; never fails on them.
//
//   npm run build && node --import tsx bench/ingest.ts [--duration 20] [--concurrency 4]

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { type Child, startChild, stopAll, stopChildrenOnExit, waitForHttp } from './lib/child.js';
import { type ProcessFigures, ProcessMeter } from './lib/meter.js';
import { AGENT_NODE_FLAGS } from './lib/node-flags.js';
import { freePort } from './lib/ports.js';
import { mulberry32 as prng } from './lib/prng.js';
import { clockTicksPerSecond, readMachineTicks } from './lib/procfs.js';
import { formatTable } from './lib/table.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist', 'cli.js');
const VICTORIA = '/usr/bin/victoria-metrics';
const GOAL_SAMPLES_PER_SEC = 300_000;
const GOAL_RATIO = 0.5;

// ---------------------------------------------------------------------------------------------
// Payloads

/**
 * How a field's value moves, after what Telegraf writes: `zero` a float that is nearly always 0
 * (cpu guest/steal/irq), `percent`/`small` full-precision floats in 0–100 / 0–5, `load` two decimals,
 * `counter` an integer growing every round, `gauge` an integer wandering up to 20 % above its base,
 * `const` an integer that never changes (totals, n_cpus, boot_time).
 */
type FieldKind = 'zero' | 'percent' | 'small' | 'load' | 'counter' | 'gauge' | 'const';

interface Template {
  /** Measurement and tags, tags sorted by key as Telegraf writes them. */
  prefix: string;
  fields: readonly { name: string; kind: FieldKind }[];
}

const f = (kind: FieldKind, ...names: string[]) => names.map((name) => ({ name, kind }));
const CPU_FIELDS = [
  ...f('zero', 'usage_guest', 'usage_guest_nice'),
  ...f('percent', 'usage_idle'),
  ...f('small', 'usage_iowait'),
  ...f('zero', 'usage_irq', 'usage_nice'),
  ...f('small', 'usage_softirq'),
  ...f('zero', 'usage_steal'),
  ...f('percent', 'usage_system', 'usage_user'),
];

/**
 * The 30 line series one Telegraf host with the default inputs (cpu, mem, swap, system, processes,
 * disk, diskio, net, netstat, kernel) plus sensors and procstat writes: 3–5 tags, 5–10 numeric
 * fields, 234 fields per host.
 */
export function hostTemplates(host: string, dc: string): Template[] {
  const tags = (measurement: string, extra: Record<string, string>) => {
    const all: Record<string, string> = { dc, env: 'prod', host, ...extra };
    const keys = Object.keys(all).sort();
    return `${measurement},${keys.map((k) => `${k}=${all[k]}`).join(',')}`;
  };
  const out: Template[] = [];
  for (const cpu of ['cpu-total', 'cpu0', 'cpu1', 'cpu2', 'cpu3'])
    out.push({ prefix: tags('cpu', { cpu }), fields: CPU_FIELDS });
  out.push({
    prefix: tags('mem', {}),
    fields: [
      ...f('gauge', 'active', 'available', 'buffered', 'cached', 'dirty', 'free'),
      ...f('const', 'total'),
      ...f('gauge', 'used'),
      ...f('percent', 'available_percent', 'used_percent'),
    ],
  });
  out.push({
    prefix: tags('swap', {}),
    fields: [
      ...f('gauge', 'free', 'total', 'used'),
      ...f('counter', 'in', 'out'),
      ...f('percent', 'used_percent'),
    ],
  });
  out.push({
    prefix: tags('system', {}),
    fields: [
      ...f('load', 'load1', 'load15', 'load5'),
      ...f('gauge', 'n_cpus', 'n_users'),
      ...f('counter', 'uptime'),
    ],
  });
  out.push({
    prefix: tags('processes', {}),
    fields: f(
      'gauge',
      'blocked',
      'idle',
      'running',
      'sleeping',
      'stopped',
      'total',
      'total_threads',
      'unknown',
      'zombies',
    ),
  });
  const disks: [string, string][] = [
    ['/', 'sda1'],
    ['/boot', 'sda2'],
    ['/var', 'sdb1'],
    ['/home', 'nvme0n1p1'],
  ];
  for (const [path, device] of disks)
    out.push({
      prefix: tags('disk', { device, path }),
      fields: [
        ...f('gauge', 'free', 'inodes_free'),
        ...f('const', 'inodes_total'),
        ...f('gauge', 'inodes_used'),
        ...f('const', 'total'),
        ...f('gauge', 'used'),
        ...f('percent', 'used_percent'),
      ],
    });
  for (const name of ['sda', 'sda1', 'sdb', 'nvme0n1'])
    out.push({
      prefix: tags('diskio', { name }),
      fields: [
        ...f(
          'counter',
          'io_time',
          'merged_reads',
          'merged_writes',
          'read_bytes',
          'read_time',
          'reads',
          'weighted_io_time',
          'write_bytes',
          'writes',
        ),
        ...f('gauge', 'iops_in_progress'),
      ],
    });
  for (const iface of ['eth0', 'eth1', 'docker0', 'bond0'])
    out.push({
      prefix: tags('net', { interface: iface }),
      fields: f(
        'counter',
        'bytes_recv',
        'bytes_sent',
        'drop_in',
        'drop_out',
        'err_in',
        'err_out',
        'packets_recv',
        'packets_sent',
      ),
    });
  out.push({
    prefix: tags('netstat', {}),
    fields: f(
      'gauge',
      'tcp_close',
      'tcp_close_wait',
      'tcp_established',
      'tcp_fin_wait1',
      'tcp_fin_wait2',
      'tcp_listen',
      'tcp_syn_recv',
      'tcp_time_wait',
      'udp_socket',
      'tcp_last_ack',
    ),
  });
  out.push({
    prefix: tags('kernel', {}),
    fields: [
      ...f('const', 'boot_time'),
      ...f('gauge', 'entropy_avail'),
      ...f('counter', 'context_switches', 'interrupts', 'processes_forked'),
    ],
  });
  for (const [chip, feature] of [
    ['coretemp-isa-0000', 'package_id_0'],
    ['coretemp-isa-0000', 'core_0'],
    ['coretemp-isa-0000', 'core_1'],
    ['nvme-pci-0100', 'composite'],
  ])
    out.push({
      prefix: tags('sensors', { chip, feature }),
      fields: [
        ...f('load', 'temp_crit', 'temp_input', 'temp_max'),
        ...f('gauge', 'temp_crit_alarm', 'temp_alarm'),
      ],
    });
  for (const [process_name, user] of [
    ['nginx', 'www-data'],
    ['postgres', 'postgres'],
    ['telegraf', 'telegraf'],
  ])
    out.push({
      prefix: tags('procstat', { process_name, user }),
      fields: [
        ...f('percent', 'cpu_usage'),
        ...f('gauge', 'memory_rss', 'memory_vms', 'num_threads'),
        ...f('counter', 'read_bytes', 'write_bytes'),
      ],
    });
  return out;
}

const TABLE = 4096;

function floatTables(rand: () => number): { percent: string[]; small: string[]; load: string[] } {
  const make = (fn: () => string) => Array.from({ length: TABLE }, fn);
  return {
    percent: make(() => String(rand() * 100)),
    small: make(() => String(rand() * 5)),
    load: make(() => (rand() * 40).toFixed(2)),
  };
}

export interface PayloadOptions {
  hosts: number;
  /** One stream per connection: hosts are split between streams, so each series arrives in order. */
  streams: number;
  batchesPerStream: number;
  linesPerBatch: number;
  /** Timestamp (ms) of the first round; rounds advance by stepMs. */
  startMs: number;
  stepMs: number;
  seed: number;
}

/** hostpulse's default chunk window: 2 h, aligned to the UTC day. */
const WINDOW_MS = 2 * 3600_000;

/**
 * Where the rounds' timestamps go: spread over the `spanMs` before now (ending 1 s ago, distinct
 * milliseconds). With `windowMs` > 0 the span is cut at the start of the current window, so the
 * run is real-time ingest; a span reaching into a window the store has closed measures a backfill,
 * where every batch re-opens compacted chunks (`--cross-windows`).
 */
export function timeLayout(
  nowMs: number,
  rounds: number,
  spanMs: number,
  windowMs: number,
): { startMs: number; stepMs: number } {
  const endMs = nowMs - 1000;
  let startMs = endMs - spanMs;
  if (windowMs > 0) {
    const windowStart = Math.floor(endMs / windowMs) * windowMs;
    if (startMs < windowStart) startMs = Math.min(windowStart, endMs - rounds);
  }
  const stepMs = Math.max(1, Math.floor((endMs - startMs) / Math.max(1, rounds)));
  return { startMs: endMs - stepMs * rounds, stepMs };
}

export interface Batch {
  /** Uncompressed line protocol. */
  text: string;
  lines: number;
  /** Numeric fields in the batch: what both stores count as samples. */
  samples: number;
}

/** Rounds one stream needs to fill its batches. */
export function roundsPerStream(o: PayloadOptions): number {
  const linesPerRound = streamHosts(o, 0).length * hostTemplates('h', 'dc').length;
  return Math.ceil((o.batchesPerStream * o.linesPerBatch) / linesPerRound);
}

function streamHosts(o: PayloadOptions, stream: number): number[] {
  const hosts: number[] = [];
  for (let h = stream; h < o.hosts; h += o.streams) hosts.push(h);
  return hosts;
}

/**
 * The batches of one stream, in send order. A stream is the lines its hosts write round after
 * round (one timestamp per round), cut into batches of linesPerBatch: a batch may end mid-round,
 * and every series' timestamps increase from batch to batch, so no sample is a duplicate.
 */
export function streamBatches(o: PayloadOptions, stream: number): Batch[] {
  const rand = prng(o.seed * 1009 + stream);
  const series: {
    prefix: string;
    fields: { name: string; kind: FieldKind; base: number; rate: number }[];
  }[] = [];
  for (const h of streamHosts(o, stream)) {
    const host = `h${String(h).padStart(3, '0')}`;
    for (const t of hostTemplates(host, `dc${h % 3}`))
      series.push({
        prefix: t.prefix,
        fields: t.fields.map((fl) => {
          const base = Math.floor(rand() * 1e9);
          // counter: growth per round; gauge: the width of its wander above base.
          const rate = fl.kind === 'gauge' ? Math.ceil(base * 0.2) : 1 + Math.floor(rand() * 1e5);
          return { ...fl, base, rate };
        }),
      });
  }
  if (series.length === 0) return [];
  const tables = floatTables(rand);
  const batches: Batch[] = [];
  let round = 0;
  let idx = 0;
  for (let b = 0; b < o.batchesPerStream; b++) {
    const parts: string[] = [];
    let samples = 0;
    for (let l = 0; l < o.linesPerBatch; l++) {
      const s = series[idx];
      const ts = `${o.startMs + round * o.stepMs}000000`;
      let line = `${s.prefix} `;
      for (let i = 0; i < s.fields.length; i++) {
        const fl = s.fields[i];
        if (i > 0) line += ',';
        line += `${fl.name}=`;
        // Telegraf writes float fields at full precision and integer fields with the `i` suffix.
        // Floats come from pre-formatted tables: formatting a double is most of the generation cost.
        switch (fl.kind) {
          case 'zero':
            line += rand() < 0.97 ? '0' : tables.small[(rand() * TABLE) | 0];
            break;
          case 'percent':
            line += tables.percent[(rand() * TABLE) | 0];
            break;
          case 'small':
            line += tables.small[(rand() * TABLE) | 0];
            break;
          case 'load':
            line += tables.load[(rand() * TABLE) | 0];
            break;
          case 'counter':
            line += `${fl.base + round * fl.rate}i`;
            break;
          case 'gauge':
            line += `${fl.base + Math.floor(rand() * fl.rate)}i`;
            break;
          case 'const':
            line += `${fl.base}i`;
            break;
        }
      }
      parts.push(`${line} ${ts}`);
      samples += s.fields.length;
      if (++idx === series.length) {
        idx = 0;
        round++;
      }
    }
    batches.push({ text: `${parts.join('\n')}\n`, lines: o.linesPerBatch, samples });
  }
  return batches;
}

export interface Payload {
  body: Buffer;
  lines: number;
  samples: number;
  rawBytes: number;
}

interface WorkerJob {
  kind: 'bench-ingest-payloads';
  opts: PayloadOptions;
  streams: number[];
}

/** A worker's share: its streams' batches, gzip'd at zlib's default level (Telegraf's content_encoding = "gzip"). */
function buildStreams(job: WorkerJob): { stream: number; payloads: Payload[] }[] {
  return job.streams.map((stream) => ({
    stream,
    payloads: streamBatches(job.opts, stream).map((b) => {
      // A fresh buffer per body (not a slice of a shared pool) so it can be transferred.
      const body = Buffer.from(new Uint8Array(gzipSync(b.text)).buffer);
      return { body, lines: b.lines, samples: b.samples, rawBytes: Buffer.byteLength(b.text) };
    }),
  }));
}

/**
 * Runs this module in a worker. Under tsx (`node --import tsx`, a .ts module) Node 20 does not pass
 * the loader hooks on to workers, so the worker registers tsx itself before importing this module.
 */
function startWorker(job: WorkerJob): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(fileURLToPath(self), { workerData: job });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  return new Worker(code, { eval: true, workerData: job });
}

/**
 * Every stream's batches. Building them is CPU work (formatting numbers, gzip) that would take
 * longer than a measurement on this machine, so the streams are split across one worker per core.
 */
async function buildPayloads(o: PayloadOptions): Promise<Payload[][]> {
  const workers = Math.max(1, Math.min(o.streams, availableParallelism()));
  const out: Payload[][] = new Array(o.streams);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: WorkerJob = { kind: 'bench-ingest-payloads', opts: o, streams: [] };
      for (let s = w; s < o.streams; s += workers) job.streams.push(s);
      return new Promise<void>((resolve, reject) => {
        const worker = startWorker(job);
        worker.once('message', (res: { stream: number; payloads: Payload[] }[]) => {
          for (const r of res) out[r.stream] = r.payloads.map((p) => ({ ...p, body: Buffer.from(p.body) }));
          resolve();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`payload worker exited with code ${code}`)));
      });
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Load

interface Outcome {
  status: number;
  ms: number;
  body: string;
}

function post(agent: http.Agent, url: URL, body: Buffer): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Encoding': 'gzip',
          'Content-Length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - t0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 300),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface LoadResult {
  wallSec: number;
  requests: number;
  okRequests: number;
  /** Non-2xx answers by status, and the first few bodies. */
  failures: Map<number, number>;
  failureSamples: string[];
  acceptedSamples: number;
  acceptedLines: number;
  latenciesMs: number[];
  /** Streams that ran out of pre-generated batches before the deadline. */
  exhaustedStreams: number;
  /** Load generator's own CPU (this process) over the window, % of one core. */
  generatorCpuPercent: number;
}

class Tally {
  requests = 0;
  okRequests = 0;
  acceptedSamples = 0;
  acceptedLines = 0;
  readonly failures = new Map<number, number>();
  readonly failureSamples: string[] = [];
  readonly latenciesMs: number[] = [];

  add(o: Outcome, p: Payload): void {
    this.requests++;
    this.latenciesMs.push(o.ms);
    if (o.status >= 200 && o.status < 300) {
      this.okRequests++;
      this.acceptedSamples += p.samples;
      this.acceptedLines += p.lines;
      return;
    }
    this.failures.set(o.status, (this.failures.get(o.status) ?? 0) + 1);
    if (this.failureSamples.length < 3) this.failureSamples.push(`HTTP ${o.status}: ${o.body}`);
  }
}

/**
 * Sends the first `warmup` batches of every stream (untimed: series creation, JIT), then the rest
 * until the deadline, one request in flight per stream. Each stream has its own keep-alive
 * connection, as each Telegraf output posts its batches one after another.
 */
async function drive(
  url: URL,
  streams: Payload[][],
  warmup: number,
  durationMs: number,
  onWindowStart: () => void,
  warmTally: Tally,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: streams.length });
  try {
    await Promise.all(
      streams.map(async (batches) => {
        for (const p of batches.slice(0, warmup)) warmTally.add(await post(agent, url, p.body), p);
      }),
    );
    const tally = new Tally();
    onWindowStart();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const deadline = t0 + durationMs;
    let exhausted = 0;
    await Promise.all(
      streams.map(async (batches) => {
        let i = warmup;
        for (; i < batches.length && performance.now() < deadline; i++)
          tally.add(await post(agent, url, batches[i].body), batches[i]);
        if (i === batches.length) exhausted++;
      }),
    );
    const wallSec = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      wallSec,
      requests: tally.requests,
      okRequests: tally.okRequests,
      failures: tally.failures,
      failureSamples: tally.failureSamples,
      acceptedSamples: tally.acceptedSamples,
      acceptedLines: tally.acceptedLines,
      latenciesMs: tally.latenciesMs,
      exhaustedStreams: exhausted,
      generatorCpuPercent: ((cpu.user + cpu.system) / 1e6 / wallSec) * 100,
    };
  } finally {
    agent.destroy();
  }
}

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// Targets

interface Verification {
  /** Samples the target says it holds that this run sent (both windows: warm-up + timed). */
  stored: number;
  /** Samples this run had answered with a 2xx. */
  expected: number;
  series: number;
  detail: string;
}

interface Target {
  name: string;
  child: Child;
  writeUrl: URL;
  /** Called before the warm-up: a baseline for verify(). */
  baseline(): Promise<void>;
  verify(expected: number): Promise<Verification>;
  /**
   * After the window: waits for the work the window left behind (hostpulse: the hot log it has not
   * folded into chunks yet) and meters the target's CPU until then.
   */
  settle?(): Promise<Settle>;
}

interface Settle {
  /** Samples waiting at the start, and at the end. */
  backlog: number;
  left: number;
  sec: number;
  /** utime+stime until then (the agent's own 1 Hz ticks included), seconds. */
  cpuSec: number;
}

/** How long settle() waits at most: hostpulse folds the hot log at the latest a minute after an append. */
const SETTLE_MAX_MS = 90_000;

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

interface HostpulseHealth {
  store: { samples: number; series: number; hotSamples?: number };
  ingest: { accepted: Record<string, number>; refused: Record<string, number> };
}

async function startHostpulse(
  cli: string,
  nodeArgs: readonly string[],
  sets: readonly string[],
  dir: string,
): Promise<Target> {
  const port = await freePort();
  const child = startChild({
    name: 'hostpulse',
    command: process.execPath,
    args: [
      ...nodeArgs,
      cli,
      'run',
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      String(port),
      '--log-file',
      '',
      '--log-level',
      'warn',
      '--csv-dir',
      join(dir, 'hp-csv'),
      '--data-dir',
      join(dir, 'hp-data'),
      // The default 600 requests/min per client would cap a load test at 10 batches/s.
      '--set',
      'security.rate_limit_per_minute=0',
      ...sets.flatMap((s) => ['--set', s]),
    ],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, child, 20_000);
  const health = async () => (await getJson(`${base}/api/health`)) as HostpulseHealth;
  let before: HostpulseHealth | null = null;
  let hotAfter = 0;
  return {
    name: 'hostpulse',
    async settle() {
      const meter = new ProcessMeter(child.pid);
      meter.begin();
      const t0 = performance.now();
      let left = hotAfter;
      // Done when what is left is the agent's own minute of host samples, not the load's.
      while (left > Math.max(20_000, hotAfter * 0.02) && performance.now() - t0 < SETTLE_MAX_MS) {
        await new Promise((r) => setTimeout(r, 1000));
        left = (await health()).store.hotSamples ?? 0;
      }
      const f = meter.end();
      return { backlog: hotAfter, left, sec: f.wallSec, cpuSec: f.cpuSec };
    },
    child,
    writeUrl: new URL(`${base}/api/v2/write?precision=ns`),
    async baseline() {
      before = await health();
    },
    async verify(expected) {
      const after = await health();
      const b = before ?? after;
      const accepted = (after.ingest.accepted.influx ?? 0) - (b.ingest.accepted.influx ?? 0);
      const storedDelta = after.store.samples - b.store.samples;
      const refused = Object.entries(after.ingest.refused)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k}=${n}`)
        .join(' ');
      hotAfter = after.store.hotSamples ?? 0;
      return {
        // ingest.accepted counts what append() committed; store.samples also grows with the
        // agent's own per-second host series, so it must be at least as large.
        stored: Math.min(storedDelta, accepted),
        expected,
        series: after.store.series - b.store.series,
        detail:
          `ingest.accepted.influx +${accepted}, store.samples +${storedDelta} ` +
          `(incl. ${storedDelta - accepted} own host samples)${refused ? `, refused ${refused}` : ''}; ` +
          `${after.store.hotSamples ?? '?'} samples still in the hot log, not folded into chunks yet`,
      };
    },
  };
}

async function startVictoria(dir: string): Promise<Target> {
  const port = await freePort();
  const child = startChild({
    name: 'victoria-metrics',
    command: VICTORIA,
    args: [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dir, 'vm-data')}`,
      '-retentionPeriod=1y',
      '-loggerLevel=WARN',
    ],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, child, 20_000);
  return {
    name: 'victoria-metrics',
    child,
    writeUrl: new URL(`${base}/write?precision=ns`),
    async baseline() {},
    async verify(expected) {
      // VictoriaMetrics answers 204 once rows are in its in-memory buffers; force_flush makes them
      // searchable, and the query counts what is on disk (nocache, an explicit time: no latency offset).
      const flush = await fetch(`${base}/internal/force_flush`);
      await flush.arrayBuffer();
      const now = Math.floor(Date.now() / 1000) + 1;
      const q = new URLSearchParams({
        query: 'sum(count_over_time({__name__=~".+"}[3h]))',
        time: String(now),
        nocache: '1',
      });
      const r = (await getJson(`${base}/api/v1/query?${q}`)) as {
        data: { result: { value: [number, string] }[] };
      };
      const stored = Number(r.data.result[0]?.value[1] ?? 0);
      const c = (await getJson(`${base}/api/v1/series/count`)) as { data: number[] };
      return {
        stored,
        expected,
        series: c.data[0] ?? 0,
        detail: `count_over_time over all series = ${stored}, /api/v1/series/count = ${c.data[0]}`,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Run

interface Row {
  target: string;
  load: LoadResult;
  warm: { requests: number; samples: number; failures: number; sec: number };
  agent: ProcessFigures;
  /** CPU the rest of the machine spent in the window (other processes: noise), % of one core. */
  othersCpuPercent: number;
  verification: Verification;
  settle: Settle | null;
}

async function measure(
  target: Target,
  payloads: Payload[][],
  warmup: number,
  durationMs: number,
): Promise<Row> {
  await new Promise((r) => setTimeout(r, 1000));
  await target.baseline();
  const meter = new ProcessMeter(target.child.pid);
  const warmTally = new Tally();
  const tw = performance.now();
  let warmSec = 0;
  let timer: NodeJS.Timeout | undefined;
  let machine0 = readMachineTicks();
  const load = await drive(
    target.writeUrl,
    payloads,
    warmup,
    durationMs,
    () => {
      warmSec = (performance.now() - tw) / 1000;
      meter.begin();
      machine0 = readMachineTicks();
      timer = setInterval(() => meter.sample(), 1000);
    },
    warmTally,
  );
  clearInterval(timer);
  const agent = meter.end();
  const machine1 = readMachineTicks();
  const machinePercent = ((machine1.busy - machine0.busy) / clockTicksPerSecond() / load.wallSec) * 100;
  const expected = warmTally.acceptedSamples + load.acceptedSamples;
  const verification = await target.verify(expected);
  const settle = target.settle ? await target.settle() : null;
  return {
    target: target.name,
    load,
    warm: {
      requests: warmTally.requests,
      samples: warmTally.acceptedSamples,
      failures: warmTally.requests - warmTally.okRequests,
      sec: warmSec,
    },
    agent,
    othersCpuPercent: Math.max(0, machinePercent - agent.cpuPercent - load.generatorCpuPercent),
    verification,
    settle,
  };
}

const usage =
  'node --import tsx bench/ingest.ts [options]\n' +
  '  --duration S      timed window per target, seconds (default 20)\n' +
  '  --concurrency C   connections, one stream of hosts each (default 4)\n' +
  '  --batches N       pre-generated batches per stream (default 100; a stream that runs out ends early)\n' +
  '  --lines N         lines per batch (default 5000)\n' +
  '  --hosts N         simulated Telegraf hosts, 30 line series and 234 fields each (default 100)\n' +
  '  --warmup N        untimed batches per stream sent first (default 1: creates every series)\n' +
  '  --only T          hostpulse | victoria-metrics\n' +
  '  --cli PATH        hostpulse build to run (default dist/cli.js)\n' +
  '  --node-arg A      flag for the node running hostpulse (repeatable; default the flags npm start and the\n' +
  '                    hostpulse bin run with: --min-semi-space-size=2 --max-semi-space-size=4\n' +
  '                    --single-threaded-gc --v8-pool-size=1)\n' +
  '  --set K=V         extra hostpulse config (repeatable), e.g. --set store.max_series=200000\n' +
  '  --seed N          payload seed (default 1)\n' +
  '  --span S          timestamps spread over the S seconds before the run (default 60, at most 3600),\n' +
  "                    cut at the start of hostpulse's current 2 h chunk window: real-time ingest\n" +
  '  --cross-windows   do not cut the span: with --span 3000, a backfill into a closed window\n';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '4' },
      batches: { type: 'string', default: '100' },
      lines: { type: 'string', default: '5000' },
      hosts: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '1' },
      only: { type: 'string' },
      cli: { type: 'string', default: CLI },
      'node-arg': {
        type: 'string',
        multiple: true,
        default: [...AGENT_NODE_FLAGS],
      },
      set: { type: 'string', multiple: true, default: [] },
      seed: { type: 'string', default: '1' },
      span: { type: 'string', default: '60' },
      'cross-windows': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const num = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${v}`);
    return n;
  };
  const durationSec = Number(values.duration);
  if (!(durationSec > 0)) throw new Error(`--duration: expected seconds > 0, got ${values.duration}`);
  const concurrency = num('concurrency', values.concurrency, 1);
  const hosts = num('hosts', values.hosts, concurrency);
  const warmup = num('warmup', values.warmup, 0);
  const batchesPerStream = num('batches', values.batches, warmup + 1);
  const linesPerBatch = num('lines', values.lines, 1);
  const only = values.only;
  if (only !== undefined && only !== 'hostpulse' && only !== 'victoria-metrics')
    throw new Error(`--only: expected hostpulse or victoria-metrics, got ${only}`);
  const cli = values.cli;
  if (only !== 'victoria-metrics' && !existsSync(cli))
    throw new Error(`${cli} is missing: run \`npm run build\` first`);

  const draft: PayloadOptions = {
    hosts,
    streams: concurrency,
    batchesPerStream,
    linesPerBatch,
    startMs: 0,
    stepMs: 0,
    seed: num('seed', values.seed, 0),
  };
  const spanSec = Number(values.span);
  if (!(spanSec > 0 && spanSec <= 3600))
    throw new Error(`--span: expected 0 < seconds ≤ 3600, got ${values.span}`);
  const rounds = roundsPerStream(draft);
  const layout = timeLayout(Date.now(), rounds, spanSec * 1000, values['cross-windows'] ? 0 : WINDOW_MS);
  const opts: PayloadOptions = { ...draft, ...layout };
  const tg = performance.now();
  const payloads = await buildPayloads(opts);
  const all = payloads.flat();
  const totalSamples = all.reduce((n, p) => n + p.samples, 0);
  const gzBytes = all.reduce((n, p) => n + p.body.length, 0);
  const rawBytes = all.reduce((n, p) => n + p.rawBytes, 0);
  const perHost = hostTemplates('h', 'dc');
  process.stdout.write(
    `payloads: ${concurrency} streams × ${batchesPerStream} batches × ${linesPerBatch} lines = ` +
      `${(totalSamples / 1e6).toFixed(1)} M samples (${(totalSamples / all.length).toFixed(0)} per batch), ` +
      `${hosts} hosts × ${perHost.length} line series = ${hosts * perHost.length} line series, ` +
      `${hosts * perHost.reduce((n, t) => n + t.fields.length, 0)} series (one per field); ` +
      `gzip ${(gzBytes / all.length / 1024).toFixed(0)} KiB/batch (raw ${(rawBytes / all.length / 1024).toFixed(0)} KiB); ` +
      `${rounds} rounds ${opts.stepMs} ms apart from ${new Date(opts.startMs).toISOString()}; built in ${((performance.now() - tg) / 1000).toFixed(1)} s\n`,
  );

  stopChildrenOnExit();
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-bench-ingest-'));
  const rows: Row[] = [];
  const durationMs = durationSec * 1000;
  try {
    if (only !== 'victoria-metrics') {
      const hp = await startHostpulse(cli, values['node-arg'], values.set, dir);
      rows.push(await measure(hp, payloads, warmup, durationMs));
      await hp.child.stop(10_000);
    }
    if (only !== 'hostpulse') {
      if (existsSync(VICTORIA)) {
        const vm = await startVictoria(dir);
        rows.push(await measure(vm, payloads, warmup, durationMs));
        await vm.child.stop();
      } else {
        process.stdout.write('SKIP: victoria-metrics not installed (apt-get install victoria-metrics)\n');
      }
    }
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  report(rows, { concurrency, durationSec, linesPerBatch });
}

function report(
  rows: Row[],
  ctx: {
    concurrency: number;
    durationSec: number;
    linesPerBatch: number;
  },
): void {
  const rate = (r: Row) => r.load.acceptedSamples / r.load.wallSec;
  const storedOk = (r: Row) => r.verification.stored === r.verification.expected;
  const cpuPerM = (r: Row) => r.agent.cpuSec / (r.load.acceptedSamples / 1e6);
  /** With the CPU spent after the window on what it left behind (hostpulse's hot log). */
  const cpuPerMAll = (r: Row) => (r.agent.cpuSec + (r.settle?.cpuSec ?? 0)) / (r.load.acceptedSamples / 1e6);
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
  const table = formatTable(
    [
      'target',
      'samples/s',
      'lines/s',
      'req',
      'non-2xx',
      'p50 ms',
      'p99 ms',
      'agent CPU %',
      'CPU s/M samples',
      'RSS MiB (max)',
      'stored',
    ],
    rows.map((r) => [
      r.target,
      Math.round(rate(r)).toLocaleString('en-US'),
      Math.round(r.load.acceptedLines / r.load.wallSec).toLocaleString('en-US'),
      String(r.load.requests),
      String(r.load.requests - r.load.okRequests),
      percentile(r.load.latenciesMs, 50).toFixed(0),
      percentile(r.load.latenciesMs, 99).toFixed(0),
      r.agent.cpuPercent.toFixed(0),
      cpuPerM(r).toFixed(2),
      `${mib(r.agent.rssSteadyBytes)} (${mib(r.agent.rssMaxBytes)})`,
      storedOk(r) ? 'yes' : 'NO',
    ]),
  );
  process.stdout.write(
    `\n${ctx.concurrency} connections, gzip'd batches of ${ctx.linesPerBatch} lines, ` +
      `${ctx.durationSec} s window per target (after an untimed warm-up), one target at a time; ` +
      `the generator shares the 2 cores\n\n${table}\n\n`,
  );
  for (const r of rows) {
    const fails = [...r.load.failures].map(([s, n]) => `${n}× HTTP ${s}`).join(', ');
    process.stdout.write(
      `${r.target}: window ${r.load.wallSec.toFixed(1)} s` +
        `${r.load.exhaustedStreams > 0 ? ` (${r.load.exhaustedStreams} of ${ctx.concurrency} streams sent all their batches before the deadline; --batches N for a longer window)` : ''}; ` +
        `warm-up ${r.warm.requests} req in ${r.warm.sec.toFixed(1)} s${r.warm.failures ? ` (${r.warm.failures} non-2xx)` : ''}; ` +
        `agent CPU main thread ${r.agent.cpuPercentMainThread.toFixed(0)} %, other threads ${r.agent.cpuPercentOtherThreads.toFixed(0)} %; ` +
        `generator CPU ${r.load.generatorCpuPercent.toFixed(0)} %, other processes ${r.othersCpuPercent.toFixed(0)} %\n` +
        `  stored: ${r.verification.stored} of ${r.verification.expected} acknowledged samples ` +
        `(${r.verification.detail}); +${r.verification.series} series\n` +
        (r.settle
          ? `  backlog: folding the ${r.settle.backlog} samples left in the hot log took ${r.settle.cpuSec.toFixed(2)} CPU s ` +
            `over ${r.settle.sec.toFixed(0)} s (${r.settle.left} left; the agent's own ticks included): ` +
            `${cpuPerMAll(r).toFixed(2)} CPU s per million samples with it\n`
          : '') +
        (fails ? `  non-2xx: ${fails}\n${r.load.failureSamples.map((s) => `    ${s}\n`).join('')}` : ''),
    );
  }
  if (rows.some((r) => r.othersCpuPercent > 20))
    process.stdout.write(
      'note: other processes used more than 20 % of a core during a window: compare the ratio, not absolute figures\n',
    );

  const summary: Record<string, number | string | boolean> = {};
  for (const r of rows) {
    const k = r.target === 'hostpulse' ? 'hostpulse' : 'vm';
    summary[`${k}_samples_per_sec`] = Math.round(rate(r));
    summary[`${k}_p50_ms`] = Number(percentile(r.load.latenciesMs, 50).toFixed(1));
    summary[`${k}_p99_ms`] = Number(percentile(r.load.latenciesMs, 99).toFixed(1));
    summary[`${k}_non_2xx`] = r.load.requests - r.load.okRequests;
    summary[`${k}_cpu_percent`] = Number(r.agent.cpuPercent.toFixed(1));
    summary[`${k}_cpu_sec_per_m_samples`] = Number(cpuPerM(r).toFixed(3));
    if (r.settle) summary[`${k}_cpu_sec_per_m_samples_with_backlog`] = Number(cpuPerMAll(r).toFixed(3));
    summary[`${k}_others_cpu_percent`] = Number(r.othersCpuPercent.toFixed(1));
    summary[`${k}_rss_max_mib`] = Number(mib(r.agent.rssMaxBytes));
    summary[`${k}_stored_verified`] = storedOk(r);
  }
  const hp = rows.find((r) => r.target === 'hostpulse');
  const vm = rows.find((r) => r.target === 'victoria-metrics');
  if (hp) {
    const ok = storedOk(hp) && rate(hp) >= GOAL_SAMPLES_PER_SEC;
    process.stdout.write(
      `\nhostpulse: ${Math.round(rate(hp)).toLocaleString('en-US')} samples/s stored ` +
        `(goal ≥ ${GOAL_SAMPLES_PER_SEC.toLocaleString('en-US')}${storedOk(hp) ? '' : ', and every acknowledged sample stored'}): ${ok ? 'PASS' : 'MISS'}\n`,
    );
    summary.goal_samples_per_sec = ok ? 'PASS' : 'MISS';
  }
  if (hp && vm) {
    const ratio = rate(hp) / rate(vm);
    const cpuRatio = cpuPerM(hp) / cpuPerM(vm);
    const ok = ratio >= GOAL_RATIO && storedOk(hp);
    process.stdout.write(
      `hostpulse / victoria-metrics: samples/s ${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO}: ${ok ? 'PASS' : 'MISS'}); ` +
        `CPU per million samples ${cpuRatio.toFixed(2)}× VictoriaMetrics'\n`,
    );
    summary.ratio_samples_per_sec = Number(ratio.toFixed(3));
    summary.ratio_cpu_per_m_samples = Number(cpuRatio.toFixed(3));
    summary.goal_ratio = ok ? 'PASS' : 'MISS';
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

const job = workerData as WorkerJob | undefined;
if (!isMainThread && job?.kind === 'bench-ingest-payloads') {
  const res = buildStreams(job);
  parentPort?.postMessage(
    res,
    res.flatMap((r) => r.payloads.map((p) => p.body.buffer as ArrayBuffer)),
  );
} else if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch(async (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await stopAll();
    process.exit(1);
  });
}
