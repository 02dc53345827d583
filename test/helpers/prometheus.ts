// A real Prometheus (Debian package) on a free loopback port with a temporary data dir, for tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMETHEUS_SKIP = existsSync(PROMETHEUS)
  ? false
  : 'SKIP: prometheus not installed (Debian package prometheus)';

export interface RunningPrometheus {
  proc: ChildProcess;
  url: string;
  /** What it wrote to stderr so far (for failure messages). */
  log(): string;
  /** SIGTERM, SIGKILL after 5 s; removes the data dir. */
  stop(): Promise<void>;
}

/** Starts Prometheus on `port` with `config` (YAML lines). */
export function startPrometheus(port: number, config: string[]): RunningPrometheus {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), `${config.join('\n')}\n`);
  const proc = spawn(PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  let log = '';
  proc.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
