import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSummary, describeConfig } from '../../src/config/describe.js';
import { loadConfig } from '../../src/config/load.js';
import { FIXTURES, tempIni } from './helpers.js';

const SECRETS = [
  'adm#in;tok',
  'r1-token',
  'r2-token',
  'i1-token',
  'hub-token',
  'pw-in-url-777',
  'qs-secret-888',
];

function fullWithSecrets() {
  return loadConfig({
    file: join(FIXTURES, 'full.ini'),
    env: {
      HOSTPULSE_FORWARD_PROM_URL: 'https://bob:pw-in-url-777@prom.example/api/v1/write?token=qs-secret-888',
    },
  });
}

describe('describeConfig', () => {
  it('never prints a token, a URL password or a token query parameter', () => {
    const cfg = fullWithSecrets();
    const text = describeConfig(cfg);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} leaked:\n${text}`);
    assert.match(text, /^api_token = \*\*\*\*/m);
    assert.match(text, /^read_tokens = \*\*\*\*, \*\*\*\*/m);
    assert.match(text, /^ingest_tokens = \*\*\*\*/m);
    assert.match(text, /^token = \*\*\*\*/m);
    assert.match(text, /^url = https:\/\/bob:\*\*\*\*@prom\.example\/api\/v1\/write\?token=\*\*\*\*/m);
  });

  it('prints every section and key with effective values, the file and value sources', () => {
    const file = join(FIXTURES, 'full.ini');
    const text = describeConfig(loadConfig({ file, env: { HOSTPULSE_AGENT_RING_SIZE: '77' } }));
    assert.ok(text.includes(`; file: ${file}\n`));
    const sections = text.split('\n').filter((l) => l.startsWith('['));
    assert.deepEqual(sections, [
      '[agent]',
      '[security]',
      '[store]',
      '[metrics]',
      '[ingest]',
      '[forward.hub]',
      '[forward.prom]',
    ]);
    const keys = text
      .split('\n')
      .filter((l) => /^[a-z_]+ =/.test(l))
      .map((l) => l.split(' ')[0]);
    assert.deepEqual(keys.slice(0, 11), [
      'listen_host',
      'listen_port',
      'collect_interval_sec',
      'ring_size',
      'csv_dir',
      'retention_days',
      'log_file',
      'log_level',
      'data_dir',
      'root_path',
      'host_name',
    ]);
    assert.equal(keys.length, 11 + 9 + 6 + 2 + 3 + 5 + 5);
    assert.match(text, /^ring_size = 77 {2}; from env HOSTPULSE_AGENT_RING_SIZE$/m);
    assert.ok(text.includes(`listen_port = 9100  ; from ${file}:4\n`));
    assert.match(text, /^raw_retention = 36h {2}; from /m);
    assert.match(text, /^hour_retention = 1y {2}; from /m);
    assert.match(text, /^log_level = warn {2}; from /m);
    assert.ok(text.includes(`log_file = ${join(FIXTURES, 'logs', 'hostpulse log.txt')}  ; from`));
  });

  it('says when the defaults run, and prints them without source comments', () => {
    const text = describeConfig(loadConfig({ env: {}, cwd: '/srv' }));
    assert.match(text, /^; file: none \(built-in defaults\)$/m);
    assert.ok(!text.includes('; from'));
    assert.match(text, /^listen_host =$/m);
    assert.match(text, /^listen_port = 8443$/m);
    assert.match(text, /^csv_dir = \/srv\/csv$/m);
    assert.match(text, /^raw_retention = 14d$/m);
    assert.match(text, /^minute_retention = 90d$/m);
    assert.match(text, /^hour_retention = 2y$/m);
    assert.match(text, /^api_token =$/m);
  });

  it('loads back to the same config (tokens aside)', () => {
    const cfg = loadConfig({ file: join(FIXTURES, 'full.ini'), env: {} });
    const { file } = tempIni(describeConfig(cfg));
    const again = loadConfig({ file, env: {} });
    assert.deepEqual(again.agent, cfg.agent);
    assert.deepEqual(
      { ...again.security, apiToken: null, readTokens: [], ingestTokens: [] },
      {
        ...cfg.security,
        apiToken: null,
        readTokens: [],
        ingestTokens: [],
      },
    );
    assert.equal(again.security.apiToken, '****');
    assert.deepEqual(again.store, cfg.store);
    assert.deepEqual(
      again.forward.map((f) => ({ ...f, token: null })),
      cfg.forward.map((f) => ({ ...f, token: null })),
    );
  });

  it('quotes values that would not read back bare', () => {
    const { file } = tempIni('[agent]\nhost_name = ";edge"\nlog_file = "a ;b"\n');
    const cfg = loadConfig({ file, env: {} });
    const text = describeConfig(cfg);
    assert.match(text, /^host_name = ";edge"/m);
    const again = loadConfig({ file: tempIni(text).file, env: {} });
    assert.equal(again.agent.hostName, ';edge');
    assert.equal(again.agent.logFile, cfg.agent.logFile);
  });
});

describe('configSummary', () => {
  it('is one line naming what runs, without secrets', () => {
    const line = configSummary(fullWithSecrets());
    assert.ok(!line.includes('\n'));
    for (const secret of SECRETS) assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
    assert.match(line, /listen=192\.0\.2\.10:9100/);
    assert.match(line, /tls=mtls/);
    assert.match(line, /auth=api_token\+2 read\+1 ingest/);
    assert.match(line, /interval=0\.5s/);
    assert.match(line, /store=raw:36h,1m:7d,1h:1y,max_disk_mb:0,max_series:5000/);
    assert.match(line, /rate_limit=off/);
    assert.match(line, /forward=hub:hostpulse@hub\.example\.com:8443,prom:remote_write@prom\.example/);
  });

  it('describes the defaults', () => {
    const line = configSummary(loadConfig({ env: {}, cwd: '/srv' }));
    assert.match(line, /^config=defaults listen=auto:8443 tls=off auth=none /);
    assert.match(line, /log=\/srv\/agent\.log log_level=info/);
    assert.match(line, /forward=none$/);
  });
});
