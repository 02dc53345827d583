#!/usr/bin/env node
// hostpulse command line: run (default), snapshot, inventory, check-config.
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

function fail(err: unknown): never {
  if (err instanceof ConfigError) process.stderr.write(`hostpulse: ${err.message}\n`);
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
