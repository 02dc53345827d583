// Every config key in one table per section: how to read it, how to print it, and a one-line help.
// The loader, describeConfig and the tests all walk these tables, so a key added here is parsed,
// printed and checked everywhere at once.

import { resolve } from 'node:path';
import type {
  AgentConfig,
  Config,
  ForwardKind,
  ForwardTarget,
  IngestConfig,
  MetricsConfig,
  SecurityConfig,
  StoreConfig,
} from './types.js';
import {
  formatDuration,
  maskUrl,
  parseAbsolutePath,
  parseBoolean,
  parseBuckets,
  parseDuration,
  parseForwardKind,
  parseHost,
  parseHttpUrl,
  parseInteger,
  parseLogLevel,
  parseNamePatterns,
  parseNumber,
  parseOptionalPath,
  parseOrigins,
  parsePath,
  parseToken,
  parseTokenList,
} from './values.js';

export interface ValueCtx {
  /** Relative paths resolve against this folder. */
  baseDir: string;
}

export interface KeySpec<S> {
  help: string;
  /** Printed masked; its value never appears in errors or output. */
  secret?: boolean;
  /** Parses raw text into target; throws ValueError. */
  apply(target: S, raw: string, ctx: ValueCtx): void;
  /** The effective value as INI text (secrets masked). */
  show(target: S): string;
}

export const MASK = '****';

const maskList = (list: string[]): string => list.map(() => MASK).join(', ');

export const AGENT_KEYS: Record<string, KeySpec<AgentConfig>> = {
  listen_host: {
    help: 'address to bind; empty = 127.0.0.1 without a token, all interfaces with one',
    apply: (c, raw) => {
      c.listenHost = parseHost(raw);
    },
    show: (c) => c.listenHost ?? '',
  },
  listen_port: {
    help: 'TCP port of the HTTP(S) server (0 = any free port)',
    apply: (c, raw) => {
      c.listenPort = parseInteger(raw, 0, 65535);
    },
    show: (c) => String(c.listenPort),
  },
  collect_interval_sec: {
    help: 'seconds between samples (0.1-3600, fractions allowed)',
    apply: (c, raw) => {
      c.collectIntervalSec = parseNumber(raw, 0.1, 3600);
    },
    show: (c) => String(c.collectIntervalSec),
  },
  ring_size: {
    help: 'samples kept in memory for /metrics/latest and /metrics/range',
    apply: (c, raw) => {
      c.ringSize = parseInteger(raw, 1, 10_000_000);
    },
    show: (c) => String(c.ringSize),
  },
  csv_dir: {
    help: 'folder of the daily metrics-YYYY-MM-DD.csv files',
    apply: (c, raw, ctx) => {
      c.csvDir = parsePath(raw, ctx.baseDir);
    },
    show: (c) => c.csvDir,
  },
  retention_days: {
    help: 'days of CSV files to keep (0 = keep forever)',
    apply: (c, raw) => {
      c.retentionDays = parseInteger(raw, 0, Number.MAX_SAFE_INTEGER, ' (0 = keep forever)');
    },
    show: (c) => String(c.retentionDays),
  },
  log_file: {
    help: 'log file, rotated (empty = console only)',
    apply: (c, raw, ctx) => {
      c.logFile = raw === '' ? '' : resolve(ctx.baseDir, raw);
    },
    show: (c) => c.logFile,
  },
  log_level: {
    help: 'DEBUG, INFO, WARNING, ERROR, CRITICAL (or trace, warn, fatal, silent)',
    apply: (c, raw) => {
      c.logLevel = parseLogLevel(raw);
    },
    show: (c) => c.logLevel,
  },
  data_dir: {
    help: 'folder of the metrics store (SQLite) and forward queues',
    apply: (c, raw, ctx) => {
      c.dataDir = parsePath(raw, ctx.baseDir);
    },
    show: (c) => c.dataDir,
  },
  root_path: {
    help: 'filesystem root to read /proc and /sys under (/host in a container)',
    apply: (c, raw) => {
      c.rootPath = parseAbsolutePath(raw);
    },
    show: (c) => c.rootPath,
  },
  host_name: {
    help: 'host name reported in samples and pushes (empty = the machine hostname)',
    apply: (c, raw) => {
      c.hostName = parseHost(raw);
    },
    show: (c) => c.hostName ?? '',
  },
};

