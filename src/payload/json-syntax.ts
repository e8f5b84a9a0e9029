/** Where JSON text stops being JSON: the offset (UTF-16 index), its 1-based line and column, and why. */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

/** Deeper nesting than any model input needs; bounds the recursion of the scanner below. */
const MAX_JSON_DEPTH = 512;

/**
 * Finds the first syntax error in JSON text (RFC 8259), or returns undefined when it is valid.
 * `JSON.parse` says where it failed only in some of its messages, and differently across Node
 * versions; this scanner always gives the line and column.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new ScanStop(at, message);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const found = (): string => (i >= text.length ? 'the end of the input' : JSON.stringify(text[i]));
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${found()}`);
  };
  const string = (): void => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      PLAIN_CHARS.lastIndex = i;
      PLAIN_CHARS.exec(text);
      if (PLAIN_CHARS.lastIndex > i) {
        i = PLAIN_CHARS.lastIndex;
        continue;
      }
      const code = text.charCodeAt(i);
      if (code < 0x20) fail('a control character inside a string (escape it)');
      if (text[i] === '\\') {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits');
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else fail(`an invalid escape \\${esc ?? ''}`);
      } else i++;
    }
    if (i >= text.length) fail('a string is never closed (missing ")');
    i++;
  };
  const number = (): void => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) fail(`unexpected ${found()}`);
    else i += match[0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    ws();
    const c = text[i];
    if (c === '{')
      container('}', () => {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ":" after a property name, found ${found()}`);
        i++;
        value(depth + 1);
      });
    else if (c === '[') container(']', () => value(depth + 1));
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail(`expected a value, found ${found()}`);
  };
  const container = (close: string, member: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`expected "," or "${close}", found ${found()}`);
    }
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`unexpected ${found()} after the JSON value`);
    return undefined;
  } catch (error) {
    if (!(error instanceof ScanStop)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), message: error.message };
  }
}

// Sticky (`y`) patterns match at lastIndex without copying the rest of the text.
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// Characters a JSON string may hold unescaped: anything but a quote, a backslash and U+0000–U+001F (RFC 8259 §7).
// eslint-disable-next-line no-control-regex -- naming the control characters is the point
const PLAIN_CHARS = /[^"\\\u0000-\u001f]+/y;

class ScanStop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line and column of a UTF-16 offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      start = k + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
