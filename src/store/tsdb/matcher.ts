// Series selectors in PromQL syntax: `name{a="b",c!="d",e=~"re",f!~"re"}`, `name`, `{__name__=~"x.*"}`.
// Regexes are fully anchored as in PromQL; an absent label matches as the empty string. Like
// Prometheus, a selector must hold at least one matcher that does not match the empty string, so
// `{a=""}` cannot select every series by accident. Errors name the 1-based column.

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  op: MatchOp;
  value: string;
}

export interface Selector {
  /** Exact metric name when the selector pins one (lets the index skip other names). */
  name: string | null;
  matchers: LabelMatcher[];
  matches(name: string, labels: Readonly<Record<string, string>>): boolean;
}

export class MatcherError extends Error {
  /** 0-based offset into the selector text. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at column ${offset + 1}`);
    this.name = 'MatcherError';
    this.offset = offset;
  }
}

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_CHAR = /[a-zA-Z0-9_]/;
const MAX_SELECTOR = 8192;

export function parseSelector(text: string): Selector {
  if (text.length > MAX_SELECTOR)
    throw new MatcherError(`selector longer than ${MAX_SELECTOR} characters`, 0);
  const p = new Parser(text);
  return p.selector();
}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  selector(): Selector {
    const matchers: LabelMatcher[] = [];
    const tests: ((v: string) => boolean)[] = [];
    this.ws();
    let name: string | null = null;
    if (NAME_START.test(this.peek())) {
      name = this.ident(NAME_START, NAME_CHAR);
      matchers.push({ label: '__name__', op: '=', value: name });
      tests.push(compile('=', name, 0));
      this.ws();
    }
    if (this.peek() === '{') {
      this.pos++;
      this.ws();
      while (this.peek() !== '}') {
        if (this.eof()) throw new MatcherError("unterminated '{': expected a label name or '}'", this.pos);
        const labelAt = this.pos;
        if (!LABEL_START.test(this.peek())) {
          throw new MatcherError(`expected a label name, found ${this.found()}`, this.pos);
        }
        const label = this.ident(LABEL_START, LABEL_CHAR);
        this.ws();
        const op = this.op();
        this.ws();
        const valueAt = this.pos;
        const value = this.string();
        matchers.push({ label, op, value });
        tests.push(compile(op, value, valueAt));
        if (label === '__name__' && op === '=') {
          if (name !== null && name !== value) {
            throw new MatcherError(`metric name given twice ('${name}' and '${value}')`, labelAt);
          }
          name = value;
        }
        this.ws();
        if (this.peek() === ',') {
          this.pos++;
          this.ws();
        } else if (this.peek() !== '}') {
          throw new MatcherError(`expected ',' or '}', found ${this.found()}`, this.pos);
        }
      }
      this.pos++;
      this.ws();
    }
    if (!this.eof()) throw new MatcherError(`unexpected ${this.found()}`, this.pos);
    if (matchers.length === 0)
      throw new MatcherError('empty selector: give a metric name or {label="value"}', 0);
    if (tests.every((t) => t(''))) {
      throw new MatcherError(
        'selector must contain at least one matcher that does not match the empty string',
        0,
      );
    }
    const labels = matchers.map((m) => m.label);
    return {
      name,
      matchers,
      matches(n: string, l: Readonly<Record<string, string>>): boolean {
        for (let i = 0; i < tests.length; i++) {
          const key = labels[i];
          const v = key === '__name__' ? n : (l[key] ?? '');
          if (!tests[i](v)) return false;
        }
        return true;
      },
    };
  }

  private op(): MatchOp {
    const c = this.peek();
    const d = this.s[this.pos + 1] ?? '';
    if (c === '=' && d === '~') {
      this.pos += 2;
      return '=~';
    }
    if (c === '=') {
      this.pos++;
      return '=';
    }
    if (c === '!' && (d === '=' || d === '~')) {
      this.pos += 2;
      return d === '=' ? '!=' : '!~';
    }
    throw new MatcherError(`expected one of '=', '!=', '=~', '!~', found ${this.found()}`, this.pos);
  }

  private string(): string {
    const q = this.peek();
    if (q !== '"' && q !== "'" && q !== '`') {
      throw new MatcherError(`expected a quoted string, found ${this.found()}`, this.pos);
    }
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.eof()) throw new MatcherError('unterminated string', start);
      const c = this.s[this.pos];
      if (c === q) {
        this.pos++;
        return out;
      }
      if (c === '\\' && q !== '`') {
        out += this.escape();
        continue;
      }
      if ((c === '\n' || c === '\r') && q !== '`')
        throw new MatcherError('line break inside a string', this.pos);
      out += c;
      this.pos++;
    }
  }

  private escape(): string {
    const at = this.pos;
    const c = this.s[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '\\':
      case '"':
      case "'":
        return c;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'x':
        return this.hex(2, at);
      case 'u':
        return this.hex(4, at);
      case 'U':
        return this.hex(8, at);
      default:
        throw new MatcherError(`unknown escape '\\${c ?? ''}'`, at);
    }
  }

  private hex(digits: number, at: number): string {
    const h = this.s.slice(this.pos, this.pos + digits);
    if (h.length !== digits || !/^[0-9a-fA-F]+$/.test(h)) {
      throw new MatcherError(`escape needs ${digits} hex digits`, at);
    }
    this.pos += digits;
    const cp = Number.parseInt(h, 16);
    if (cp > 0x10ffff) throw new MatcherError('escape beyond U+10FFFF', at);
    return String.fromCodePoint(cp);
  }

  private ident(start: RegExp, rest: RegExp): string {
    const from = this.pos;
    if (!start.test(this.peek())) throw new MatcherError(`expected a name, found ${this.found()}`, this.pos);
    this.pos++;
    while (!this.eof() && rest.test(this.s[this.pos])) this.pos++;
    return this.s.slice(from, this.pos);
  }

  private ws(): void {
    while (!this.eof() && /\s/.test(this.s[this.pos])) this.pos++;
  }
  private peek(): string {
    return this.s[this.pos] ?? '';
  }
  private eof(): boolean {
    return this.pos >= this.s.length;
  }
  private found(): string {
    return this.eof() ? 'end of input' : `'${this.s[this.pos]}'`;
  }
}

function compile(op: MatchOp, value: string, at: number): (v: string) => boolean {
  switch (op) {
    case '=':
      return (v) => v === value;
    case '!=':
      return (v) => v !== value;
    case '=~':
    case '!~': {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${value})$`);
      } catch (e) {
        throw new MatcherError(`invalid regular expression: ${(e as Error).message}`, at);
      }
      return op === '=~' ? (v) => re.test(v) : (v) => !re.test(v);
    }
  }
}
