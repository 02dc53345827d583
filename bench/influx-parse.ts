// Throughput of the line protocol parser on a Telegraf-like batch: cpu (per core), mem and disk lines
// with 4-6 tags, 5-10 fields (floats with Telegraf's shortest-repr digits, integers, a boolean now and
// then) and ns timestamps, 5,000 lines per batch as Telegraf's default metric_batch_size would send.
// Deterministic data (seeded). Times are the median of several repetitions after a warm-up. Prints
// figures; never fails on them (the target is ≥ 1.5 M points/s on the 2-core dev VM).
//
//   node --import tsx bench/influx-parse.ts [--lines 5000] [--reps 30]
import { parseArgs } from 'node:util';
import { parseLineProtocol } from '../src/ingest/influx.js';
import { mulberry32 } from './lib/prng.js';
import { median } from './lib/stats.js';

/** A float printed the way Go's strconv 'f', -1 does for a measured ratio: up to 17 significant digits. */
function gauge(rnd: () => number, scale: number): string {
  return String(rnd() * scale);
}

function int(rnd: () => number, scale: number): string {
  return `${Math.floor(rnd() * scale)}i`;
}

export function telegrafBatch(lines: number, seed = 1): string {
  const rnd = mulberry32(seed);
  const hosts = ['web-01', 'web-02', 'db-primary', 'edge-lab'];
  const devices = ['nvme0n1p1', 'nvme0n1p2', 'sda1'];
  const paths = ['/', '/boot', '/var/lib/docker'];
  let ts = 1_700_000_000_000_000_000n;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const host = hosts[i % hosts.length];
    const kind = i % 10;
    if (i % 50 === 0) ts += 10_000_000_000n;
    if (kind < 6) {
      const cpu = kind === 0 ? 'cpu-total' : `cpu${kind - 1}`;
      out.push(
        `cpu,cpu=${cpu},host=${host},region=eu-west-1,env=prod usage_user=${gauge(rnd, 30)},usage_system=${gauge(rnd, 10)},` +
          `usage_idle=${gauge(rnd, 100)},usage_iowait=${gauge(rnd, 2)},usage_irq=0,usage_softirq=${gauge(rnd, 1)},` +
          `usage_steal=0,usage_guest=0,usage_guest_nice=0,usage_nice=${gauge(rnd, 1)} ${ts}`,
      );
    } else if (kind < 8) {
      out.push(
        `mem,host=${host},region=eu-west-1,env=prod,role=app available=${int(rnd, 16e9)},available_percent=${gauge(rnd, 100)},` +
          `buffered=${int(rnd, 1e9)},cached=${int(rnd, 8e9)},free=${int(rnd, 4e9)},total=16777216000i,` +
          `used=${int(rnd, 12e9)},used_percent=${gauge(rnd, 100)} ${ts}`,
      );
    } else {
      const d = i % devices.length;
      out.push(
        `disk,device=${devices[d]},fstype=ext4,host=${host},mode=rw,path=${paths[d]},env=prod free=${int(rnd, 5e11)},` +
          `inodes_free=${int(rnd, 3e7)},inodes_total=32768000i,inodes_used=${int(rnd, 3e6)},total=512110190592i,` +
          `used=${int(rnd, 5e11)},used_percent=${gauge(rnd, 100)},readonly=${rnd() < 0.5 ? 'false' : 'f'} ${ts}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function main(): void {
  const { values: args } = parseArgs({
    options: { lines: { type: 'string', default: '5000' }, reps: { type: 'string', default: '30' } },
  });
  const lines = Number(args.lines);
  const reps = Number(args.reps);
  const body = telegrafBatch(lines);
  const now = Date.now();
  let points = 0;
  for (let i = 0; i < 10; i++) points = parseLineProtocol(body, { now }).points.length;
  const check = parseLineProtocol(body, { now });
  if (check.errors.length > 0)
    throw new Error(`bench batch does not parse: ${JSON.stringify(check.errors[0])}`);
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parseLineProtocol(body, { now });
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  // The best run is the figure least disturbed by other work on a shared 2-core machine; the median
  // (wall and CPU) says how typical it is.
  const best = Math.min(...ms);
  const rate = (n: number, t: number) => `${Math.round((n / t) * 1000).toLocaleString('en-US')}/s`;
  console.log(
    `line protocol parse, ${lines} Telegraf-like lines (${(body.length / 1024).toFixed(0)} KiB), ${points} points, node ${process.version}`,
  );
  console.log(
    `${reps} runs: best ${best.toFixed(2)} ms, median ${median(ms).toFixed(2)} ms wall / ${median(cpu).toFixed(2)} ms CPU per batch`,
  );
  console.log(`  lines:  ${rate(lines, best)} (median ${rate(lines, median(ms))})`);
  console.log(`  points: ${rate(points, best)} (median ${rate(points, median(ms))})`);
  console.log(`  body:   ${((body.length / 1024 / 1024 / best) * 1000).toFixed(0)} MiB/s`);
}

main();
