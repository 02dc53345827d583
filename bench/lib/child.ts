// Starting and stopping the processes a bench measures. Every child is registered so a
// bench that fails or is interrupted still stops each one by pid: SIGTERM, then SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';

export interface StartOptions {
  /** Shown in messages, e.g. "hostpulse". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly proc: ChildProcess;
  /** Whether the process has exited. */
  exited(): boolean;
  /** The last lines the child printed (stdout and stderr), for error messages. */
  tail(): string;
  /** Resolves with the first output line matching `re`; rejects if the child exits or time runs out. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 40;
const live = new Set<Child>();

export function startChild(opts: StartOptions): Child {
  // Output is piped and drained so a chatty child never blocks on a full pipe.
  const proc = spawn(opts.command, [...opts.args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${opts.name}: could not start ${opts.command}`);
  const pid = proc.pid;
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let exitInfo: string | null = null;
  const exitedP = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      live.delete(child);
      resolve();
    });
    proc.once('error', (err) => {
      exitInfo = `error ${err.message}`;
      live.delete(child);
      resolve();
    });
  });

  const onData = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        for (const w of watchers) w(line);
      }
    });
  };
  if (proc.stdout) onData(proc.stdout);
  if (proc.stderr) onData(proc.stderr);

  const child: Child = {
    name: opts.name,
    pid,
    proc,
    exited: () => exitInfo !== null,
    tail: () => lines.join('\n'),
    waitForLine(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        for (const line of lines) {
          const m = re.exec(line);
          if (m) return resolve(m);
        }
        const done = () => {
          watchers.delete(watch);
          clearTimeout(timer);
        };
        const watch = (line: string) => {
          const m = re.exec(line);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`${opts.name} printed no line matching ${re} within ${timeoutMs} ms:\n${child.tail()}`),
          );
        }, timeoutMs);
        watchers.add(watch);
        exitedP.then(() => {
          if (!watchers.has(watch)) return;
          done();
          reject(new Error(`${opts.name} exited (${exitInfo}) before printing ${re}:\n${child.tail()}`));
        });
      });
    },
    async stop(graceMs = 3000) {
      if (exitInfo !== null) return;
      signal(pid, 'SIGTERM');
      const timer = setTimeout(() => signal(pid, 'SIGKILL'), graceMs);
      await exitedP;
      clearTimeout(timer);
    },
  };
  live.add(child);
  return child;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** Stops every child still running, all in parallel (each by its own pid). */
export async function stopAll(graceMs = 3000): Promise<void> {
  await Promise.all([...live].map((c) => c.stop(graceMs)));
}

let guarded = false;

/**
 * Makes SIGINT/SIGTERM stop the children before the bench exits, and kills any child left at
 * exit (a synchronous last resort: `exit` handlers cannot wait).
 */
export function stopChildrenOnExit(): void {
  if (guarded) return;
  guarded = true;
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`\n${sig}: stopping children…\n`);
    stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => {
    for (const c of live) signal(c.pid, 'SIGKILL');
  });
}

/** Polls `url` until it answers 2xx; rejects when `child` exits first or time runs out. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`${child.name} exited before ${url} answered:\n${child.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last}):\n${child.tail()}`);
}
