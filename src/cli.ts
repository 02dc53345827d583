#!/usr/bin/env -S node --min-semi-space-size=2 --max-semi-space-size=4 --single-threaded-gc --v8-pool-size=1
// hostpulse command line: run (default), snapshot, inventory, export, check-config.
// The node flags above: a young generation of 2 MiB from the start, so what a tick allocates dies
// there instead of being promoted (a growing old generation, full collections), and at most 4 MiB, so
// a scrape every second does not grow it to V8's 16 MiB default (+25 MiB resident); garbage
// collection on the main thread and one V8 worker, so a 1 Hz agent wakes fewer threads.
import { createWriteStream, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { Command, Option } from 'commander';
import pino from 'pino';
import { startAgent } from './agent.js';
import { readInventory } from './collect/inventory.js';
import { createLinuxCollector } from './collect/linux/host-collector.js';
import { configSummary, describeConfig } from './config/describe.js';
import { loadConfig } from './config/load.js';
import { type Config, ConfigError } from './config/types.js';
import { createLogger } from './log.js';
import { type ExportFormat, exportHistory, progressLine } from './store/history-export.js';
import { parseTime } from './store/time-params.js';
import { QueryError, storeOptions, Tsdb } from './store/tsdb/tsdb.js';
import { VERSION } from './version.js';
import { systemView } from './views/system.js';

type Flags = Record<string, string | undefined>;

interface CommonOpts {
  config?: string;
  listenHost?: string;
  listenPort?: string;
  interval?: string;
  rootPath?: string;
  dataDir?: string;
  csvDir?: string;
  logFile?: string;
  logLevel?: string;
  hostName?: string;
  set?: string[];
}

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'INI config file (without it the built-in defaults run)')
    .option('--listen-host <host>', '[agent] listen_host')
    .option('--listen-port <port>', '[agent] listen_port')
    .option('--interval <seconds>', '[agent] collect_interval_sec')
    .option('--root-path <path>', '[agent] root_path: read /proc and /sys under this root')
    .option('--data-dir <dir>', '[agent] data_dir')
    .option('--csv-dir <dir>', '[agent] csv_dir')
    .option('--log-file <file>', '[agent] log_file ("" for none)')
    .option('--log-level <level>', '[agent] log_level')
    .option('--host-name <name>', '[agent] host_name')
    .addOption(
      new Option(
        '--set <section.key=value...>',
        'set any config key, e.g. --set security.api_token=s3cret',
      ).default([]),
    );
}

