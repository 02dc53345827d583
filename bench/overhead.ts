// Overhead of the agent at 1 Hz: CPU share of one core and RSS of a running hostpulse, measured
// the way top would (utime+stime and VmRSS from procfs), next to node_exporter and Glances when
// they are installed. Each agent is polled once a second like a dashboard or a scraper would, so
// every one does its real per-second work. Prints figures; never fails on them.
//
//   node --import tsx bench/overhead.ts [--seconds 60] [--warmup 120]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Child, startChild, stopAll, stopChildrenOnExit, waitForHttp } from './lib/child.js';
import { type ProcessFigures, ProcessMeter } from './lib/meter.js';
import { AGENT_NODE_FLAGS } from './lib/node-flags.js';
import { freePort } from './lib/ports.js';
import { clockTicksPerSecond, type MachineTicks, readMachineTicks } from './lib/procfs.js';
import { median } from './lib/stats.js';
import { formatTable } from './lib/table.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist', 'cli.js');
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const GLANCES = '/usr/bin/glances';
const HOST = '127.0.0.1';
const MIB = 1024 * 1024;
// The issue's budget at 1 Hz. "80 MB" is read as 80 MiB, the unit of top, ps and systemd's MemoryMax=80M.
const BUDGET_CPU_PERCENT = 0.5;
const BUDGET_RSS_BYTES = 80 * MIB;
const START_TIMEOUT_MS = 20_000;
const POLL_TIMEOUT_MS = 900;

interface Subject {
  name: string;
  child: Child;
  meter: ProcessMeter;
  /** URL polled once a second. */
  pollUrl: string;
  pollPath: string;
  polls: { ok: number; failed: number; ms: number[]; bytes: number[] };
}

interface Skip {
  name: string;
  reason: string;
}

function usage(): never {
  process.stdout.write(
    'usage: node --import tsx bench/overhead.ts [--seconds N] [--warmup N]\n' +
      '  --seconds N   measurement window (default 60)\n' +
      '  --warmup N    seconds between "listening" and the window (default 120: V8 still compiles hot\n' +
      '                functions for ~2 min at 1 Hz; --warmup 30 shows that start-up)\n' +
      '  --cli PATH    hostpulse entry point to measure (default dist/cli.js), e.g. a prototype build\n' +
      '  --node-arg A  pass A to the node running hostpulse (repeatable; default the flags npm start\n' +
      '                and the hostpulse bin run with: --min-semi-space-size=2 --max-semi-space-size=4\n' +
      '                --single-threaded-gc --v8-pool-size=1)\n' +
      '  --poll-path P what hostpulse is polled on once a second (default /metrics/latest, a dashboard\n' +
      '                polling the JSON view; /metrics is a Prometheus scrape every second)\n' +
      '  --no-poll     do not poll the agents: the cost of ticking alone\n' +
      '  --no-peers    measure hostpulse only (no node_exporter, no Glances)\n',
  );
  process.exit(0);
}

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, got "${raw}"`);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function poll(s: Subject, measured: boolean): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await fetch(s.pollUrl, { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) });
    const body = await res.arrayBuffer();
    if (!measured) return;
    if (res.ok) {
      s.polls.ok++;
      s.polls.ms.push(performance.now() - t0);
      s.polls.bytes.push(body.byteLength);
    } else s.polls.failed++;
  } catch {
    if (measured) s.polls.failed++;
  }
}

/** GET /metrics if the agent serves it (the Prometheus scrape), else the JSON a dashboard reads. */
async function startHostpulse(
  cli: string,
  nodeArgs: readonly string[],
  dir: string,
  pollPathOpt: string | undefined,
): Promise<Subject> {
  const port = await freePort(HOST);
  // NODE_OPTIONS is dropped so the agent runs as a service would, without whatever loader the
  // bench itself was started with.
  const { NODE_OPTIONS: _drop, ...env } = process.env;
  const child = startChild({
    name: 'hostpulse',
    command: process.execPath,
    args: [
      ...nodeArgs,
      cli,
      'run',
      '--listen-host',
      HOST,
      '--listen-port',
      String(port),
      '--interval',
      '1',
      '--csv-dir',
      join(dir, 'csv'),
      '--data-dir',
      join(dir, 'data'),
      '--log-file',
      '',
    ],
    cwd: dir,
    env,
  });
  const m = await child.waitForLine(/listening on (https?:\/\/[^\s"]+)/, START_TIMEOUT_MS);
  const base = m[1];
  await waitForHttp(`${base}/health`, child, START_TIMEOUT_MS);
  const pollPath = pollPathOpt ?? '/metrics/latest';
  return subject('hostpulse', child, base, pollPath);
}

async function startNodeExporter(): Promise<Subject | Skip> {
  const name = 'node_exporter';
  if (!existsSync(NODE_EXPORTER)) {
    return {
      name,
      reason: 'prometheus-node-exporter not installed (apt-get install prometheus-node-exporter)',
    };
  }
  const port = await freePort(HOST);
  const child = startChild({ name, command: NODE_EXPORTER, args: [`--web.listen-address=${HOST}:${port}`] });
  const base = `http://${HOST}:${port}`;
  await waitForHttp(`${base}/metrics`, child, START_TIMEOUT_MS);
  return subject(name, child, base, '/metrics');
}

