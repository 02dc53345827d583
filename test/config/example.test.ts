import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { AGENT_KEYS, FORWARD_KEYS, SECURITY_KEYS, STORE_KEYS } from '../../src/config/schema.js';
import { FIXTURES } from './helpers.js';

const DEPLOY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy');
const EXAMPLE = join(DEPLOY, 'hostpulse.example.ini');
const DAY = 86400;

describe('deploy/hostpulse.example.ini', () => {
  it('loads to exactly the built-in defaults', () => {
    const { sources, ...cfg } = loadConfig({ file: EXAMPLE, env: {} });
    assert.deepEqual(cfg, {
      file: EXAMPLE,
      agent: {
        listenHost: null,
        listenPort: 8443,
        collectIntervalSec: 1,
        ringSize: 600,
        csvDir: join(DEPLOY, 'csv'),
        retentionDays: 7,
        logFile: join(DEPLOY, 'agent.log'),
        logLevel: 'info',
        dataDir: join(DEPLOY, 'data'),
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
        hourRetentionSec: 730 * DAY,
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
    });
    // Every key is really set in the file (not just left to default): 11 + 9 + 6 + 2 + 3.
    assert.equal(Object.keys(sources ?? {}).length, 31);
    const { sources: _, ...builtIn } = loadConfig({ env: {}, cwd: DEPLOY });
    assert.deepEqual(cfg, { ...builtIn, file: EXAMPLE });
  });

  it('lists every key, each after a comment line', () => {
    const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
    const fixed = [...Object.keys(AGENT_KEYS), ...Object.keys(SECURITY_KEYS), ...Object.keys(STORE_KEYS)];
    for (const key of fixed) {
      const at = lines.findIndex((l) => l.startsWith(`${key} =`));
      assert.ok(at > 0, `${key} missing`);
      assert.ok(lines[at - 1].startsWith(';'), `${key} has no comment above it`);
    }
    for (const key of Object.keys(FORWARD_KEYS)) {
      assert.ok(
        lines.some((l) => l.startsWith(`; ${key} =`)),
        `forward key ${key} missing from the commented example`,
      );
    }
  });
});

describe('reference agent configuration', () => {
  it('loads agent_settings.conf as the reference agent wrote it', () => {
    const cfg = loadConfig({ file: join(FIXTURES, 'agent_settings.conf'), env: {} });
    assert.equal(cfg.agent.listenHost, '0.0.0.0');
    assert.equal(cfg.agent.listenPort, 8080);
    assert.equal(cfg.agent.collectIntervalSec, 1);
    assert.equal(cfg.agent.csvDir, join(FIXTURES, 'csv'));
    assert.equal(cfg.agent.retentionDays, 7);
    assert.equal(cfg.agent.logFile, join(FIXTURES, 'agent.log'));
    assert.equal(cfg.agent.logLevel, 'info');
    assert.equal(cfg.security.apiToken, '7f3c2a9e41b04d6f8e5a');
    assert.equal(cfg.security.useTls, false);
    assert.equal(cfg.security.certFile, join(FIXTURES, 'certs', 'server.crt'));
    assert.equal(cfg.security.keyFile, join(FIXTURES, 'certs', 'server.key'));
    // Keys the reference agent lacks keep hostpulse's defaults.
    assert.equal(cfg.agent.ringSize, 600);
    assert.equal(cfg.store.rawRetentionSec, 14 * DAY);
  });
});
