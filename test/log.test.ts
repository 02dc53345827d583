import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/log.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'hostpulse-log-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Line {
  level: string;
  msg: string;
  time: string;
  n?: number;
  [k: string]: unknown;
}

const readLines = (path: string): Line[] =>
  fs
    .readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

describe('createLogger file sink', () => {
  it('writes JSON lines with level name, time and msg, honouring the level', async () => {
    const file = join(dir, 'logs', 'agent.log');
    const h = createLogger({ level: 'info', file, console: false });
    h.log.debug('not at info');
    h.log.info({ port: 8443 }, 'Starting Agent');
    h.log.error('boom');
    await h.close();

    const lines = readLines(file);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].level, 'info');
    assert.equal(lines[0].msg, 'Starting Agent');
    assert.equal(lines[0].port, 8443);
    assert.ok(!Number.isNaN(Date.parse(lines[0].time)));
    assert.equal(lines[1].level, 'error');
    assert.equal(lines[1].msg, 'boom');
  });

  it('rotates by size into file.1 … file.N and keeps at most N backups, newest in file.1', async () => {
    const file = join(dir, 'agent.log');
    const h = createLogger({ level: 'info', file, console: false, maxBytes: 300, backups: 2 });
    for (let n = 0; n < 40; n++) h.log.info({ n }, 'line');
    await h.close();

    const names = fs.readdirSync(dir).sort();
    assert.deepEqual(names, ['agent.log', 'agent.log.1', 'agent.log.2']);
    const older = readLines(join(dir, 'agent.log.2')).map((l) => l.n as number);
    const old = readLines(join(dir, 'agent.log.1')).map((l) => l.n as number);
    const current = readLines(join(dir, 'agent.log')).map((l) => l.n as number);
    // Each line is well over 100 bytes, so a 300-byte file holds a few lines, never all 40.
    for (const [name, part] of [
      ['agent.log.2', older],
      ['agent.log.1', old],
    ] as const) {
      assert.ok(part.length > 0 && part.length < 10, `${name} holds ${part.length} lines`);
      // A file is rotated once it reaches the limit, not before.
      assert.ok(fs.statSync(join(dir, name)).size >= 300, `${name} rotated early`);
    }
    // Lines stay in order across the files, and the newest ones survive.
    const all = [...older, ...old, ...current];
    assert.deepEqual(
      all,
      all.map((_, i) => all[0] + i),
    );
    assert.equal(all.at(-1), 39);
    assert.ok(all[0] > 0, 'the oldest lines were dropped with the oldest backup');
  });

  it('never writes a token or authorization header value', async () => {
    const file = join(dir, 'agent.log');
    const h = createLogger({ level: 'trace', file, console: false });
    const secret = 's3cr3t-t0k3n-value';
    h.log.info(
      { req: { method: 'GET', url: '/x', headers: { authorization: `Bearer ${secret}` } } },
      'request',
    );
    h.log.info({ headers: { authorization: secret } }, 'outbound');
    h.log.info({ target: { url: 'http://hub', token: secret } }, 'forward target');
    h.log.info({ security: { api_token: secret } }, 'config');
    h.log.info({ token: secret }, 'bare');
    await h.close();

    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(secret), 'secret leaked into the log file');
    const lines = readLines(file);
    assert.equal(lines.length, 5);
    const req = lines[0].req as { url: string; headers: { authorization: string } };
    assert.equal(req.headers.authorization, '[Redacted]');
    assert.equal(req.url, '/x', 'other fields are kept');
    assert.equal((lines[2].target as { url: string }).url, 'http://hub');
  });

  it('survives a log file that cannot be opened: no throw, one stderr notice', async () => {
    fs.writeFileSync(join(dir, 'blocker'), 'a regular file where a dir should be');
    const file = join(dir, 'blocker', 'agent.log');
    const written: string[] = [];
    const orig = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const h = createLogger({ level: 'info', file, console: false });
      for (let i = 0; i < 5; i++) h.log.info('into the void');
      await new Promise((r) => setTimeout(r, 50));
      h.log.info('after the failure');
      await h.close();
    } finally {
      process.stderr.write = orig;
    }
    const notices = written.filter((w) => w.includes('log file') && w.includes(file));
    assert.equal(notices.length, 1);
  });
});

describe('createLogger console sink', () => {
  it('writes JSON to stdout when it is not a TTY, and pretty lines when asked', () => {
    const logModule = fileURLToPath(new URL('../src/log.ts', import.meta.url));
    const script = join(dir, 'child.mts');
    fs.writeFileSync(
      script,
      `import { createLogger } from ${JSON.stringify(logModule)};
const pretty = process.argv[2] === 'pretty';
const h = createLogger({ level: 'info', file: null, pretty: pretty ? true : undefined });
h.log.info({ req: { headers: { authorization: 'Bearer xyz123' } } }, 'hello console');
await h.close();
`,
    );
    const run = (mode: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };

    const json = run('json').trim().split('\n');
    assert.equal(json.length, 1);
    const line = JSON.parse(json[0]) as Line;
    assert.equal(line.level, 'info');
    assert.equal(line.msg, 'hello console');

    const prettyOut = run('pretty');
    assert.match(prettyOut, /INFO.*hello console/);
    assert.ok(!prettyOut.startsWith('{'), 'pretty output is not JSON');
    assert.ok(!prettyOut.includes('xyz123'));
  });
});
