// Builds the one validated Config: defaults < INI file < HOSTPULSE_<SECTION>_<KEY> env < flags.
// Every value is parsed in the layer that supplied it, so an error names that exact place (file and
// line, variable, or flag), even when a higher layer would have overridden it: a broken file is
// reported, not masked.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseIni } from './ini.js';
import {
  COMPAT_KEYS,
  defaultConfig,
  FIXED_SECTIONS,
  type FixedSection,
  FORWARD_KEYS,
  FORWARD_NAME,
  type ForwardDraft,
  type KeySpec,
  newForwardDraft,
  SECTION_KEYS,
} from './schema.js';
import { didYouMean } from './suggest.js';
import { type Config, ConfigError, type ForwardTarget } from './types.js';
import { ValueError } from './values.js';

export type FlagValue = string | number | boolean | undefined;

export interface LoadOptions {
  /** INI file; relative to cwd. null/undefined/'' = built-in defaults. */
  file?: string | null;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Keys "section.key" (e.g. "agent.listen_port") or "forward.NAME.key". */
  flags?: Record<string, FlagValue>;
  /** Defaults to process.cwd(). */
  cwd?: string;
}

/** Where one raw value came from. */
interface Origin {
  /** Message prefix and source label: "config.ini:7", "env HOSTPULSE_AGENT_LISTEN_PORT", "flag agent.listen_port". */
  where: string;
  file: string | null;
  line: number | null;
  /** Relative paths in this value resolve here: the file's folder for the file, cwd for env and flags. */
  baseDir: string;
}

interface ForwardEntry {
  draft: ForwardDraft;
  /** Where the target was first declared, for "kind: required" errors. */
  origin: Origin;
}

function configError(origin: Origin, label: string, key: string, message: string): ConfigError {
  return new ConfigError(`${origin.where}: ${label}: ${message}`, origin.file, origin.line, key);
}

class Loader {
  /** Origin of every value not left at its default, keyed "section.key" / "forward.NAME.key". */
  readonly origins = new Map<string, Origin>();
  readonly forwards = new Map<string, ForwardEntry>();

  constructor(
    readonly cfg: Config,
    readonly cwd: string,
  ) {}

  /** Parses one value into its target and records its origin; a ValueError gains the origin. */
  private applyTo<S>(
    target: S,
    spec: KeySpec<S>,
    raw: string,
    origin: Origin,
    label: string,
    key: string,
  ): void {
    try {
      spec.apply(target, raw, { baseDir: origin.baseDir });
    } catch (err) {
      if (err instanceof ValueError) throw configError(origin, label, key, err.message);
      throw err;
    }
    this.origins.set(key, origin);
  }

  /** A key of [agent], [security], [store] or [metrics]; unknownHint adds layer-specific advice to "unknown key". */
  applyFixed(section: FixedSection, key: string, raw: string, origin: Origin, unknownHint: string): void {
    const specs = SECTION_KEYS[section] as Record<string, KeySpec<unknown>>;
    const spec = specs[key];
    if (spec === undefined) {
      if (COMPAT_KEYS[section]?.includes(key)) return;
      throw configError(origin, `[${section}] ${key}`, `${section}.${key}`, `unknown key${unknownHint}`);
    }
    this.applyTo(this.cfg[section], spec, raw, origin, `[${section}] ${key}`, `${section}.${key}`);
  }

  forward(name: string, origin: Origin): ForwardEntry {
    const id = forwardId(name);
    let entry = this.forwards.get(id);
    if (entry === undefined) {
      entry = { draft: newForwardDraft(name), origin };
      this.forwards.set(id, entry);
    }
    return entry;
  }

  applyForward(entry: ForwardEntry, key: string, raw: string, origin: Origin, unknownHint: string): void {
    const label = `[forward.${entry.draft.name}] ${key}`;
    const fullKey = `forward.${entry.draft.name}.${key}`;
    const spec = FORWARD_KEYS[key];
    if (spec === undefined) throw configError(origin, label, fullKey, `unknown key${unknownHint}`);
    this.applyTo(entry.draft, spec, raw, origin, label, fullKey);
  }
}

