// Starts the real agent (real collectors, real fastify on a free loopback port) for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type RunningAgent, startAgent } from '../../src/agent.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';

export const FIXTURE_ROOT = new URL('../fixtures/proc/debian12-vm', import.meta.url).pathname;

export interface TestAgent extends RunningAgent {
  dir: string;
  cfg: Config;
  get(path: string, token?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export function testConfig(flags: Record<string, string> = {}): { cfg: Config; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-test-'));
  const cfg = loadConfig({
    file: null,
    env: {},
    cwd: dir,
    flags: {
      'agent.listen_host': '127.0.0.1',
      'agent.listen_port': '0',
      'agent.log_file': '',
      'agent.log_level': 'silent',
      ...flags,
    },
  });
  return { cfg, dir };
}

export async function startTestAgent(flags: Record<string, string> = {}): Promise<TestAgent> {
  const { cfg, dir } = testConfig(flags);
  const agent = await startAgent(cfg, pino({ level: 'silent' }));
  return {
    ...agent,
    dir,
    cfg,
    get: (path, token, headers = {}) =>
      fetch(agent.url + path, {
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      }),
    async close() {
      await agent.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until /metrics/latest answers 200 (the first tick happened). */
export async function waitForSample(a: TestAgent, token?: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await a.get('/metrics/latest', token);
    await r.arrayBuffer();
    if (r.status === 200) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('no sample within timeout');
}
