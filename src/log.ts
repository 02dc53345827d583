// One pino logger for the whole process: console plus a size-rotated file, like the reference
// agent's StreamHandler + RotatingFileHandler(maxBytes=5MB, backupCount=5). Both sinks run on the
// main thread (pino.multistream): worker-thread transports would cost more memory than the agent.

import { createRequire } from 'node:module';
import { pino } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { LogLevel } from './config/types.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level: LogLevel;
  /** Log file path; null logs to the console only. */
  file: string | null;
  /** Default true. */
  console?: boolean;
  /** Human-readable console lines; default: whether the console is a TTY. JSON otherwise. */
  pretty?: boolean;
  /** Console descriptor; default 1 (stdout). Commands that print data on stdout pass 2. */
  consoleFd?: 1 | 2;
  /** Rotate the file once it reaches this size; default 5 MiB. */
  maxBytes?: number;
  /** Rotated files kept (file.1 … file.N, oldest dropped); default 5. */
  backups?: number;
}

export interface LoggerHandle {
  log: Logger;
  /** Flushes and closes the file; the console descriptor stays open. */
  close(): Promise<void>;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_BACKUPS = 5;

/**
 * Secrets never reach a log line. fast-redact paths match one level each, so the common places a
 * token travels are listed: request headers, config objects, and bare `token` fields.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'token',
  'api_token',
  'apiToken',
  '*.token',
  '*.api_token',
  '*.apiToken',
];

// pino-pretty (~2 MB resident) is loaded only when a terminal will read the console.
const loadPretty = (): typeof import('pino-pretty') =>
  createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');

export function createLogger(opts: LoggerOptions): LoggerHandle {
  const streams: pino.StreamEntry[] = [];
  const closers: Array<() => Promise<void>> = [];

  if (opts.console ?? true) {
    const fd = opts.consoleFd ?? 1;
    const isTty = (fd === 1 ? process.stdout : process.stderr).isTTY === true;
    // Synchronous writes: a handful of lines a minute, and none lost when the process dies.
    const stream =
      (opts.pretty ?? isTty)
        ? loadPretty()({ destination: fd, sync: true, colorize: isTty, translateTime: 'SYS:standard' })
        : pino.destination({ dest: fd, sync: true });
    streams.push({ level: 'trace', stream });
  }

  if (opts.file !== null) {
    const file = openRotatingFile(
      opts.file,
      opts.maxBytes ?? DEFAULT_LOG_MAX_BYTES,
      opts.backups ?? DEFAULT_LOG_BACKUPS,
    );
    streams.push({ level: 'trace', stream: file.sink });
    closers.push(file.close);
  }

  const log = pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than numbers: the file is read by people and by grep as often as by tools.
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.multistream(streams),
  );

  let closed: Promise<void> | null = null;
  return {
    log,
    close() {
      closed ??= Promise.all(closers.map((c) => c())).then(() => undefined);
      return closed;
    },
  };
}

interface RotatingFile {
  sink: { write(line: string): void };
  close(): Promise<void>;
}

/**
 * Classic numbered rotation (agent.log → agent.log.1 → … → agent.log.N) as Python's
 * RotatingFileHandler does it. A failing log file must never take the agent down: the error is
 * reported once on stderr and the file sink goes quiet while the console keeps logging.
 */
function openRotatingFile(path: string, maxBytes: number, backups: number): RotatingFile {
  const rfs: RotatingFileStream = createStream(path, { size: `${maxBytes}B`, rotate: backups });
  let failed = false;
  rfs.on('error', (err: Error) => {
    if (failed) return;
    failed = true;
    process.stderr.write(`hostpulse: log file ${path} disabled: ${err.message}\n`);
  });
  return {
    sink: {
      write(line: string) {
        if (!failed) rfs.write(line);
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (failed || rfs.destroyed) return resolve();
        rfs.once('close', resolve);
        rfs.once('error', () => resolve());
        rfs.end();
      }),
  };
}
