import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { configError, FIXTURES, tempIni } from './helpers.js';

const DAY = 86400;

/** Loads `body` placed after a comment and a section header, so its first line is line 3. */
function loadLine(section: string, body: string): Config {
  const { file } = tempIni(`; test\n[${section}]\n${body}\n`);
  return loadConfig({ file, env: {} });
}

describe('loadConfig defaults', () => {
  it('runs on built-in defaults without a file, paths under cwd', () => {
    const cfg = loadConfig({ env: {}, cwd: '/srv/hp' });
    assert.deepEqual(cfg, {
      file: null,
      agent: {
        listenHost: null,
        listenPort: 8443,
        collectIntervalSec: 1,
        ringSize: 600,
        csvDir: '/srv/hp/csv',
        retentionDays: 7,
        logFile: '/srv/hp/agent.log',
        logLevel: 'info',
        dataDir: '/srv/hp/data',
        rootPath: '/',
        hostName: null,
      },
      security: {
        apiToken: null,
        readTokens: [],
        ingestTokens: [],
        useTls: false,
        certFile: null,
        keyFile: null,
        clientCaFile: null,
        corsOrigins: [],
        rateLimitPerMinute: 600,
      },
      store: {
        rawRetentionSec: 14 * DAY,
        minuteRetentionSec: 90 * DAY,
        hourRetentionSec: 2 * 365 * DAY,
        maxDiskMb: 1024,
        maxSeries: 100000,
        exclude: [
          'node_netstat_*',
          'node_sockstat_*',
          'node_vmstat_*',
          'node_softnet_*',
          'node_schedstat_*',
          'node_*_info',
        ],
      },
      metrics: {
        httpDurationBuckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        httpSizeBuckets: [100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000],
      },
      ingest: { maxBodyMb: 16, maxLabels: 32, maxLabelLength: 2048 },
      forward: [],
      sources: {},
    });
  });

  it('treats file null and "" as no file', () => {
    assert.equal(loadConfig({ file: null, env: {}, cwd: '/a' }).file, null);
    assert.equal(loadConfig({ file: '', env: {}, cwd: '/a' }).agent.dataDir, '/a/data');
  });
});

describe('loadConfig of a file setting every key', () => {
  it('reads every key, whatever the case and syntax', () => {
    const file = join(FIXTURES, 'full.ini');
    const cfg = loadConfig({ file, env: {} });
    assert.equal(cfg.file, file);
    assert.deepEqual(cfg.agent, {
      listenHost: '192.0.2.10',
      listenPort: 9100,
      collectIntervalSec: 0.5,
      ringSize: 1200,
      csvDir: join(FIXTURES, '..', 'csv-out'),
      retentionDays: 0,
      logFile: join(FIXTURES, 'logs', 'hostpulse log.txt'),
      logLevel: 'warn',
      dataDir: '/var/lib/hostpulse',
      rootPath: '/host',
      hostName: 'edge-01',
    });
    assert.deepEqual(cfg.security, {
      apiToken: 'adm#in;tok',
      readTokens: ['r1-token', 'r2-token'],
      ingestTokens: ['i1-token'],
      useTls: true,
      certFile: join(FIXTURES, 'tls', 'cert.pem'),
      keyFile: join(FIXTURES, 'tls', 'key.pem'),
      clientCaFile: '/etc/ssl/clients.pem',
      corsOrigins: ['https://grafana.example.com', 'http://localhost:3000'],
      rateLimitPerMinute: 0,
    });
    assert.deepEqual(cfg.store, {
      rawRetentionSec: 36 * 3600,
      minuteRetentionSec: 7 * DAY,
      hourRetentionSec: 365 * DAY,
      maxDiskMb: 0,
      maxSeries: 5000,
      exclude: ['node_vmstat_*', 'my_app_debug_*'],
    });
    assert.deepEqual(cfg.forward, [
      {
        name: 'hub',
        kind: 'hostpulse',
        url: 'https://hub.example.com:8443',
        token: 'hub-token',
        intervalSec: 2.5,
        maxQueueMb: 64,
      },
      {
        name: 'prom',
        kind: 'remote_write',
        url: 'http://127.0.0.1:9090/api/v1/write',
        token: null,
        intervalSec: 10,
        maxQueueMb: 256,
      },
    ]);
    assert.equal(cfg.sources?.['agent.listen_port'], `${file}:4`);
    assert.equal(cfg.sources?.['forward.prom.url'], `${file}:44`);
    assert.equal(cfg.sources?.['agent.ring_size'], `${file}:6`);
  });
});

