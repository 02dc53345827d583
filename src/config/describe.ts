// The effective configuration as text: describeConfig() is what `hostpulse check-config` prints (an INI
// file that loads back to the same config, secrets masked), configSummary() the one line logged at start.
// Neither ever contains a token.

import {
  AGENT_KEYS,
  FORWARD_KEYS,
  type ForwardDraft,
  INGEST_KEYS,
  type KeySpec,
  METRICS_KEYS,
  SECURITY_KEYS,
  STORE_KEYS,
} from './schema.js';
import type { Config } from './types.js';
import { formatDuration } from './values.js';

/** INI text for a value, quoted when it would not read back as itself. */
function iniValue(v: string): string {
  if (v === '') return '';
  if (/^\s|\s$|\s[;#]|^[;#"']/.test(v)) return v.includes('"') ? `'${v}'` : `"${v}"`;
  return v;
}

function sectionLines<S>(
  header: string,
  keys: Record<string, KeySpec<S>>,
  target: S,
  prefix: string,
  sources: Readonly<Record<string, string>>,
): string[] {
  const lines = [`[${header}]`];
  for (const [key, spec] of Object.entries(keys)) {
    const value = iniValue(spec.show(target));
    const source = sources[`${prefix}.${key}`];
    const line = value === '' ? `${key} =` : `${key} = ${value}`;
    lines.push(source === undefined ? line : `${line}  ; from ${source}`);
  }
  return lines;
}

export function describeConfig(cfg: Config): string {
  const sources = cfg.sources ?? {};
  const out = [
    '; hostpulse effective configuration',
    `; file: ${cfg.file ?? 'none (built-in defaults)'}`,
    '; values without a "from" comment are defaults; secrets are shown as ****',
    '',
    ...sectionLines('agent', AGENT_KEYS, cfg.agent, 'agent', sources),
    '',
    ...sectionLines('security', SECURITY_KEYS, cfg.security, 'security', sources),
    '',
    ...sectionLines('store', STORE_KEYS, cfg.store, 'store', sources),
    '',
    ...sectionLines('metrics', METRICS_KEYS, cfg.metrics, 'metrics', sources),
    '',
    ...sectionLines('ingest', INGEST_KEYS, cfg.ingest, 'ingest', sources),
  ];
  for (const target of cfg.forward) {
    const draft: ForwardDraft = target;
    const name = `forward.${target.name}`;
    out.push('', ...sectionLines(name, FORWARD_KEYS, draft, name, sources));
  }
  return `${out.join('\n')}\n`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

/** One line for the start-up log: what runs where, with token counts but never tokens. */
export function configSummary(cfg: Config): string {
  const { agent: a, security: s, store: st } = cfg;
  const auth = [
    s.apiToken === null ? '' : 'api_token',
    s.readTokens.length === 0 ? '' : `${s.readTokens.length} read`,
    s.ingestTokens.length === 0 ? '' : `${s.ingestTokens.length} ingest`,
  ].filter((x) => x !== '');
  const parts = [
    `config=${cfg.file ?? 'defaults'}`,
    `listen=${a.listenHost ?? 'auto'}:${a.listenPort}`,
    `tls=${s.useTls ? (s.clientCaFile === null ? 'on' : 'mtls') : 'off'}`,
    `auth=${auth.length === 0 ? 'none' : auth.join('+')}`,
    `interval=${a.collectIntervalSec}s`,
    `ring=${a.ringSize}`,
    `host=${a.hostName ?? 'auto'}`,
    `root=${a.rootPath}`,
    `data_dir=${a.dataDir}`,
    `csv_dir=${a.csvDir}`,
    `retention_days=${a.retentionDays}`,
    `log=${a.logFile === '' ? 'console' : a.logFile}`,
    `log_level=${a.logLevel}`,
    `store=raw:${formatDuration(st.rawRetentionSec)},1m:${formatDuration(st.minuteRetentionSec)},` +
      `1h:${formatDuration(st.hourRetentionSec)},max_disk_mb:${st.maxDiskMb},max_series:${st.maxSeries}`,
    `cors=${s.corsOrigins.length === 0 ? 'off' : s.corsOrigins.join(',')}`,
    `rate_limit=${s.rateLimitPerMinute === 0 ? 'off' : `${s.rateLimitPerMinute}/min`}`,
    `forward=${cfg.forward.length === 0 ? 'none' : cfg.forward.map((f) => `${f.name}:${f.kind}@${hostOf(f.url)}`).join(',')}`,
  ];
  return parts.join(' ');
}
