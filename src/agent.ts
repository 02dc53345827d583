// The running agent: collector → ticker → pipeline (ring, CSV, …) and the HTTP server.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type Inventory, readInventory } from './collect/inventory.js';
import { createLinuxCollector } from './collect/linux/host-collector.js';
import type { HostCollector } from './collect/sample.js';
import { Ticker } from './collect/ticker.js';
import type { Config } from './config/types.js';
import { ConfigError } from './config/types.js';
import { HostExposition } from './export/host-exposition.js';
import { hostFamilies } from './export/host-families.js';
import { selfFamilies } from './export/self-families.js';
import { CustomMetrics } from './ingest/custom-metrics.js';
import { Ingestor } from './ingest/ingestor.js';
import { Pipeline, type Tick } from './pipeline.js';
import type { AgentView } from './server/agent-view.js';
import { buildApp, type TlsMaterial } from './server/app.js';
import { isLoopback, TokenAuth } from './server/auth.js';
import { CsvWriter, startHourlyPrune } from './store/csv.js';
import { Maintenance } from './store/maintenance.js';
import { compileNamePatterns, PointCache } from './store/points.js';
import { Ring } from './store/ring.js';
import { storeOptions, Tsdb } from './store/tsdb/tsdb.js';
import { VERSION } from './version.js';
import { type FlatSample, flatSample } from './views/flat.js';
import { flatHistory } from './views/flat-history.js';

export interface RunningAgent {
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:8443 */
  url: string;
  stop(): Promise<void>;
}

export interface AgentDeps {
  /** Wall clock in ms; injectable for tests. */
  now?: () => number;
  collector?: HostCollector;
}

/** Decides the bind address; without a token only loopback is allowed. */
export function resolveListenHost(cfg: Config, auth: TokenAuth): string {
  const host = cfg.agent.listenHost ?? (auth.enabled ? '0.0.0.0' : '127.0.0.1');
  if (!auth.enabled && !isLoopback(host)) {
    throw new ConfigError(
      `refusing to listen on ${host} without a token: anyone on the network could read this machine's metrics. ` +
        'Set [security] api_token in the config file (or HOSTPULSE_SECURITY_API_TOKEN, or --set security.api_token=…), ' +
        'or listen on 127.0.0.1.',
      cfg.file,
      null,
      'listen_host',
    );
  }
  return host;
}

function readPem(path: string | null, key: string, cfg: Config): Buffer {
  if (!path) throw new ConfigError(`use_tls is true but ${key} is not set`, cfg.file, null, key);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(`cannot read ${key} ${path}: ${(err as Error).message}`, cfg.file, null, key);
  }
}

export function loadTls(cfg: Config): TlsMaterial | null {
  if (!cfg.security.useTls) return null;
  const sec = cfg.security;
  return {
    cert: readPem(sec.certFile, 'cert_file', cfg),
    key: readPem(sec.keyFile, 'key_file', cfg),
    ...(sec.clientCaFile ? { ca: readPem(sec.clientCaFile, 'client_ca_file', cfg) } : {}),
  };
}