describe('loadConfig key parsing', () => {
  const good: Array<[string, string, (c: Config) => unknown, unknown]> = [
    ['agent', 'listen_host = ::', (c) => c.agent.listenHost, '::'],
    ['agent', 'listen_host =', (c) => c.agent.listenHost, null],
    ['agent', 'listen_port = 1', (c) => c.agent.listenPort, 1],
    ['agent', 'listen_port = 65535', (c) => c.agent.listenPort, 65535],
    ['agent', 'listen_port = 0', (c) => c.agent.listenPort, 0],
    ['agent', 'collect_interval_sec = 0.1', (c) => c.agent.collectIntervalSec, 0.1],
    ['agent', 'collect_interval_sec = 3600', (c) => c.agent.collectIntervalSec, 3600],
    ['agent', 'collect_interval_sec = 2', (c) => c.agent.collectIntervalSec, 2],
    ['agent', 'ring_size = 1', (c) => c.agent.ringSize, 1],
    ['agent', 'retention_days = 0', (c) => c.agent.retentionDays, 0],
    ['agent', 'retention_days = 30', (c) => c.agent.retentionDays, 30],
    ['agent', 'log_file =', (c) => c.agent.logFile, ''],
    ['agent', 'root_path = /host', (c) => c.agent.rootPath, '/host'],
    ['agent', 'host_name = web-1', (c) => c.agent.hostName, 'web-1'],
    ['agent', 'mode = auto', (c) => c.agent.listenPort, 8443],
    ['security', 'api_token =', (c) => c.security.apiToken, null],
    ['security', 'read_tokens = , ,', (c) => c.security.readTokens, []],
    ['security', 'ingest_tokens = a1,b2', (c) => c.security.ingestTokens, ['a1', 'b2']],
    ['security', 'cors_origins = *', (c) => c.security.corsOrigins, ['*']],
    ['security', 'cors_origins =', (c) => c.security.corsOrigins, []],
    ['security', 'rate_limit_per_minute = 120', (c) => c.security.rateLimitPerMinute, 120],
    ['store', 'raw_retention = 3600', (c) => c.store.rawRetentionSec, 3600],
    ['store', 'raw_retention = 90m', (c) => c.store.rawRetentionSec, 5400],
    ['store', 'minute_retention = 1d12h', (c) => c.store.minuteRetentionSec, 36 * 3600],
    ['store', 'hour_retention = 2Y', (c) => c.store.hourRetentionSec, 730 * DAY],
    ['store', 'max_disk_mb = 50', (c) => c.store.maxDiskMb, 50],
    ['store', 'max_series = 0', (c) => c.store.maxSeries, 0],
  ];
  for (const [section, line, get, want] of good) {
    it(`[${section}] ${line}`, () => {
      assert.deepEqual(get(loadLine(section, line)), want);
    });
  }

  it('maps reference (Python logging) and pino level names', () => {
    const want: Record<string, string> = {
      DEBUG: 'debug',
      INFO: 'info',
      WARNING: 'warn',
      ERROR: 'error',
      CRITICAL: 'fatal',
      trace: 'trace',
      warn: 'warn',
      Fatal: 'fatal',
      silent: 'silent',
      info: 'info',
    };
    for (const [raw, level] of Object.entries(want)) {
      assert.equal(loadLine('agent', `log_level = ${raw}`).agent.logLevel, level, raw);
    }
  });

  it('reads every boolean spelling of use_tls', () => {
    for (const raw of ['true', 'yes', '1', 'on', 'TRUE', 'Yes']) {
      const cfg = loadLine('security', `use_tls = ${raw}\ncert_file = c.pem\nkey_file = k.pem`);
      assert.equal(cfg.security.useTls, true, raw);
    }
    for (const raw of ['false', 'no', '0', 'off', 'OFF']) {
      assert.equal(loadLine('security', `use_tls = ${raw}`).security.useTls, false, raw);
    }
  });

  const bad: Array<[string, string, string, RegExp]> = [
    ['agent', 'listen_port', '80x', /expected an integer 0-65535, got "80x"/],
    ['agent', 'listen_port', '65536', /expected an integer 0-65535/],
    ['agent', 'listen_port', '-1', /expected an integer 0-65535/],
    ['agent', 'listen_port', '', /expected an integer/],
    ['agent', 'listen_port', '80.5', /expected an integer/],
    ['agent', 'listen_host', 'a b', /expected a host name/],
    ['agent', 'collect_interval_sec', '0.05', /expected a number 0.1-3600, got "0.05"/],
    ['agent', 'collect_interval_sec', '3601', /expected a number 0.1-3600/],
    ['agent', 'collect_interval_sec', 'fast', /expected a number/],
    ['agent', 'ring_size', '0', /expected an integer 1-/],
    ['agent', 'retention_days', '-1', /expected an integer >= 0/],
    ['agent', 'retention_days', '1.5', /expected an integer >= 0/],
    ['agent', 'log_level', 'VERBOSE', /expected one of DEBUG, INFO, WARNING/],
    ['agent', 'csv_dir', '', /expected a path/],
    ['agent', 'data_dir', '', /expected a path/],
    ['agent', 'root_path', 'host', /expected an absolute path, got "host"/],
    ['security', 'use_tls', 'maybe', /expected true\/false/],
    ['security', 'cors_origins', 'example.com', /expected origins like https:\/\/example.com/],
    ['security', 'cors_origins', 'https://a.com/path', /expected origins/],
    ['security', 'rate_limit_per_minute', 'lots', /expected an integer >= 0/],
    ['store', 'raw_retention', '14x', /expected a duration like 14d/],
    ['store', 'raw_retention', '0', /expected a duration/],
    ['store', 'minute_retention', '-1d', /expected a duration/],
    ['store', 'hour_retention', 'd', /expected a duration/],
    ['store', 'max_disk_mb', '1GB', /expected an integer >= 0/],
    ['store', 'max_series', '1e5', /expected an integer >= 0/],
  ];
  for (const [section, key, raw, re] of bad) {
    it(`rejects [${section}] ${key} = ${JSON.stringify(raw)} naming file, line and key`, () => {
      const { file } = tempIni(`; test\n[${section}]\n${key} = ${raw}\n`, 'my.ini');
      const err = configError(() => loadConfig({ file, env: {} }));
      assert.ok(err.message.startsWith(`${file}:3: [${section}] ${key}: `), err.message);
      assert.match(err.message, re);
      assert.equal(err.file, file);
      assert.equal(err.line, 3);
      assert.equal(err.key, `${section}.${key}`);
    });
  }

  it('names the file as the user gave it, relative to cwd', () => {
    const { dir } = tempIni('[agent]\nlisten_port = 80x\n', 'conf/hp.ini');
    const err = configError(() => loadConfig({ file: 'conf/hp.ini', cwd: dir, env: {} }));
    assert.equal(err.message, 'conf/hp.ini:2: [agent] listen_port: expected an integer 0-65535, got "80x"');
  });
});