export const SECURITY_KEYS: Record<string, KeySpec<SecurityConfig>> = {
  api_token: {
    help: 'bearer token granting every scope (read, ingest, admin)',
    secret: true,
    apply: (c, raw) => {
      c.apiToken = parseToken(raw);
    },
    show: (c) => (c.apiToken === null ? '' : MASK),
  },
  read_tokens: {
    help: 'comma-separated tokens that may only read',
    secret: true,
    apply: (c, raw) => {
      c.readTokens = parseTokenList(raw);
    },
    show: (c) => maskList(c.readTokens),
  },
  ingest_tokens: {
    help: 'comma-separated tokens that may only push metrics',
    secret: true,
    apply: (c, raw) => {
      c.ingestTokens = parseTokenList(raw);
    },
    show: (c) => maskList(c.ingestTokens),
  },
  use_tls: {
    help: 'serve HTTPS (needs cert_file and key_file)',
    apply: (c, raw) => {
      c.useTls = parseBoolean(raw);
    },
    show: (c) => String(c.useTls),
  },
  cert_file: {
    help: 'PEM certificate (chain) for TLS',
    apply: (c, raw, ctx) => {
      c.certFile = parseOptionalPath(raw, ctx.baseDir);
    },
    show: (c) => c.certFile ?? '',
  },
  key_file: {
    help: 'PEM private key for TLS',
    apply: (c, raw, ctx) => {
      c.keyFile = parseOptionalPath(raw, ctx.baseDir);
    },
    show: (c) => c.keyFile ?? '',
  },
  client_ca_file: {
    help: 'PEM CA bundle; when set, clients must present a certificate it signed (mTLS)',
    apply: (c, raw, ctx) => {
      c.clientCaFile = parseOptionalPath(raw, ctx.baseDir);
    },
    show: (c) => c.clientCaFile ?? '',
  },
  cors_origins: {
    help: 'comma-separated browser origins allowed by CORS, or * (empty = no CORS)',
    apply: (c, raw) => {
      c.corsOrigins = parseOrigins(raw);
    },
    show: (c) => c.corsOrigins.join(', '),
  },
  rate_limit_per_minute: {
    help: 'requests per minute per client (0 = no limit)',
    apply: (c, raw) => {
      c.rateLimitPerMinute = parseInteger(raw, 0, Number.MAX_SAFE_INTEGER, ' (0 = no limit)');
    },
    show: (c) => String(c.rateLimitPerMinute),
  },
};

export const STORE_KEYS: Record<string, KeySpec<StoreConfig>> = {
  raw_retention: {
    help: 'how long full-resolution points are kept (e.g. 14d, 36h, 90m, 2y, 1w, seconds)',
    apply: (c, raw) => {
      c.rawRetentionSec = parseDuration(raw);
    },
    show: (c) => formatDuration(c.rawRetentionSec),
  },
  minute_retention: {
    help: 'how long 1-minute rollups are kept',
    apply: (c, raw) => {
      c.minuteRetentionSec = parseDuration(raw);
    },
    show: (c) => formatDuration(c.minuteRetentionSec),
  },
  hour_retention: {
    help: 'how long 1-hour rollups are kept',
    apply: (c, raw) => {
      c.hourRetentionSec = parseDuration(raw);
    },
    show: (c) => formatDuration(c.hourRetentionSec),
  },
  max_disk_mb: {
    help: 'disk budget of the store in MiB; oldest data goes first (0 = no budget)',
    apply: (c, raw) => {
      c.maxDiskMb = parseInteger(raw, 0, Number.MAX_SAFE_INTEGER, ' (0 = no budget)');
    },
    show: (c) => String(c.maxDiskMb),
  },
  max_series: {
    help: 'most distinct series the store accepts (0 = no limit)',
    apply: (c, raw) => {
      c.maxSeries = parseInteger(raw, 0, Number.MAX_SAFE_INTEGER, ' (0 = no limit)');
    },
    show: (c) => String(c.maxSeries),
  },
  exclude: {
    help: 'comma-separated metric name patterns (* matches any run) the per-tick history leaves out',
    apply: (c, raw) => {
      c.exclude = parseNamePatterns(raw);
    },
    show: (c) => c.exclude.join(', '),
  },
};

/** A [forward.NAME] section while it is being read: kind and url may still be missing. */
export interface ForwardDraft extends Omit<ForwardTarget, 'kind' | 'url'> {
  kind: ForwardKind | null;
  url: string | null;
}