function flagsOf(o: CommonOpts): Flags {
  const flags: Flags = {
    'agent.listen_host': o.listenHost,
    'agent.listen_port': o.listenPort,
    'agent.collect_interval_sec': o.interval,
    'agent.root_path': o.rootPath,
    'agent.data_dir': o.dataDir,
    'agent.csv_dir': o.csvDir,
    'agent.log_file': o.logFile,
    'agent.log_level': o.logLevel,
    'agent.host_name': o.hostName,
  };
  for (const kv of o.set ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set expects section.key=value, got "${kv}"`, null, null, kv);
    flags[kv.slice(0, eq).trim().toLowerCase()] = kv.slice(eq + 1);
  }
  return flags;
}

function configFrom(o: CommonOpts): Config {
  return loadConfig({ file: o.config ?? null, env: process.env, flags: flagsOf(o) });
}

/** Logger for commands whose stdout is their JSON output: warnings to stderr only. */
const stderrLogger = () => pino({ level: 'warn' }, pino.destination(2));

async function run(o: CommonOpts): Promise<void> {
  const cfg = configFrom(o);
  const { log, close } = createLogger({ level: cfg.agent.logLevel, file: cfg.agent.logFile || null });
  log.info(`config: ${configSummary(cfg)}`);
  let agent: Awaited<ReturnType<typeof startAgent>>;
  try {
    agent = await startAgent(cfg, log);
  } catch (err) {
    await close();
    throw err;
  }
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal: sig }, 'stopping');
    // A flush that hangs must not keep the process: 2 s is the promise made to service managers.
    setTimeout(() => {
      log.warn('shutdown took longer than 1.8 s; exiting anyway');
      process.exit(1);
    }, 1800).unref();
    agent
      .stop()
      .then(close)
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function snapshot(o: CommonOpts): Promise<void> {
  const cfg = configFrom(o);
  const host = cfg.agent.hostName ?? hostname();
  const collector = createLinuxCollector({ root: cfg.agent.rootPath, host, log: stderrLogger() });
  await collector.collect(Date.now());
  await new Promise((r) => setTimeout(r, Math.max(100, cfg.agent.collectIntervalSec * 1000)));
  const { sample } = await collector.collect(Date.now());
  const inv = readInventory(cfg.agent.rootPath, { hostName: host });
  process.stdout.write(`${JSON.stringify(systemView(sample, inv), null, 2)}\n`);
}

function inventory(o: CommonOpts): void {
  const cfg = configFrom(o);
  const inv = readInventory(cfg.agent.rootPath, { hostName: cfg.agent.hostName ?? hostname() });
  process.stdout.write(`${JSON.stringify(inv, null, 2)}\n`);
}

function checkConfig(o: CommonOpts): void {
  const cfg = configFrom(o);
  process.stdout.write(describeConfig(cfg));
  process.stderr.write(`config OK${cfg.file ? `: ${cfg.file}` : ' (built-in defaults)'}\n`);
}

interface ExportOpts extends CommonOpts {
  from?: string;
  to?: string;
  match?: string;
  format: string;
  output?: string;
}

async function exportCmd(o: ExportOpts): Promise<void> {
  const cfg = configFrom(o);
  if (o.format !== 'csv' && o.format !== 'json')
    throw new ConfigError(`--format must be csv or json, got "${o.format}"`, null, null, 'format');
  const to = o.to === undefined || o.to === 'now' ? Date.now() : parseTime('to', o.to);
  const from = o.from === undefined ? to - 3_600_000 : parseTime('from', o.from);
  if (from > to) throw new ConfigError('--from is after --to', null, null, 'from');
  const opts = storeOptions(cfg.store, cfg.agent.dataDir);
  if (!existsSync(opts.path))
    throw new ConfigError(`no store at ${opts.path} (check data_dir)`, null, null, 'data_dir');
  const db = Tsdb.open(opts);
  const out = o.output ? createWriteStream(o.output) : process.stdout;
  const tty = process.stderr.isTTY === true;
  try {
    const n = await exportHistory(db, out, {
      from,
      to,
      match: o.match,
      format: o.format as ExportFormat,
      progress: tty ? (done, total) => process.stderr.write(progressLine(done, total)) : undefined,
    });
    if (tty) process.stderr.write('\n');
    process.stderr.write(`exported ${n} samples${o.output ? ` to ${o.output}` : ''}\n`);
  } finally {
    db.close();
    if (o.output) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(r));
  }
}

function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof QueryError)
    process.stderr.write(`hostpulse: ${err.message}\n`);
  else
    process.stderr.write(`hostpulse: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
}

export function program(): Command {
  const p = new Command('hostpulse')
    .description('Host telemetry agent and small metrics hub')
    .version(VERSION, '-V, --version');
  withCommonOptions(
    p.command('run', { isDefault: true }).description('collect every interval and serve the API'),
  ).action((o: CommonOpts) => run(o).catch(fail));
  withCommonOptions(
    p.command('snapshot').description('print one /system JSON snapshot after the warm-up'),
  ).action((o: CommonOpts) => snapshot(o).catch(fail));
  withCommonOptions(p.command('inventory').description('print the hardware/OS inventory as JSON')).action(
    (o: CommonOpts) => {
      try {
        inventory(o);
      } catch (err) {
        fail(err);
      }
    },
  );
  withCommonOptions(p.command('export').description('write a time range of the history store as CSV or JSON'))
    .option('--from <time>', 'start: unix seconds or RFC 3339 (default: --to minus 1 hour)')
    .option('--to <time>', 'end: unix seconds, RFC 3339 or now (default: now)')
    .option('--match <selector>', 'series selector, e.g. node_load1 or {host="web1"} (default: every series)')
    .option('--format <csv|json>', 'output format', 'csv')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((o: ExportOpts) => exportCmd(o).catch(fail));
  withCommonOptions(
    p
      .command('check-config')
      .description('validate the config and print the effective values (secrets masked)'),
  ).action((o: CommonOpts) => {
    try {
      checkConfig(o);
    } catch (err) {
      fail(err);
    }
  });
  return p;
}

await program().parseAsync(process.argv);
