// A small INI reader that keeps line numbers, so every config error can point at its line.
// Grammar (the subset of Python's configparser the reference agent's files use, plus inline comments):
//   [section]                       section header; an inline comment may follow
//   key = value   |   key: value    the first '=' or ':' separates; keys are lower-cased
//   ; comment   |   # comment       full-line comments
//   value ; comment                 inline comment: ';' or '#' after whitespace ends the value
//   key = "value"  |  key = 'value' quotes keep the inside verbatim (spaces, ';', '#')
// Anything else, a key before any section, a repeated section or a repeated key is an error
// (configparser's strict mode refuses the last two as well).

import { ConfigError } from './types.js';

export interface IniEntry {
  /** Lower-cased. */
  key: string;
  value: string;
  line: number;
}

export interface IniSection {
  /** As written, trimmed; the loader decides what names mean. */
  name: string;
  line: number;
  entries: IniEntry[];
}

export interface IniDocument {
  sections: IniSection[];
}

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function fail(file: string, line: number, message: string, key: string | null = null): never {
  throw new ConfigError(`${file}:${line}: ${message}`, file, line, key);
}

/** Index of an inline comment: ';' or '#' preceded by whitespace; -1 if none. */
function inlineCommentAt(text: string): number {
  const m = /\s[;#]/.exec(text);
  return m === null ? -1 : m.index;
}

/** The value part after the separator: unquoted (comment stripped, trimmed) or quoted (verbatim). */
function parseValue(rest: string, file: string, line: number, what: string, key: string): string {
  const text = rest.trimStart();
  const q = text[0];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, 1);
    if (close < 0) fail(file, line, `${what}: missing closing ${q}`, key);
    const after = text.slice(close + 1);
    if (after.trim() !== '' && !/^\s*[;#]/.test(after)) {
      fail(file, line, `${what}: unexpected text after the closing ${q}`, key);
    }
    return text.slice(1, close);
  }
  // Measure the comment on the untrimmed text so "key = ; note" reads as an empty value.
  const at = inlineCommentAt(rest);
  return (at < 0 ? rest : rest.slice(0, at)).trim();
}

export function parseIni(text: string, file: string): IniDocument {
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed[0] === ';' || trimmed[0] === '#') continue;

    if (trimmed[0] === '[') {
      const close = trimmed.indexOf(']');
      const after = close < 0 ? '' : trimmed.slice(close + 1);
      if (close < 0 || (after.trim() !== '' && !/^\s*[;#]/.test(after))) {
        fail(file, line, 'malformed section header; expected [name]');
      }
      const name = trimmed.slice(1, close).trim();
      if (name === '') fail(file, line, 'empty section name []');
      const dup = sections.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (dup !== undefined) fail(file, line, `[${name}]: section repeated (first at line ${dup.line})`);
      current = { name, line, entries: [] };
      sections.push(current);
      continue;
    }

    const eq = trimmed.indexOf('=');
    const colon = trimmed.indexOf(':');
    const sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    const key = sep < 0 ? '' : trimmed.slice(0, sep).trim().toLowerCase();
    if (sep < 0 || !KEY.test(key)) {
      // The line is not echoed: it may be a pasted secret.
      fail(file, line, 'not a section, key = value, key: value or comment line');
    }
    if (current === null)
      fail(file, line, `${key}: key outside any section; put it under [agent] or another section`, key);
    const what = `[${current.name}] ${key}`;
    const dup = current.entries.find((e) => e.key === key);
    const fullKey = `${current.name.toLowerCase()}.${key}`;
    if (dup !== undefined) fail(file, line, `${what}: key repeated (first at line ${dup.line})`, fullKey);
    const value = parseValue(trimmed.slice(sep + 1), file, line, what, fullKey);
    current.entries.push({ key, value, line });
  }
  return { sections };
}