/** Forward names compare case-insensitively and with '-' = '_', so env vars can reach [forward.my-hub]. */
function forwardId(name: string): string {
  return name.toLowerCase().replaceAll('-', '_');
}

function keyHint(key: string, section: FixedSection | 'forward'): string {
  const own = section === 'forward' ? FORWARD_KEYS : SECTION_KEYS[section];
  const suggestion = didYouMean(key, Object.keys(own));
  if (suggestion !== '') return suggestion;
  const home = FIXED_SECTIONS.find((s) => s !== section && key in SECTION_KEYS[s]);
  if (home !== undefined) return `; it belongs in [${home}]`;
  return `; known keys: ${Object.keys(own).join(', ')}`;
}

function readConfigFile(display: string, abs: string): string {
  try {
    return readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'config file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a config file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'config file not readable (permission denied)'
            : `config file not readable (${(err as Error).message})`;
    const where = display === abs ? abs : `${display} (${abs})`;
    throw new ConfigError(`${where}: ${why}`, display, null, null);
  }
}

function loadFile(loader: Loader, display: string, abs: string): void {
  const doc = parseIni(readConfigFile(display, abs), display);
  const baseDir = dirname(abs);
  const at = (line: number): Origin => ({ where: `${display}:${line}`, file: display, line, baseDir });
  for (const section of doc.sections) {
    const lower = section.name.toLowerCase();
    const fixed = FIXED_SECTIONS.find((s) => s === lower);
    if (fixed !== undefined) {
      for (const e of section.entries)
        loader.applyFixed(fixed, e.key, e.value, at(e.line), keyHint(e.key, fixed));
      continue;
    }
    const origin = at(section.line);
    if (lower.startsWith('forward.')) {
      const name = section.name.slice('forward.'.length);
      if (!FORWARD_NAME.test(name)) {
        throw configError(
          origin,
          `[${section.name}]`,
          lower,
          'forward target names use letters, digits, - and _ only',
        );
      }
      if (loader.forwards.has(forwardId(name))) {
        throw configError(origin, `[${section.name}]`, lower, 'forward target declared twice');
      }
      const entry = loader.forward(name, origin);
      for (const e of section.entries)
        loader.applyForward(entry, e.key, e.value, at(e.line), keyHint(e.key, 'forward'));
      continue;
    }
    const hint =
      lower === 'forward'
        ? '; forward targets are named, e.g. [forward.hub]'
        : didYouMean(lower, [...FIXED_SECTIONS, 'forward.NAME'], (s) => `[${s}]`) ||
          '; known sections: [agent], [security], [store], [metrics], [ingest], [forward.NAME]';
    throw configError(origin, `[${section.name}]`, lower, `unknown section${hint}`);
  }
}

const ENV_PREFIX = 'HOSTPULSE_';

function loadEnv(loader: Loader, env: NodeJS.ProcessEnv): void {
  // Sorted so targets declared only in env come out in a stable order.
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    if (raw === undefined || !name.toUpperCase().startsWith(ENV_PREFIX)) continue;
    const rest = name.slice(ENV_PREFIX.length).toLowerCase();
    const origin: Origin = { where: `env ${name}`, file: null, line: null, baseDir: loader.cwd };
    const fixed = FIXED_SECTIONS.find((s) => rest.startsWith(`${s}_`));
    if (fixed !== undefined) {
      const key = rest.slice(fixed.length + 1);
      const near = didYouMean(key, Object.keys(SECTION_KEYS[fixed]), (k) =>
        `${ENV_PREFIX}${fixed}_${k}`.toUpperCase(),
      );
      loader.applyFixed(fixed, key, raw.trim(), origin, near || keyHint(key, fixed));
      continue;
    }
    if (!rest.startsWith('forward_')) continue; // other HOSTPULSE_* variables are not config keys
    const tail = rest.slice('forward_'.length);
    // Names may hold '_' too, so split on the known key at the end (longest first: max_queue_mb).
    const key = Object.keys(FORWARD_KEYS)
      .sort((a, b) => b.length - a.length)
      .find((k) => tail.endsWith(`_${k}`) && tail.length > k.length + 1);
    if (key === undefined) {
      throw new ConfigError(
        `env ${name}: expected HOSTPULSE_FORWARD_<NAME>_<KEY> with KEY one of ` +
          Object.keys(FORWARD_KEYS)
            .map((k) => k.toUpperCase())
            .join(', '),
        null,
        null,
        null,
      );
    }
    const target = tail.slice(0, tail.length - key.length - 1);
    if (!FORWARD_NAME.test(target)) {
      throw new ConfigError(`env ${name}: bad forward target name "${target}"`, null, null, null);
    }
    loader.applyForward(loader.forward(target, origin), key, raw.trim(), origin, '');
  }
}

