import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIni } from '../../src/config/ini.js';
import { ConfigError } from '../../src/config/types.js';

function entries(text: string) {
  return parseIni(text, 'x.ini').sections.map((s) => ({
    name: s.name,
    line: s.line,
    entries: s.entries.map((e) => [e.key, e.value, e.line]),
  }));
}

function iniError(text: string, file = 'x.ini'): ConfigError {
  try {
    parseIni(text, file);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('parseIni', () => {
  it('reads sections, both separators, and line numbers counting blanks and comments', () => {
    const text = [
      '; leading comment', // 1
      '# another', // 2
      '', // 3
      '[agent]', // 4
      'listen_port = 8443', // 5
      '  csv_dir:csv  ', // 6
      '', // 7
      '[security]', // 8
      'api_token=abc', // 9
    ].join('\n');
    assert.deepEqual(entries(text), [
      {
        name: 'agent',
        line: 4,
        entries: [
          ['listen_port', '8443', 5],
          ['csv_dir', 'csv', 6],
        ],
      },
      { name: 'security', line: 8, entries: [['api_token', 'abc', 9]] },
    ]);
  });

  it('lower-cases keys and keeps the section name as written', () => {
    assert.deepEqual(entries('[Forward.Hub]\nURL = http://x\nLog_Level = INFO\n'), [
      {
        name: 'Forward.Hub',
        line: 1,
        entries: [
          ['url', 'http://x', 2],
          ['log_level', 'INFO', 3],
        ],
      },
    ]);
  });

  it('splits on the first = or :, so URLs and values with = survive', () => {
    assert.deepEqual(entries('[f]\nurl = http://h:8080/a?b=c\nurl2: http://h:1/x=y\n')[0].entries, [
      ['url', 'http://h:8080/a?b=c', 2],
      ['url2', 'http://h:1/x=y', 3],
    ]);
  });

  it('strips inline comments only after whitespace', () => {
    const text = '[s]\na = 1 ; one\nb = 2 # two\nc = x;y#z\nd = ; nothing\ne =\nf = v\t; tab\n';
    assert.deepEqual(entries(text)[0].entries, [
      ['a', '1', 2],
      ['b', '2', 3],
      ['c', 'x;y#z', 4],
      ['d', '', 5],
      ['e', '', 6],
      ['f', 'v', 7],
    ]);
  });

  it('keeps quoted values verbatim without the quotes', () => {
    const text = `[s]\na = "  spaced ; not # comment  "\nb = 'it "is"' ; trailing comment\nc = ""\nd = "x" # c\n`;
    assert.deepEqual(entries(text)[0].entries, [
      ['a', '  spaced ; not # comment  ', 2],
      ['b', 'it "is"', 3],
      ['c', '', 4],
      ['d', 'x', 5],
    ]);
  });

  it('accepts CRLF line ends, a BOM and a comment after a section header', () => {
    assert.deepEqual(entries('\uFEFF[agent] ; main\r\nlisten_port = 1\r\n'), [
      { name: 'agent', line: 1, entries: [['listen_port', '1', 2]] },
    ]);
  });

  it('rejects a line that is neither section, entry nor comment, naming file and line', () => {
    const err = iniError('[agent]\nlisten_port = 1\nthis is junk\n', 'conf/hp.ini');
    assert.match(err.message, /^conf\/hp\.ini:3: /);
    assert.equal(err.file, 'conf/hp.ini');
    assert.equal(err.line, 3);
  });

  it('does not echo an unreadable line (it may be a pasted secret)', () => {
    const err = iniError('[security]\nsuper-secret-token-value\n');
    assert.match(err.message, /^x\.ini:2: /);
    assert.ok(!err.message.includes('super-secret-token-value'));
  });

  it('rejects keys before any section, bad headers, unclosed quotes and text after quotes', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['listen_port = 1\n', 1, /outside any section/],
      ['[agent\n', 1, /section header/],
      ['[]\n', 1, /empty section/],
      ['[agent] x\n', 1, /section header/],
      ['[s]\n\na = "open\n', 3, /\[s\] a: missing closing "/],
      ["[s]\na = 'x' y\n", 2, /\[s\] a: unexpected text after the closing '/],
      ['[s]\n= value\n', 2, /not a section/],
      ['[s]\nbad key = 1\n', 2, /not a section/],
    ];
    for (const [text, line, re] of cases) {
      const err = iniError(text);
      assert.equal(err.line, line, text);
      assert.match(err.message, re, text);
      assert.ok(err.message.startsWith(`x.ini:${line}: `), err.message);
    }
  });

  it('rejects a repeated section or key, pointing at both lines', () => {
    const s = iniError('[agent]\na = 1\n[store]\n[Agent]\n');
    assert.equal(s.line, 4);
    assert.match(s.message, /repeated \(first at line 1\)/);
    const k = iniError('[agent]\na = 1\nA = 2\n');
    assert.equal(k.line, 3);
    assert.equal(k.key, 'agent.a');
    assert.match(k.message, /\[agent\] a: key repeated \(first at line 2\)/);
  });

  it('reads back any value that contains no quote, comment marker or edge blanks', () => {
    const value = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((v) => !/[;#"'\r\n]/.test(v) && v.trim() === v);
    fc.assert(
      fc.property(value, fc.constantFrom(' = ', '=', ': ', ':'), (v, sep) => {
        const doc = parseIni(`[s]\nk${sep}${v}\n`, 'p.ini');
        assert.equal(doc.sections[0].entries[0].value, v);
      }),
    );
  });

  it('reads back any quoted value without that quote character', () => {
    const value = fc.string({ maxLength: 30 }).filter((v) => !/["\r\n]/.test(v));
    fc.assert(
      fc.property(value, (v) => {
        const doc = parseIni(`[s]\nk = "${v}" ; note\n`, 'p.ini');
        assert.equal(doc.sections[0].entries[0].value, v);
      }),
    );
  });
});