describe('loadConfig tokens', () => {
  it('ignores empty tokens and drops duplicates and blanks in lists', () => {
    const cfg = loadLine('security', 'api_token = \nread_tokens = ra, , rb,ra\ningest_tokens = ,ia,');
    assert.equal(cfg.security.apiToken, null);
    assert.deepEqual(cfg.security.readTokens, ['ra', 'rb']);
    assert.deepEqual(cfg.security.ingestTokens, ['ia']);
  });

  it('rejects a token with spaces without echoing it', () => {
    for (const key of ['api_token', 'read_tokens', 'ingest_tokens']) {
      const { file } = tempIni(`[security]\n${key} = "secret value-XYZ"\n`);
      const err = configError(() => loadConfig({ file, env: {} }));
      assert.ok(err.message.startsWith(`${file}:2: [security] ${key}: `), err.message);
      assert.ok(!err.message.includes('XYZ'), err.message);
    }
  });
});

describe('loadConfig TLS checks', () => {
  it('requires cert_file and key_file with use_tls, naming the missing key', () => {
    const noCert = configError(() => loadLine('security', 'use_tls = true\nkey_file = k.pem'));
    assert.match(noCert.message, /:3: \[security\] use_tls: .*cert_file is not set/);
    assert.equal(noCert.key, 'security.cert_file');
    const noKey = configError(() => loadLine('security', 'use_tls = true\ncert_file = c.pem'));
    assert.match(noKey.message, /key_file is not set/);
    assert.equal(noKey.key, 'security.key_file');
  });

  it('does not check that the cert files exist', () => {
    const cfg = loadLine(
      'security',
      'use_tls = on\ncert_file = /nonexistent/c.pem\nkey_file = /nonexistent/k.pem',
    );
    assert.equal(cfg.security.certFile, '/nonexistent/c.pem');
  });

  it('refuses client_ca_file without TLS', () => {
    const err = configError(() => loadLine('security', 'client_ca_file = ca.pem'));
    assert.match(err.message, /:3: \[security\] client_ca_file: client certificates need TLS/);
  });

  it('names the env variable when TLS was switched on there', () => {
    const err = configError(() => loadConfig({ env: { HOSTPULSE_SECURITY_USE_TLS: 'true' } }));
    assert.match(err.message, /^env HOSTPULSE_SECURITY_USE_TLS: .*cert_file/);
  });
});

