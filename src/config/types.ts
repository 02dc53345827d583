// The validated configuration every module reads. Built once by loadConfig() from
// defaults < INI file < HOSTPULSE_<SECTION>_<KEY> env < command-line flags.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface AgentConfig {
  /** null: decided at start (127.0.0.1 without a token, 0.0.0.0 with one). */
  listenHost: string | null;
  listenPort: number;
  collectIntervalSec: number;
  ringSize: number;
  /** Absolute paths (resolved against the config file's folder, or the cwd without one). */
  csvDir: string;
  retentionDays: number;
  logFile: string;
  logLevel: LogLevel;
  dataDir: string;
  rootPath: string;
  /** null: the machine's hostname. */
  hostName: string | null;
}

export interface SecurityConfig {
  apiToken: string | null;
  readTokens: string[];
  ingestTokens: string[];
  useTls: boolean;
  certFile: string | null;
  keyFile: string | null;
  clientCaFile: string | null;
  corsOrigins: string[];
  rateLimitPerMinute: number;
}

export interface StoreConfig {
  /** Seconds. */
  rawRetentionSec: number;
  minuteRetentionSec: number;
  hourRetentionSec: number;
  maxDiskMb: number;
  maxSeries: number;
  /** Metric name patterns (`*` wildcard) kept out of the per-tick history. */
  exclude: string[];
}

export interface IngestConfig {
  /** Largest request body accepted, after decompression, in MiB. */
  maxBodyMb: number;
  /** Most labels one series may carry (host included). */
  maxLabels: number;
  /** Longest label value, characters. */
  maxLabelLength: number;
}

export interface MetricsConfig {
  /** Upper bounds of http_request_duration_seconds, increasing. */
  httpDurationBuckets: number[];
  /** Upper bounds of http_request_size_bytes and http_response_size_bytes, increasing. */
  httpSizeBuckets: number[];
}

export type ForwardKind = 'hostpulse' | 'remote_write' | 'influx' | 'json';

export interface ForwardTarget {
  name: string;
  kind: ForwardKind;
  url: string;
  token: string | null;
  intervalSec: number;
  maxQueueMb: number;
}

export interface Config {
  /** Absolute path of the INI file read, or null when running on built-in defaults. */
  file: string | null;
  agent: AgentConfig;
  security: SecurityConfig;
  store: StoreConfig;
  metrics: MetricsConfig;
  ingest: IngestConfig;
  forward: ForwardTarget[];
  /**
   * Where each value that is not a default came from, keyed "section.key" or "forward.NAME.key":
   * "FILE:LINE", "env VARIABLE" or "flag section.key". Set by loadConfig (check-config prints it);
   * optional so hand-built configs in tests can leave it out.
   */
  sources?: Readonly<Record<string, string>>;
}

/** A configuration problem that stops start-up; the message names file, line and key. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string | null = null,
    readonly line: number | null = null,
    readonly key: string | null = null,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