async function startGlances(dir: string): Promise<Subject | Skip> {
  const name = 'glances';
  if (!existsSync(GLANCES))
    return { name, reason: 'glances not installed (apt-get install glances python3-bottle)' };
  const port = await freePort(HOST);
  // REST API only, refreshed every second: /api/3/all is what its web UI polls.
  const child = startChild({
    name,
    command: GLANCES,
    args: ['-w', '--disable-webui', '-B', HOST, '-p', String(port), '-t', '1'],
    cwd: dir,
    env: { ...process.env, HOME: dir },
  });
  const base = `http://${HOST}:${port}`;
  try {
    await waitForHttp(`${base}/api/3/all`, child, START_TIMEOUT_MS);
  } catch (err) {
    await child.stop();
    const why = /bottle/i.test(child.tail())
      ? 'glances web server mode needs python3-bottle (apt-get install python3-bottle)'
      : `glances did not start: ${(err as Error).message.split('\n')[0]}`;
    return { name, reason: why };
  }
  return subject(name, child, base, '/api/3/all');
}

function subject(name: string, child: Child, base: string, pollPath: string): Subject {
  return {
    name,
    child,
    meter: new ProcessMeter(child.pid),
    pollUrl: `${base}${pollPath}`,
    pollPath,
    polls: { ok: 0, failed: 0, ms: [], bytes: [] },
  };
}

interface TickerHealth {
  ticks: number;
  skipped: number;
}