export const FORWARD_KEYS: Record<string, KeySpec<ForwardDraft>> = {
  kind: {
    help: 'hostpulse (another agent or hub), remote_write (Prometheus), influx (line protocol) or json',
    apply: (c, raw) => {
      c.kind = parseForwardKind(raw);
    },
    show: (c) => c.kind ?? '',
  },
  url: {
    help: 'http:// or https:// endpoint',
    apply: (c, raw) => {
      c.url = parseHttpUrl(raw);
    },
    show: (c) => (c.url === null ? '' : maskUrl(c.url)),
  },
  token: {
    help: 'bearer token sent to the target (empty = none)',
    secret: true,
    apply: (c, raw) => {
      c.token = parseToken(raw);
    },
    show: (c) => (c.token === null ? '' : MASK),
  },
  interval_sec: {
    help: 'seconds between batches (0.1-86400)',
    apply: (c, raw) => {
      c.intervalSec = parseNumber(raw, 0.1, 86400);
    },
    show: (c) => String(c.intervalSec),
  },
  max_queue_mb: {
    help: 'most MiB queued for this target while it is down; beyond it the oldest is dropped and counted',
    apply: (c, raw) => {
      c.maxQueueMb = parseInteger(raw, 1, Number.MAX_SAFE_INTEGER);
    },
    show: (c) => String(c.maxQueueMb),
  },
};

export const INGEST_KEYS: Record<string, KeySpec<IngestConfig>> = {
  max_body_mb: {
    help: 'largest request body accepted, after decompression, in MiB (413 beyond it)',
    apply: (c, raw) => {
      c.maxBodyMb = parseNumber(raw, 0.001, 1024);
    },
    show: (c) => String(c.maxBodyMb),
  },
  max_labels: {
    help: 'most labels one series may carry, host included (the point is rejected beyond it)',
    apply: (c, raw) => {
      c.maxLabels = parseInteger(raw, 1, 1000);
    },
    show: (c) => String(c.maxLabels),
  },
  max_label_length: {
    help: 'longest label value in characters (the point is rejected beyond it)',
    apply: (c, raw) => {
      c.maxLabelLength = parseInteger(raw, 1, 1_000_000);
    },
    show: (c) => String(c.maxLabelLength),
  },
};

/** node_exporter's long tail and constant info series: scrape them, don't keep them per second. */
export const DEFAULT_STORE_EXCLUDE = [
  'node_netstat_*',
  'node_sockstat_*',
  'node_vmstat_*',
  'node_softnet_*',
  'node_schedstat_*',
  'node_*_info',
] as const;

export const METRICS_KEYS: Record<string, KeySpec<MetricsConfig>> = {
  http_duration_buckets: {
    help: 'upper bounds (seconds) of the http_request_duration_seconds histogram',
    apply: (c, raw) => {
      c.httpDurationBuckets = parseBuckets(raw);
    },
    show: (c) => c.httpDurationBuckets.join(', '),
  },
  http_size_buckets: {
    help: 'upper bounds (bytes) of the http_request_size_bytes and http_response_size_bytes histograms',
    apply: (c, raw) => {
      c.httpSizeBuckets = parseBuckets(raw);
    },
    show: (c) => c.httpSizeBuckets.join(', '),
  },
};

/** Keys of the reference agent's files that hostpulse reads past: accepted, ignored. */
export const COMPAT_KEYS: Record<string, readonly string[]> = {
  // The reference agent's "mode" (auto/windows) picked its collector; hostpulse picks by platform.
  agent: ['mode'],
};

export const SECTION_KEYS = {
  agent: AGENT_KEYS,
  security: SECURITY_KEYS,
  store: STORE_KEYS,
  metrics: METRICS_KEYS,
  ingest: INGEST_KEYS,
} as const;

export type FixedSection = keyof typeof SECTION_KEYS;

export const FIXED_SECTIONS = Object.keys(SECTION_KEYS) as FixedSection[];

/** Forward target names: what fits a section header, a metric label and an env var. */
export const FORWARD_NAME = /^[A-Za-z0-9_-]+$/;

export function newForwardDraft(name: string): ForwardDraft {
  return { name, kind: null, url: null, token: null, intervalSec: 10, maxQueueMb: 256 };
}

/** Built-in defaults; relative default paths resolve against baseDir. */
export function defaultConfig(baseDir: string): Config {
  return {
    file: null,
    agent: {
      listenHost: null,
      listenPort: 8443,
      collectIntervalSec: 1,
      ringSize: 600,
      csvDir: resolve(baseDir, 'csv'),
      retentionDays: 7,
      logFile: resolve(baseDir, 'agent.log'),
      logLevel: 'info',
      dataDir: resolve(baseDir, 'data'),
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
      rawRetentionSec: 14 * 86400,
      minuteRetentionSec: 90 * 86400,
      hourRetentionSec: 2 * 365 * 86400,
      maxDiskMb: 1024,
      maxSeries: 100_000,
      exclude: [...DEFAULT_STORE_EXCLUDE],
    },
    metrics: {
      httpDurationBuckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      httpSizeBuckets: [100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000],
    },
    ingest: { maxBodyMb: 16, maxLabels: 32, maxLabelLength: 2048 },
    forward: [],
  };
}
