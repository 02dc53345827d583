// Shared bits of the config tests: temp INI files and catching ConfigErrors.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/config/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config');

let root: string | null = null;

/** A fresh temp folder; `name` (may hold subfolders) is written with `text` inside it. */
export function tempIni(text: string, name = 'hp.ini'): { dir: string; file: string } {
  if (root === null) {
    const made = mkdtempSync(join(tmpdir(), 'hostpulse-config-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    root = made;
  }
  const dir = mkdtempSync(join(root, 't-'));
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { dir, file };
}

export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}