/** The agent's own tick counters, to show it really ticked at 1 Hz during the window. */
async function hostpulseTicker(s: Subject): Promise<TickerHealth | null> {
  try {
    const res = await fetch(new URL('/api/health', s.pollUrl), { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { ticker?: Partial<TickerHealth> };
    const t = body.ticker;
    return typeof t?.ticks === 'number' && typeof t.skipped === 'number'
      ? { ticks: t.ticks, skipped: t.skipped }
      : null;
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m ? m[1] : 'unknown OS';
  } catch {
    return 'unknown OS';
  }
}

const mib = (b: number | null) => (b === null || Number.isNaN(b) ? '-' : (b / MIB).toFixed(1));
const round = (x: number, d: number) => Number(x.toFixed(d));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '120' },
      cli: { type: 'string', default: CLI },
      // What `npm start` and the hostpulse bin (its shebang) run with.
      'node-arg': {
        type: 'string',
        multiple: true,
        default: [...AGENT_NODE_FLAGS],
      },
      'poll-path': { type: 'string' },
      'no-poll': { type: 'boolean', default: false },
      'no-peers': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) usage();
  const seconds = Math.round(positive('seconds', values.seconds));
  const warmupSec = positive('warmup', values.warmup);

  const cli = values.cli;
  const pollEnabled = !values['no-poll'];
  if (!existsSync(cli)) {
    const hint = cli === CLI ? 'run `npm run build` first' : 'check --cli';
    process.stderr.write(`bench/overhead: ${cli} not found: ${hint}\n`);
    process.exitCode = 2;
    return;
  }
  const tck = clockTicksPerSecond();
  stopChildrenOnExit();
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-bench-'));
  // Ctrl-C exits from the signal handler, past the finally below.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  try {
    const hp = await startHostpulse(cli, values['node-arg'], dir, values['poll-path']);
    const subjects: Subject[] = [hp];
    const skips: Skip[] = [];
    if (!values['no-peers']) {
      for (const other of [await startNodeExporter(), await startGlances(dir)]) {
        if ('child' in other) subjects.push(other);
        else skips.push(other);
      }
    }
    for (const s of skips) process.stdout.write(`SKIP: ${s.reason}\n`);

    process.stdout.write(
      `warming up ${warmupSec} s, then measuring ${seconds} s: ` +
        `${subjects.map((s) => `${s.name} (pid ${s.child.pid}${pollEnabled ? `, GET ${s.pollPath}` : ''})`).join(', ')}\n`,
    );
    // Polled during the warm-up too, so first-request costs (route compilation, JIT, connection
    // set-up) land outside the window.
    const warmEnd = performance.now() + warmupSec * 1000;
    while (performance.now() < warmEnd) {
      if (pollEnabled) await Promise.all(subjects.map((s) => poll(s, false)));
      await sleep(Math.min(1000, warmEnd - performance.now()));
    }

    const tickerBefore = await hostpulseTicker(hp);
    for (const s of subjects) s.meter.begin();
    const machine0 = readMachineTicks();
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < seconds; k++) {
      await sleep(t0 + k * 1000 - performance.now());
      if (pollEnabled) await Promise.all(subjects.map((s) => poll(s, true)));
      for (const s of subjects) {
        if (s.child.exited()) throw new Error(`${s.name} exited during the window:\n${s.child.tail()}`);
        s.meter.sample();
      }
    }
    await sleep(t0 + seconds * 1000 - performance.now());
    const figures = new Map<string, ProcessFigures>();
    for (const s of subjects) figures.set(s.name, s.meter.end());
    const machine1 = readMachineTicks();
    const selfUs = process.cpuUsage(self0);
    const machine = machineLoad(
      machine0,
      machine1,
      (selfUs.user + selfUs.system) / 1e6,
      figures,
      tck,
      seconds,
    );
    const tickerAfter = await hostpulseTicker(hp);
    await stopAll();

    report({
      seconds,
      warmupSec,
      tck,
      cli,
      nodeArgs: values['node-arg'],
      pollEnabled,
      subjects,
      skips,
      figures,
      tickerBefore,
      tickerAfter,
      machine,
    });
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ReportInput {
  seconds: number;
  warmupSec: number;
  tck: number;
  cli: string;
  nodeArgs: readonly string[];
  pollEnabled: boolean;
  subjects: Subject[];
  skips: Skip[];
  figures: Map<string, ProcessFigures>;
  tickerBefore: TickerHealth | null;
  tickerAfter: TickerHealth | null;
  machine: MachineLoad;
}

interface MachineLoad {
  /** Busy share of all CPUs together, %. */
  busyPercent: number;
  /** CPU used by processes other than the agents and this bench, % of one core. */
  othersPercentOfCore: number;
}

/** How busy the rest of the machine was: per-process CPU time rises under contention. */
function machineLoad(
  a: MachineTicks,
  b: MachineTicks,
  benchCpuSec: number,
  figures: Map<string, ProcessFigures>,
  tck: number,
  seconds: number,
): MachineLoad {
  const busySec = (b.busy - a.busy) / tck;
  const agentsSec = [...figures.values()].reduce((sum, f) => sum + f.cpuSec, 0);
  return {
    busyPercent: b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * 100 : Number.NaN,
    othersPercentOfCore: Math.max(0, ((busySec - agentsSec - benchCpuSec) / seconds) * 100),
  };
}

