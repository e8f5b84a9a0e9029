import type * as JmespathModule from '@jmespath-community/jmespath';
import type { JSONValue } from '@jmespath-community/jmespath';
import { UsageError, messageOf } from '../core/errors.js';

/**
 * `--query`: a JMESPath expression applied to the `--output json` result, as in the AWS CLI
 * (https://jmespath.org). The expression is compiled before the command runs, so a bad one is a
 * usage error (exit 2) naming where it goes wrong, before any AWS request. The library is
 * imported only then: `--help` and commands without `--query` never load it.
 */
export interface Query {
  readonly expression: string;
  /** The part of `document` the expression selects (`null` when it selects nothing). */
  apply(document: unknown): unknown;
}

type Jmespath = typeof JmespathModule;
type ExpressionNode = ReturnType<Jmespath['compile']>;

/** Compiles `--query`; refuses an empty or malformed expression, and functions JMESPath does not have. */
export async function compileQuery(expression: string): Promise<Query> {
  const jmespath = await import('@jmespath-community/jmespath');
  if (expression.trim() === '') throw new UsageError('--query: expected a JMESPath expression, found an empty one');
  let ast: ExpressionNode;
  try {
    ast = jmespath.compile(expression);
  } catch (error) {
    throw new UsageError(syntaxMessage(jmespath, expression, error));
  }
  const unknown = functionNames(ast).find((name) => !jmespath.isRegistered(name));
  if (unknown !== undefined) {
    const column = expression.search(new RegExp(`\\b${unknown}\\s*\\(`)) + 1;
    throw new UsageError(
      `--query ${JSON.stringify(expression)}: JMESPath has no function ${unknown}(), at column ${column}; it has ${jmespath.getRegisteredFunctions().sort().join(', ')}`,
    );
  }
  return {
    expression,
    apply(document) {
      // The query sees the document exactly as --output json would print it (dates as strings,
      // undefined fields gone), and nothing the printed JSON does not hold.
      const json = JSON.parse(JSON.stringify(document) ?? 'null', withoutPrototype) as JSONValue;
      try {
        return jmespath.TreeInterpreter.search(ast, json);
      } catch (error) {
        // A function given the wrong type (`abs(name)`), known only once the data is there.
        throw new UsageError(
          `--query ${JSON.stringify(expression)}: ${messageOf(error)}`,
          'the command itself completed; run it again without --query to see its whole result',
        );
      }
    },
  };
}

/**
 * A JSON.parse reviver giving objects no prototype: the library looks a key up with `object[key]`,
 * so on a plain object `toString` or `constructor` would select a JavaScript function.
 */
function withoutPrototype(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const bare = Object.create(null) as Record<string, unknown>;
  // Assignment, not Object.assign: on a prototype-less object `__proto__` is an ordinary key.
  for (const [k, v] of Object.entries(value)) bare[k] = v;
  return bare;
}

/** The library's message, with the column where the expression stops being valid (it gives none). */
function syntaxMessage(jmespath: Jmespath, expression: string, error: unknown): string {
  const column = errorOffset(jmespath, expression) + 1;
  const reason = messageOf(error).replace(/^Syntax error[:,]?\s*/i, '');
  const at = column > expression.length ? 'at its end' : `at column ${column} (${JSON.stringify(expression.slice(column - 1, column + 9))})`;
  return `--query ${JSON.stringify(expression)}: not a valid JMESPath expression, ${at}: ${reason}`;
}

/**
 * Where a malformed expression goes wrong, as an offset: the end of the longest start that still
 * reads as tokens (a lexer error), or the first token at which no continuation could make it
 * valid (a parser error). A start that is merely unfinished (`foo[`) fails with "EOF" and is
 * not the place.
 */
function errorOffset(jmespath: Pick<Jmespath, 'tokenize' | 'compile'>, expression: string): number {
  let tokens: { start: number }[];
  try {
    tokens = jmespath.tokenize(expression);
  } catch {
    for (let end = expression.length - 1; end >= 0; end--) {
      if (lexes(jmespath, expression.slice(0, end))) return end;
    }
    return 0;
  }
  const starts = tokens.map((t) => t.start).filter((start) => start < expression.length);
  for (let i = 0; i < starts.length; i++) {
    const prefix = expression.slice(0, starts[i + 1] ?? expression.length);
    try {
      jmespath.compile(prefix);
    } catch (error) {
      if (!/EOF/.test(messageOf(error))) return starts[i]!;
    }
  }
  return expression.length;
}

function lexes(jmespath: Pick<Jmespath, 'tokenize'>, text: string): boolean {
  try {
    jmespath.tokenize(text);
    return true;
  } catch {
    return false;
  }
}

/** Every function the expression calls, in order (a literal's value is data, not calls). */
function functionNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(functionNames);
  if (node === null || typeof node !== 'object') return [];
  const { type, name } = node as { type?: unknown; name?: unknown };
  if (type === 'Literal') return [];
  const own = type === 'Function' ? [String(name)] : [];
  return [...own, ...Object.values(node).flatMap(functionNames)];
}