function loadFlags(loader: Loader, flags: Record<string, FlagValue>): void {
  for (const [flag, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const raw = String(value).trim();
    const origin: Origin = { where: `flag ${flag}`, file: null, line: null, baseDir: loader.cwd };
    const parts = flag.split('.');
    // Flags may come from --kebab-case options, so '-' in a key means '_'.
    const key = (parts[parts.length - 1] ?? '').toLowerCase().replaceAll('-', '_');
    const section = parts[0].toLowerCase();
    const fixed = FIXED_SECTIONS.find((s) => s === section);
    if (fixed !== undefined && parts.length === 2) {
      loader.applyFixed(fixed, key, raw, origin, keyHint(key, fixed));
    } else if (section === 'forward' && parts.length === 3 && FORWARD_NAME.test(parts[1])) {
      loader.applyForward(loader.forward(parts[1], origin), key, raw, origin, keyHint(key, 'forward'));
    } else {
      throw new ConfigError(
        `flag ${flag}: expected section.key (e.g. agent.listen_port) or forward.NAME.key`,
        null,
        null,
        null,
      );
    }
  }
}

function originOf(loader: Loader, key: string): Origin {
  return loader.origins.get(key) ?? { where: 'defaults', file: null, line: null, baseDir: loader.cwd };
}

function finishForwards(loader: Loader): ForwardTarget[] {
  const out: ForwardTarget[] = [];
  for (const { draft, origin } of loader.forwards.values()) {
    for (const key of ['kind', 'url'] as const) {
      if (draft[key] === null) {
        throw configError(
          origin,
          `[forward.${draft.name}] ${key}`,
          `forward.${draft.name}.${key}`,
          `required (every forward target needs kind and url)`,
        );
      }
    }
    const { kind, url } = draft;
    if (kind !== null && url !== null) out.push({ ...draft, kind, url });
  }
  return out;
}

function crossCheck(loader: Loader): void {
  const sec = loader.cfg.security;
  if (sec.useTls) {
    for (const [field, key] of [
      ['certFile', 'cert_file'],
      ['keyFile', 'key_file'],
    ] as const) {
      if (sec[field] === null) {
        throw configError(
          originOf(loader, 'security.use_tls'),
          '[security] use_tls',
          `security.${key}`,
          `use_tls is on but ${key} is not set; set [security] ${key} to a PEM file`,
        );
      }
    }
  } else if (sec.clientCaFile !== null) {
    throw configError(
      originOf(loader, 'security.client_ca_file'),
      '[security] client_ca_file',
      'security.client_ca_file',
      'client certificates need TLS; set use_tls = true (with cert_file and key_file)',
    );
  }
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const display = opts.file ?? '';
  const abs = display === '' ? null : resolve(cwd, display);
  const cfg = defaultConfig(abs === null ? cwd : dirname(abs));
  cfg.file = abs;
  const loader = new Loader(cfg, cwd);
  if (abs !== null) loadFile(loader, display, abs);
  loadEnv(loader, opts.env ?? process.env);
  loadFlags(loader, opts.flags ?? {});
  cfg.forward = finishForwards(loader);
  crossCheck(loader);
  cfg.sources = Object.fromEntries([...loader.origins].map(([key, o]) => [key, o.where]));
  return cfg;
}
