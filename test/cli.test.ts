// The hostpulse command as a user runs it: built CLI (npm test builds first), real processes, signals.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const PKG = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 20_000,
  });
}

/** Starts `hostpulse run` and resolves with its URL once it logs that it listens. */
function startRun(
  args: string[],
  cwd: string,
): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [CLI, 'run', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line in 10 s:\n${out}`)), 10_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /listening on (https?:\/\/[^\s"]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], out: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening:\n${out}`));
    });
  });
}

describe('hostpulse CLI', {
  skip: existsSync(CLI) ? false : 'SKIP: dist/cli.js not built (run npm run build)',
}, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostpulse-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--version and --help', () => {
    const v = cli(['--version'], dir);
    assert.equal(v.status, 0);
    assert.equal(v.stdout.trim(), PKG.version);
    const h = cli(['--help'], dir);
    assert.equal(h.status, 0);
    for (const c of ['run', 'snapshot', 'inventory', 'export', 'check-config'])
      assert.match(h.stdout, new RegExp(`\\b${c}\\b`));
  });

  test('a named config file that is missing stops with a message naming it', () => {
    const r = cli(['run', '--config', 'nope.ini'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /nope\.ini/);
  });

  test('an unknown key stops start-up naming file, line and key', () => {
    writeFileSync(join(dir, 'bad.ini'), '[agent]\nlisten_port = 9000\n\nlisten_prot = 9001\n');
    const r = cli(['run', '--config', 'bad.ini'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.ini:4/);
    assert.match(r.stderr, /listen_prot/);
  });

  test('a bad value stops start-up naming file, line and key', () => {
    writeFileSync(join(dir, 'badval.ini'), '[agent]\ncollect_interval_sec = fast\n');
    const r = cli(['check-config', '--config', 'badval.ini'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /badval\.ini:2/);
    assert.match(r.stderr, /collect_interval_sec/);
  });

  test('check-config prints the effective config with secrets masked; env and flags override the file', () => {
    writeFileSync(
      join(dir, 'ok.ini'),
      '[agent]\nlisten_port = 9000\nlog_level = INFO\n[security]\napi_token = supersecret-token\n',
    );
    const r = cli(['check-config', '--config', 'ok.ini', '--log-level', 'debug'], dir, {
      HOSTPULSE_AGENT_LISTEN_PORT: '9100',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /supersecret-token/);
    assert.match(r.stdout, /api_token\s*=\s*\*{4}/);
    assert.match(r.stdout, /listen_port\s*=\s*9100/);
    assert.match(r.stdout, /log_level\s*=\s*debug/i);
  });

  test('a public bind without a token is refused with how to set one', () => {
    const r = cli(['run', '--listen-host', '0.0.0.0', '--listen-port', '0', '--log-file', ''], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /api_token/);
  });

  test('inventory prints the inventory JSON', () => {
    const r = cli(['inventory'], dir);
    assert.equal(r.status, 0, r.stderr);
    const inv = JSON.parse(r.stdout) as { os_system: string; cpu_logical_cores: number };
    assert.equal(inv.os_system, 'Linux');
    assert.ok(inv.cpu_logical_cores >= 1);
  });

  test('snapshot prints one /system JSON after the warm-up', () => {
    const r = cli(['snapshot', '--interval', '0.3'], dir);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as {
      cpu: { percent: number };
      memory: { total: number };
      collected_at: string;
    };
    assert.ok(s.cpu.percent >= 0 && s.cpu.percent <= 100);
    assert.ok(s.memory.total > 0);
    assert.ok(Math.abs(Date.parse(s.collected_at) - Date.now()) < 10_000);
  });

  test('export writes a range of the store as CSV and JSON', async () => {
    const work = mkdtempSync(join(dir, 'export-'));
    const { child } = await startRun(
      ['--listen-port', '0', '--interval', '0.2', '--log-file', '', '--host-name', 'exp'],
      work,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
    const csv = cli(
      [
        'export',
        '--match',
        'node_load1',
        '--format',
        'csv',
        '-o',
        'out.csv',
        '--from',
        String(Date.now() / 1000 - 60),
      ],
      work,
    );
    assert.equal(csv.status, 0, csv.stderr);
    const lines = readFileSync(join(work, 'out.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'series,name,labels,ts_unix,ts_iso,value');
    assert.ok(lines.length >= 5, `only ${lines.length - 1} rows`);
    assert.match(
      lines[1],
      /^"node_load1\{host=""exp""\}",node_load1,"\{""host"":""exp""\}",\d+(\.\d+)?,\d{4}-/,
    );
    assert.match(csv.stderr, /exported \d+ samples to out\.csv/);
    const json = cli(
      ['export', '--match', 'hostpulse_cpu_usage_percent{cpu="total"}', '--format', 'json'],
      work,
    );
    assert.equal(json.status, 0, json.stderr);
    const series = JSON.parse(json.stdout) as {
      name: string;
      labels: Record<string, string>;
      points: [number, number][];
    }[];
    assert.equal(series.length, 1);
    assert.deepEqual(series[0].labels, { cpu: 'total', host: 'exp' });
    assert.ok(series[0].points.length >= 4);
    for (const [, v] of series[0].points) assert.ok(v >= 0 && v <= 100);
    const bad = cli(['export', '--from', 'yesterday'], work);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /from must be unix seconds or an RFC 3339 time/);
  });

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    test(`run: ${sig} stops ticking, flushes CSV and exits 0 within 2 s`, async () => {
      const work = mkdtempSync(join(dir, 'run-'));
      const { child, url } = await startRun(
        ['--listen-port', '0', '--interval', '0.2', '--log-file', 'agent.log', '--csv-dir', 'csv'],
        work,
      );
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      await new Promise((r) => setTimeout(r, 700));
      const t0 = Date.now();
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill(sig);
      const code = await exited;
      const took = Date.now() - t0;
      assert.equal(code, 0);
      assert.ok(took < 2000, `took ${took} ms`);
      const files = readdirSync(join(work, 'csv'));
      assert.equal(files.length, 1);
      assert.match(files[0], /^metrics-\d{4}-\d\d-\d\d\.csv$/);
      const lines = readFileSync(join(work, 'csv', files[0]), 'utf8')
        .trim()
        .split('\n');
      assert.equal(
        lines[0],
        'ts_iso,host,cpu_total,cpu_per_core,mem_percent,mem_total,mem_used,swap_percent,swap_total,swap_used,freq_mhz',
      );
      assert.ok(lines.length >= 3, `only ${lines.length - 1} rows`);
      const log = readFileSync(join(work, 'agent.log'), 'utf8');
      assert.match(log, /hostpulse stopped/);
    });
  }
});