export async function startAgent(cfg: Config, log: Logger, deps: AgentDeps = {}): Promise<RunningAgent> {
  const now = deps.now ?? Date.now;
  const host = cfg.agent.hostName ?? hostname();
  const auth = new TokenAuth(cfg.security);
  const listenHost = resolveListenHost(cfg, auth);
  const tls = loadTls(cfg);

  const inventory: Inventory = readInventory(cfg.agent.rootPath, { hostName: host });
  const collector = deps.collector ?? createLinuxCollector({ root: cfg.agent.rootPath, host, log });
  const ring = new Ring<FlatSample>(cfg.agent.ringSize, (s) => s.ts_unix);
  const csv = new CsvWriter({ dir: cfg.agent.csvDir, retentionDays: cfg.agent.retentionDays, now, log });
  const stopPrune = startHourlyPrune(csv);
  let latest: Tick | null = null;
  const store = Tsdb.open({ ...storeOptions(cfg.store, cfg.agent.dataDir), now, log });
  const storePoints = new PointCache(host, compileNamePatterns(cfg.store.exclude));
  const custom = new CustomMetrics();
  const ingestor = new Ingestor(store, custom, cfg.ingest);

  const registry = new Registry();
  // Event-loop lag sampled once a second: the default 10 ms timer alone costs ~0.7 % of a core.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1000 });
  // Gauges named *_total fail promtool's lint; the per-type nodejs_active_* gauges stay.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ])
    registry.removeSingleMetric(name);

  const exposition: HostExposition = new HostExposition({
    root: cfg.agent.rootPath,
    hostFamilies: () => latest?.families ?? [],
    customFamilies: () => custom.families(),
    // Called only when scraped, after start-up: `ticker` is initialised by then.
    selfFamilies: () =>
      selfFamilies({
        version: VERSION,
        ticker: ticker.stats(),
        collectors: collector.stats(),
        csv: csv.stats(),
        store: store.stats(),
        ingest: ingestor.stats(),
        longTailFailures: exposition.failureCounts(),
      }),
    registry,
    intervalSec: cfg.agent.collectIntervalSec,
    log,
  });

  const pipeline = new Pipeline(log);
  const maintenance = new Maintenance(store, log);
  pipeline.add('ring', (t) => ring.push(t.flat));
  pipeline.add('csv', (t) => csv.append(t.flat));
  pipeline.add('store', (t) => {
    store.append(storePoints.points(t.families, t.sample.ts));
    maintenance.kick();
  });
  pipeline.add('exposition', () => exposition.onTick());

  // Warm-up read: CPU usage and rates are deltas, so the first real tick already has them.
  await collector.collect(now());
  const ticker = new Ticker(
    cfg.agent.collectIntervalSec,
    async () => {
      const { sample } = await collector.collect(now());
      latest = { sample, flat: flatSample(sample), families: hostFamilies(sample) };
      pipeline.publish(latest);
    },
    undefined,
    (err) => log.error({ err }, 'tick failed'),
  );

  const startedAt = now();
  const view: AgentView = {
    host,
    version: VERSION,
    inventory: () => inventory,
    latest: () => latest?.sample ?? null,
    latestFlat: () => latest?.flat ?? null,
    range: (sinceSec) => {
      const recent = ring.since(sinceSec);
      // The ring covers the window when it already held a sample before its start.
      const oldest = recent[0]?.ts_unix ?? Number.POSITIVE_INFINITY;
      if (ring.size > recent.length || oldest <= sinceSec) return recent;
      const older = flatHistory(store, host, Math.ceil(sinceSec * 1000), Math.round(oldest * 1000) - 1);
      return older.length === 0 ? recent : [...older, ...recent];
    },
    store: () => store,
    health: () => ({
      status: 'ok',
      host,
      version: VERSION,
      started_at: new Date(startedAt).toISOString(),
      uptime_sec: Math.round((now() - startedAt) / 1000),
      ticker: ticker.stats(),
      collectors: collector.stats(),
      ring: { size: ring.size, capacity: ring.capacity },
      csv: csv.stats(),
      store: { ...store.stats(), maintenance: maintenance.stats() },
      ingest: { ...ingestor.stats(), custom_series: custom.size },
      sinks: pipeline.stats(),
      exposition: {
        renders: exposition.cache.renders,
        scrape_collector_failures: exposition.failureCounts(),
      },
    }),
  };

  let app: FastifyInstance;
  try {
    app = await buildApp({
      agent: view,
      auth,
      log,
      tls,
      registry,
      metrics: cfg.metrics,
      exposition: exposition.cache,
      security: cfg.security,
      ingest: cfg.ingest,
      ingestor,
      custom,
    });
    await app.listen({ host: listenHost, port: cfg.agent.listenPort });
  } catch (err) {
    stopPrune();
    csv.close();
    store.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.agent.listenPort;
  const scheme = tls ? 'https' : 'http';
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  const url = `${scheme}://${urlHost}:${port}`;
  ticker.start();
  log.info(
    {
      url,
      tls: Boolean(tls),
      auth: auth.enabled,
      interval_sec: cfg.agent.collectIntervalSec,
      root: cfg.agent.rootPath,
    },
    `hostpulse ${VERSION} listening on ${url}`,
  );

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await ticker.stop();
      stopPrune();
      await app.close();
      maintenance.stop();
      csv.close();
      store.close();
      log.info('hostpulse stopped');
    })();
    return stopping;
  };
  return { app, url, stop };
}