function report(r: ReportInput): void {
  const cpu = cpus();
  const out: string[] = [];
  out.push('');
  out.push(
    `overhead at 1 Hz: ${r.seconds} s window after ${r.warmupSec} s warm-up; ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, ` +
      `${osName()}, Node ${process.version}, CLK_TCK ${r.tck}`,
  );
  if (r.cli !== CLI || r.nodeArgs.length > 0) out.push(`hostpulse: node ${[...r.nodeArgs, r.cli].join(' ')}`);
  out.push('');
  const rows = r.subjects.map((s) => {
    const f = r.figures.get(s.name) as ProcessFigures;
    return [
      s.name,
      r.pollEnabled ? `GET ${s.pollPath}` : 'not polled',
      String(f.pid),
      `${s.polls.ok}/${s.polls.ok + s.polls.failed}`,
      s.polls.ms.length ? median(s.polls.ms).toFixed(1) : '-',
      s.polls.bytes.length ? (median(s.polls.bytes) / 1024).toFixed(1) : '-',
      f.cpuSec.toFixed(2),
      f.cpuPercent.toFixed(3),
      mib(f.rssSteadyBytes),
      mib(f.rssMaxBytes),
      mib(f.rssPeakBytes),
    ];
  });
  out.push(
    formatTable(
      [
        'agent',
        'polled (1/s)',
        'pid',
        'ok',
        'p50 ms',
        'KiB',
        'CPU s',
        '% core',
        'RSS steady MiB',
        'RSS max MiB',
        'VmHWM MiB',
      ],
      rows,
      2,
    ),
  );
  out.push('');
  out.push(
    'CPU s: utime+stime in the window; % core: CPU s / wall s; RSS steady: median of the last half of',
  );
  out.push(
    'the 1 s samples; RSS max: largest sample in the window; VmHWM: peak since start, start-up included.',
  );

  const ticks =
    r.tickerBefore && r.tickerAfter
      ? {
          ticks: r.tickerAfter.ticks - r.tickerBefore.ticks,
          skipped: r.tickerAfter.skipped - r.tickerBefore.skipped,
        }
      : null;
  if (ticks) out.push(`hostpulse ticks in the window: ${ticks.ticks} (skipped ${ticks.skipped})`);
  for (const s of r.subjects) {
    const f = r.figures.get(s.name) as ProcessFigures;
    const [h1, h2] = f.cpuPercentHalves;
    out.push(
      `${s.name}: % core by half of the window ${h1.toFixed(3)} → ${h2.toFixed(3)}; ` +
        `main thread ${f.cpuPercentMainThread.toFixed(3)}, other threads ${f.cpuPercentOtherThreads.toFixed(3)}`,
    );
    // Node's JIT and caches settle over ~30 s: a first half well above the second means start-up leaked in.
    if (h1 - h2 >= 0.1 && h1 > 1.5 * h2) {
      out.push(
        `  note: ${s.name} was still warming up in the first half; --warmup 30 measures the steady state`,
      );
    }
  }

  const hp = r.figures.get('hostpulse') as ProcessFigures;
  const ratios: Record<string, { cpu: number; rss: number }> = {};
  for (const s of r.subjects) {
    if (s.name === 'hostpulse') continue;
    const f = r.figures.get(s.name) as ProcessFigures;
    ratios[s.name] = { cpu: hp.cpuSec / f.cpuSec, rss: hp.rssSteadyBytes / f.rssSteadyBytes };
    out.push(
      `hostpulse / ${s.name}: CPU ×${ratios[s.name].cpu.toFixed(2)}, RSS steady ×${ratios[s.name].rss.toFixed(2)}`,
    );
  }
  for (const s of r.skips) out.push(`SKIP: ${s.reason}`);
  out.push(
    `machine: all CPUs ${r.machine.busyPercent.toFixed(1)} % busy in the window; ` +
      `other processes ${r.machine.othersPercentOfCore.toFixed(1)} % of one core`,
  );
  // Shared caches and vCPU scheduling make every process's CPU time grow when the machine is busy.
  if (r.machine.othersPercentOfCore > 10) {
    out.push('  note: the machine was busy; absolute figures run high, ratios from the same run hold better');
  }

  const verdict = (ok: boolean) => (ok ? 'PASS' : 'OVER');
  const budget = {
    cpu_percent: {
      limit: BUDGET_CPU_PERCENT,
      value: round(hp.cpuPercent, 3),
      verdict: verdict(hp.cpuPercent <= BUDGET_CPU_PERCENT),
    },
    rss_steady_mib: {
      limit: BUDGET_RSS_BYTES / MIB,
      value: round(hp.rssSteadyBytes / MIB, 1),
      verdict: verdict(hp.rssSteadyBytes <= BUDGET_RSS_BYTES),
    },
    rss_max_mib: {
      limit: BUDGET_RSS_BYTES / MIB,
      value: round(hp.rssMaxBytes / MIB, 1),
      verdict: verdict(hp.rssMaxBytes <= BUDGET_RSS_BYTES),
    },
  };
  out.push('');
  out.push(
    `budget CPU ≤ ${BUDGET_CPU_PERCENT} % of one core: ${budget.cpu_percent.value} % ${budget.cpu_percent.verdict}`,
  );
  out.push(
    `budget RSS ≤ 80 MiB: steady ${budget.rss_steady_mib.value} MiB ${budget.rss_steady_mib.verdict}, ` +
      `max ${budget.rss_max_mib.value} MiB ${budget.rss_max_mib.verdict}`,
  );

  const agents: Record<string, unknown> = {};
  for (const s of r.subjects) {
    const f = r.figures.get(s.name) as ProcessFigures;
    agents[s.name] = {
      polled: r.pollEnabled ? s.pollPath : null,
      polls_ok: s.polls.ok,
      polls_failed: s.polls.failed,
      poll_p50_ms: s.polls.ms.length ? round(median(s.polls.ms), 2) : null,
      cpu_sec: round(f.cpuSec, 2),
      cpu_percent: round(f.cpuPercent, 3),
      cpu_percent_halves: f.cpuPercentHalves.map((x) => round(x, 3)),
      cpu_percent_main_thread: round(f.cpuPercentMainThread, 3),
      cpu_percent_other_threads: round(f.cpuPercentOtherThreads, 3),
      rss_steady_mib: round(f.rssSteadyBytes / MIB, 1),
      rss_max_mib: round(f.rssMaxBytes / MIB, 1),
      vmhwm_mib: f.rssPeakBytes === null ? null : round(f.rssPeakBytes / MIB, 1),
    };
  }
  const summary = {
    bench: 'overhead',
    interval_sec: 1,
    seconds: r.seconds,
    warmup_sec: r.warmupSec,
    node_args: r.nodeArgs,
    cli: relative(REPO, r.cli).startsWith('..') ? r.cli : relative(REPO, r.cli),
    cores: cpu.length,
    node: process.version,
    agents,
    hostpulse_ticks: ticks,
    ratios: Object.fromEntries(
      Object.entries(ratios).map(([k, v]) => [k, { cpu: round(v.cpu, 2), rss: round(v.rss, 2) }]),
    ),
    skipped: r.skips.map((s) => s.name),
    machine: {
      busy_percent: round(r.machine.busyPercent, 1),
      others_percent_of_core: round(r.machine.othersPercentOfCore, 1),
    },
    budget,
  };
  out.push('');
  out.push(JSON.stringify(summary));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`bench/overhead: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll();
  process.exitCode = 1;
});