describe('loadConfig unknown keys and sections', () => {
  it('rejects an unknown key with a did-you-mean', () => {
    const err = configError(() => loadLine('agent', 'listen_prot = 1'));
    assert.match(err.message, /:3: \[agent\] listen_prot: unknown key; did you mean listen_port\?/);
    assert.equal(err.line, 3);
  });

  it('says where a key in the wrong section belongs', () => {
    const err = configError(() => loadLine('agent', 'api_token = x'));
    assert.match(err.message, /\[agent\] api_token: unknown key; it belongs in \[security\]/);
  });

  it('lists the known keys when nothing is close', () => {
    const err = configError(() => loadLine('store', 'colour = blue'));
    assert.match(err.message, /unknown key; known keys: raw_retention, minute_retention/);
  });

  it('rejects an unknown section with a did-you-mean, at the header line', () => {
    const { file } = tempIni('[agent]\nlisten_port = 1\n\n[securty]\napi_token = x\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    assert.ok(err.message.startsWith(`${file}:4: [securty]: unknown section; did you mean [security]?`));
    assert.equal(err.line, 4);
  });

  it('rejects a bare [forward] and a bad target name', () => {
    assert.match(configError(() => loadLine('forward', 'kind = json')).message, /\[forward\.hub\]/);
    const err = configError(() => loadLine('forward.a b', 'kind = json'));
    assert.match(err.message, /:2: \[forward\.a b\]: forward target names/);
  });
});

describe('loadConfig forward targets', () => {
  it('requires kind and url, pointing at the section header', () => {
    const noUrl = configError(() => loadLine('forward.hub', 'kind = json'));
    assert.match(noUrl.message, /:2: \[forward\.hub\] url: required/);
    const noKind = configError(() => loadLine('forward.hub', 'url = http://h'));
    assert.match(noKind.message, /:2: \[forward\.hub\] kind: required/);
  });

  it('rejects a bad kind, url, interval and queue size', () => {
    const cases: Array<[string, RegExp]> = [
      ['kind = kafka', /\[forward\.t\] kind: expected one of hostpulse, remote_write, influx, json/],
      ['url = ftp://h/x', /\[forward\.t\] url: expected an http:\/\/ or https:\/\/ URL/],
      ['url = not a url', /\[forward\.t\] url: expected an http/],
      ['interval_sec = 0', /\[forward\.t\] interval_sec: expected a number 0.1-86400/],
      ['max_queue_mb = 0', /\[forward\.t\] max_queue_mb: expected an integer >= 1/],
      ['retries = 3', /\[forward\.t\] retries: unknown key/],
    ];
    for (const [line, re] of cases) {
      const rest = ['kind = json', 'url = http://h'].filter((l) => l.split(' ')[0] !== line.split(' ')[0]);
      const err = configError(() => loadLine('forward.t', [line, ...rest].join('\n')));
      assert.match(err.message, re, line);
      assert.equal(err.line, 3, line);
    }
  });

  it('does not echo a password in a bad URL', () => {
    const err = configError(() => loadLine('forward.t', 'kind = json\nurl = ftp://bob:hunter2@h/x'));
    assert.ok(!err.message.includes('hunter2'), err.message);
  });

  it('refuses the same target twice, whatever the case', () => {
    const { file } = tempIni(
      '[forward.hub]\nkind = json\nurl = http://a\n[forward.HUB]\nkind = json\nurl = http://b\n',
    );
    const err = configError(() => loadConfig({ file, env: {} }));
    assert.match(err.message, /:4: /);
  });

  it('takes targets and overrides from env and flags', () => {
    const { file } = tempIni('[forward.my-hub]\nkind = hostpulse\nurl = https://hub:8443\n');
    const cfg = loadConfig({
      file,
      env: {
        HOSTPULSE_FORWARD_MY_HUB_TOKEN: 'env-token',
        HOSTPULSE_FORWARD_PROM_KIND: 'remote_write',
        HOSTPULSE_FORWARD_PROM_URL: 'http://prom:9090/api/v1/write',
        HOSTPULSE_FORWARD_PROM_MAX_QUEUE_MB: '32',
      },
      flags: { 'forward.my-hub.interval_sec': 5 },
    });
    assert.deepEqual(cfg.forward, [
      {
        name: 'my-hub',
        kind: 'hostpulse',
        url: 'https://hub:8443',
        token: 'env-token',
        intervalSec: 5,
        maxQueueMb: 256,
      },
      {
        name: 'prom',
        kind: 'remote_write',
        url: 'http://prom:9090/api/v1/write',
        token: null,
        intervalSec: 10,
        maxQueueMb: 32,
      },
    ]);
  });

  it('requires kind and url of an env-only target, naming the variable', () => {
    const err = configError(() => loadConfig({ env: { HOSTPULSE_FORWARD_X_URL: 'http://h' } }));
    assert.match(err.message, /^env HOSTPULSE_FORWARD_X_URL: \[forward\.x\] kind: required/);
  });

  it('rejects an env forward variable without a known key', () => {
    const err = configError(() => loadConfig({ env: { HOSTPULSE_FORWARD_HUB_PASSWORD: 'x' } }));
    assert.match(err.message, /^env HOSTPULSE_FORWARD_HUB_PASSWORD: expected HOSTPULSE_FORWARD_<NAME>_<KEY>/);
  });
});

describe('loadConfig precedence', () => {
  const ini = '[agent]\nlisten_port = 1111\nlog_level = DEBUG\n';

  it('flags beat env beat file beat defaults, for the same key', () => {
    const { file } = tempIni(ini);
    const env = { HOSTPULSE_AGENT_LISTEN_PORT: '2222' };
    assert.equal(loadConfig({ env: {} }).agent.listenPort, 8443);
    assert.equal(loadConfig({ file, env: {} }).agent.listenPort, 1111);
    assert.equal(loadConfig({ file, env }).agent.listenPort, 2222);
    const all = loadConfig({ file, env, flags: { 'agent.listen_port': 3333 } });
    assert.equal(all.agent.listenPort, 3333);
    assert.equal(all.sources?.['agent.listen_port'], 'flag agent.listen_port');
    // Keys no higher layer touched keep the file's value and source.
    assert.equal(all.agent.logLevel, 'debug');
    assert.equal(all.sources?.['agent.log_level'], `${file}:3`);
    assert.equal(loadConfig({ env, flags: { 'agent.listen_port': '3333' } }).agent.listenPort, 3333);
  });

  it('skips undefined flags and unset env', () => {
    const { file } = tempIni(ini);
    const cfg = loadConfig({
      file,
      env: { HOSTPULSE_AGENT_LISTEN_PORT: undefined },
      flags: { 'agent.listen_port': undefined },
    });
    assert.equal(cfg.agent.listenPort, 1111);
  });

  it('still reports a bad value in a layer a higher one overrides', () => {
    const { file } = tempIni('[agent]\nlisten_port = nope\n');
    const err = configError(() => loadConfig({ file, env: {}, flags: { 'agent.listen_port': 9000 } }));
    assert.match(err.message, /:2: \[agent\] listen_port/);
  });

  it('env sets every section and names the variable in errors', () => {
    const cfg = loadConfig({
      env: {
        HOSTPULSE_AGENT_COLLECT_INTERVAL_SEC: '5',
        HOSTPULSE_SECURITY_API_TOKEN: 'tok-env',
        HOSTPULSE_SECURITY_READ_TOKENS: 'r1,r2',
        HOSTPULSE_STORE_RAW_RETENTION: '2d',
        HOSTPULSE_CONFIG: '/not/a/config/key',
        PATH: '/usr/bin',
      },
    });
    assert.equal(cfg.agent.collectIntervalSec, 5);
    assert.equal(cfg.security.apiToken, 'tok-env');
    assert.deepEqual(cfg.security.readTokens, ['r1', 'r2']);
    assert.equal(cfg.store.rawRetentionSec, 2 * DAY);
    const err = configError(() => loadConfig({ env: { HOSTPULSE_AGENT_LISTEN_PORT: '80x' } }));
    assert.equal(
      err.message,
      'env HOSTPULSE_AGENT_LISTEN_PORT: [agent] listen_port: expected an integer 0-65535, got "80x"',
    );
    assert.equal(err.file, null);
    assert.equal(err.key, 'agent.listen_port');
  });

  it('rejects an unknown env key in a known section with a did-you-mean', () => {
    const err = configError(() => loadConfig({ env: { HOSTPULSE_AGENT_LISTEN_PROT: '1' } }));
    assert.match(
      err.message,
      /^env HOSTPULSE_AGENT_LISTEN_PROT: .*did you mean HOSTPULSE_AGENT_LISTEN_PORT\?/,
    );
  });

  it('takes flag values of any type and names the flag in errors', () => {
    const cfg = loadConfig({
      env: {},
      flags: { 'agent.ring-size': 42, 'security.use_tls': false, 'agent.log_level': 'ERROR' },
    });
    assert.equal(cfg.agent.ringSize, 42);
    assert.equal(cfg.security.useTls, false);
    assert.equal(cfg.agent.logLevel, 'error');
    const bad = configError(() => loadConfig({ env: {}, flags: { 'agent.listen_port': '80x' } }));
    assert.equal(
      bad.message,
      'flag agent.listen_port: [agent] listen_port: expected an integer 0-65535, got "80x"',
    );
    const unknown = configError(() => loadConfig({ env: {}, flags: { 'agent.nope': 1 } }));
    assert.match(unknown.message, /^flag agent\.nope: \[agent\] nope: unknown key/);
    const shape = configError(() => loadConfig({ env: {}, flags: { listen_port: 1 } }));
    assert.match(shape.message, /^flag listen_port: expected section\.key/);
  });
});

describe('loadConfig paths', () => {
  it('resolves relative paths against the config file folder', () => {
    const { dir, file } = tempIni(
      '[agent]\ncsv_dir = ../shared-csv\ndata_dir = state\nlog_file = logs/a.log\n' +
        '[security]\nuse_tls = 1\ncert_file = tls/c.pem\nkey_file = /abs/k.pem\nclient_ca_file = ca.pem\n',
      'etc/hp.ini',
    );
    const cfg = loadConfig({ file, env: {}, cwd: '/somewhere/else' });
    assert.equal(cfg.agent.csvDir, join(dir, 'shared-csv'));
    assert.equal(cfg.agent.dataDir, join(dir, 'etc', 'state'));
    assert.equal(cfg.agent.logFile, join(dir, 'etc', 'logs', 'a.log'));
    assert.equal(cfg.security.certFile, join(dir, 'etc', 'tls', 'c.pem'));
    assert.equal(cfg.security.keyFile, '/abs/k.pem');
    assert.equal(cfg.security.clientCaFile, join(dir, 'etc', 'ca.pem'));
  });

  it('resolves default paths against the file folder when there is a file', () => {
    const { dir, file } = tempIni('[agent]\n', 'etc/hp.ini');
    const cfg = loadConfig({ file, env: {}, cwd: '/elsewhere' });
    assert.equal(cfg.agent.csvDir, join(dir, 'etc', 'csv'));
    assert.equal(cfg.agent.logFile, join(dir, 'etc', 'agent.log'));
    assert.equal(cfg.agent.dataDir, join(dir, 'etc', 'data'));
  });

  it('resolves env and flag paths against cwd, even with a file', () => {
    const { file } = tempIni('[agent]\n', 'etc/hp.ini');
    const cfg = loadConfig({
      file,
      cwd: '/work/dir',
      env: { HOSTPULSE_AGENT_CSV_DIR: 'env-csv' },
      flags: { 'agent.data_dir': 'flag-data' },
    });
    assert.equal(cfg.agent.csvDir, '/work/dir/env-csv');
    assert.equal(cfg.agent.dataDir, '/work/dir/flag-data');
  });

  it('does not resolve root_path', () => {
    assert.equal(loadLine('agent', 'root_path = /host/').agent.rootPath, '/host/');
  });
});

describe('loadConfig file problems', () => {
  it('names a missing file', () => {
    const { dir } = tempIni('');
    const err = configError(() => loadConfig({ file: 'missing.ini', cwd: dir, env: {} }));
    assert.equal(err.message, `missing.ini (${join(dir, 'missing.ini')}): config file not found`);
    assert.equal(err.file, 'missing.ini');
  });

  it('names a directory given as the file', () => {
    const { dir } = tempIni('');
    mkdirSync(join(dir, 'conf.d'));
    const err = configError(() => loadConfig({ file: join(dir, 'conf.d'), env: {} }));
    assert.match(err.message, /conf\.d: is a directory/);
  });

  it('passes INI grammar errors through with the file name', () => {
    const { file } = tempIni('[agent]\nlisten_port 8443\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    assert.ok(err.message.startsWith(`${file}:2: `), err.message);
  });
});
