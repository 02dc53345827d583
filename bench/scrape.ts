// Scrape cost: wrk -t1 -c4 -d10s against hostpulse's /metrics and node_exporter's, one after the
// other in the same run, plain and with Accept-Encoding: gzip (what Prometheus sends). Prints
// requests/s, p99 latency and the agent's CPU per scrape (utime+stime over the wrk window /
// requests), with ratios. Prints figures; never fails on them.
//
//   npm run build && node --import tsx bench/scrape.ts [--duration 10]
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Child, startChild, stopAll, stopChildrenOnExit, waitForHttp } from './lib/child.js';
import { ProcessMeter } from './lib/meter.js';
import { freePort } from './lib/ports.js';
import { formatTable } from './lib/table.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist', 'cli.js');
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const WRK = '/usr/bin/wrk';

interface WrkResult {
  requests: number;
  rps: number;
  p99Ms: number;
  bytesPerReq: number;
}

/** Parses wrk --latency output. */
function parseWrk(out: string): WrkResult {
  const unit = (v: string, u: string) =>
    Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 }[u] ?? Number.NaN);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(out);
  const total = /^\s*(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/m.exec(out);
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  if (!p99 || !total || !rps) throw new Error(`cannot parse wrk output:\n${out}`);
  const bytes = Number(total[2]) * { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[total[3] as 'B'];
  return {
    requests: Number(total[1]),
    rps: Number(rps[1]),
    p99Ms: unit(p99[1], p99[2]),
    bytesPerReq: bytes / Number(total[1]),
  };
}

interface Row {
  target: string;
  encoding: string;
  wrk: WrkResult;
  cpuSec: number;
}

async function runWrk(
  target: string,
  child: Child,
  url: string,
  durationSec: number,
  gzip: boolean,
): Promise<Row> {
  const meter = new ProcessMeter(child.pid);
  meter.begin();
  const args = [
    '-t1',
    '-c4',
    `-d${durationSec}s`,
    '--latency',
    ...(gzip ? ['-H', 'Accept-Encoding: gzip'] : []),
    url,
  ];
  // Asynchronous on purpose: the event loop must keep draining the agents' stdout/stderr pipes,
  // or a chatty agent (Debian's node_exporter logs a systemd error per scrape) blocks on a full pipe.
  const out = await new Promise<string>((resolve, reject) =>
    execFile(WRK, args, { encoding: 'utf8', timeout: (durationSec + 30) * 1000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
  const fig = meter.end();
  return { target, encoding: gzip ? 'gzip' : 'plain', wrk: parseWrk(out), cpuSec: fig.cpuSec };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' } } });
  const duration = Number(values.duration);
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  if (!existsSync(WRK)) {
    process.stdout.write('SKIP: wrk not installed (apt-get install wrk)\n');
    return;
  }
  stopChildrenOnExit();
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-bench-scrape-'));
  const rows: Row[] = [];
  try {
    const hpPort = await freePort();
    const hp = startChild({
      name: 'hostpulse',
      command: process.execPath,
      args: [
        CLI,
        'run',
        '--listen-host',
        '127.0.0.1',
        '--listen-port',
        String(hpPort),
        '--interval',
        '1',
        '--log-file',
        '',
        '--log-level',
        'warn',
        '--csv-dir',
        join(dir, 'csv'),
        '--data-dir',
        join(dir, 'data'),
      ],
    });
    const hpUrl = `http://127.0.0.1:${hpPort}/metrics`;
    await waitForHttp(hpUrl, hp, 20_000);
    await new Promise((r) => setTimeout(r, 3000));
    for (const gzip of [false, true]) rows.push(await runWrk('hostpulse', hp, hpUrl, duration, gzip));
    await hp.stop();

    if (existsSync(NODE_EXPORTER)) {
      const nePort = await freePort();
      const ne = startChild({
        name: 'node_exporter',
        command: NODE_EXPORTER,
        args: [`--web.listen-address=127.0.0.1:${nePort}`],
      });
      const neUrl = `http://127.0.0.1:${nePort}/metrics`;
      await waitForHttp(neUrl, ne, 20_000);
      await new Promise((r) => setTimeout(r, 1000));
      for (const gzip of [false, true]) rows.push(await runWrk('node_exporter', ne, neUrl, duration, gzip));
      await ne.stop();
    } else {
      process.stdout.write(
        'SKIP: prometheus-node-exporter not installed (apt-get install prometheus-node-exporter)\n',
      );
    }
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }

  const table = formatTable(
    ['target', 'encoding', 'req/s', 'p99 ms', 'KiB/resp', 'agent CPU s', 'CPU ms/scrape'],
    rows.map((r) => [
      r.target,
      r.encoding,
      r.wrk.rps.toFixed(0),
      r.wrk.p99Ms.toFixed(2),
      (r.wrk.bytesPerReq / 1024).toFixed(1),
      r.cpuSec.toFixed(2),
      ((r.cpuSec / r.wrk.requests) * 1000).toFixed(3),
    ]),
    2,
  );
  process.stdout.write(
    `\nwrk -t1 -c4 -d${duration}s, one target at a time (2-core machine: wrk shares it)\n\n${table}\n\n`,
  );
  const summary: Record<string, number> = {};
  for (const enc of ['plain', 'gzip']) {
    const hp = rows.find((r) => r.target === 'hostpulse' && r.encoding === enc);
    const ne = rows.find((r) => r.target === 'node_exporter' && r.encoding === enc);
    if (!hp || !ne) continue;
    const rpsRatio = hp.wrk.rps / ne.wrk.rps;
    const cpuRatio = hp.cpuSec / hp.wrk.requests / (ne.cpuSec / ne.wrk.requests);
    summary[`${enc}_rps_ratio`] = Number(rpsRatio.toFixed(2));
    summary[`${enc}_cpu_per_scrape_ratio`] = Number(cpuRatio.toFixed(4));
    process.stdout.write(
      `${enc}: hostpulse/node_exporter requests/s = ${rpsRatio.toFixed(1)}× (goal ≥ 5×: ${rpsRatio >= 5 ? 'PASS' : 'MISS'}); ` +
        `CPU per scrape = ${cpuRatio.toFixed(3)} (goal ≤ 0.1: ${cpuRatio <= 0.1 ? 'PASS' : 'MISS'})\n`,
    );
  }
  for (const r of rows) {
    summary[`${r.target}_${r.encoding}_rps`] = Math.round(r.wrk.rps);
    summary[`${r.target}_${r.encoding}_p99_ms`] = Number(r.wrk.p99Ms.toFixed(2));
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
