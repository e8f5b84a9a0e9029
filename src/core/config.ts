import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { configSchema, REGION, type Config } from './schema.js';
import { ConfigError, messageOf } from './errors.js';
import { assertStackName } from './names.js';

/** Files looked for in the working directory, in this order, when `--config` is not given. */
export const CONFIG_FILE_NAMES = ['sagectl.yaml', 'sagectl.yml', 'sagectl.json'] as const;

/** A validated config and the file it came from (none when the command ran without one). */
export interface LoadedConfig {
  config: Config;
  file?: string;
}

/** Flags that override the file. */
export interface ConfigOverrides {
  stack?: string;
  region?: string;
}

export interface LoadConfigOptions {
  /** `--config PATH`; when absent the working directory is searched. */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
  /** When false, a missing file yields an empty config (status and teardown need none). */
  required?: boolean;
}

/**
 * Loads, expands and validates the config before any AWS call.
 * Every error names the file, the line and column, the path inside the file, what was expected
 * and what was found, and is a {@link ConfigError} (exit 2).
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = findConfigFile(cwd, options.configPath);
  if (file === undefined) {
    if (options.required) {
      throw new ConfigError(
        `no config file: looked for ${CONFIG_FILE_NAMES.join(', ')} in ${cwd}`,
        'create sagectl.yaml (see examples/) or pass --config PATH',
      );
    }
    return { config: applyOverrides(validate({}, undefined, '(flags)'), options.overrides) };
  }
  const display = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${display}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser gives positions for both formats.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const at = lineCounter.linePos(syntaxError.pos[0]);
    throw new ConfigError(`${display}:${at.line}:${at.col}: not valid YAML: ${syntaxError.message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (error) {
    // yaml refuses alias bombs ("Excessive alias count …") here rather than in doc.errors.
    throw new ConfigError(`${display}: not valid YAML: ${messageOf(error)}`);
  }
  const located = { doc, lineCounter, display };
  const expanded = expandEnv(raw, options.env ?? process.env, [], located, []);
  return { config: applyOverrides(validate(expanded, located, display), options.overrides), file };
}

function findConfigFile(cwd: string, configPath: string | undefined): string | undefined {
  if (configPath !== undefined) {
    const resolved = path.resolve(cwd, configPath);
    if (!existsSync(resolved)) throw new ConfigError(`--config ${configPath}: no such file`);
    return resolved;
  }
  return CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).find((p) => existsSync(p));
}

interface Located {
  doc: Document;
  lineCounter: LineCounter;
  display: string;
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expands `${VAR}` and `${VAR:-default}` in every string; an unset variable without a default is an error.
 * `ancestors` catches a YAML alias to its own parent (`a: &x [*x]`), which toJS turns into a cycle.
 */
function expandEnv(value: unknown, env: NodeJS.ProcessEnv, at: (string | number)[], located: Located, ancestors: object[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`${where(located, at)} ${dotted(at)}: environment variable ${name} is not set (write \${${name}:-default} for a default)`);
    });
  }
  if (value !== null && typeof value === 'object') {
    if (ancestors.includes(value)) throw new ConfigError(`${where(located, at)} ${dotted(at)}: an alias refers to a node that contains it`);
    const inside = [...ancestors, value];
    if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, [...at, i], located, inside));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, [...at, k], located, inside)]));
  }
  return value;
}

function validate(data: unknown, located: Located | undefined, display: string): Config {
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => describeIssue(issue, data, located, display));
  const [first, ...rest] = lines;
  throw new ConfigError(rest.length === 0 ? (first ?? 'invalid config') : `invalid config:\n  ${lines.join('\n  ')}`);
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, located: Located | undefined, display: string): string {
  const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const keyPath = [...at, key];
    return `${located ? where(located, keyPath, true) : display} ${dotted(keyPath)}: unknown key "${key}"${suggestion(issue.keys.length)}`;
  }
  if (issue.code === 'invalid_key') {
    // A record key failed its own schema (a reserved `sagectl:` tag key): say why, and show the key, not its value.
    const key = at[at.length - 1] ?? '';
    const expected = issue.issues.map((i) => i.message).join('; ') || issue.message;
    return `${located ? where(located, at, true) : display} ${dotted(at)}: ${expected}, found key ${JSON.stringify(key)}`;
  }
  const found = valueAt(data, at);
  const expected = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  const shown = found === undefined ? 'nothing' : JSON.stringify(found);
  return `${located ? where(located, at) : display} ${dotted(at) || '(top level)'}: ${expected}, found ${shown}`;
}

function suggestion(count: number): string {
  return count > 1 ? ` (and ${count - 1} more)` : '';
}

function dotted(at: (string | number)[]): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(data: unknown, at: (string | number)[]): unknown {
  let current: unknown = data;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** `file:line:col` of the node at `at` (or of its key), falling back to the nearest ancestor that exists. */
function where(located: Located, at: (string | number)[], pointAtKey = false): string {
  const { doc, lineCounter, display } = located;
  for (let depth = at.length; depth >= 0; depth--) {
    const node = nodeAt(doc, at.slice(0, depth), pointAtKey && depth === at.length);
    if (node?.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return `${display}:${pos.line}:${pos.col}:`;
    }
  }
  return `${display}:`;
}

function nodeAt(doc: Document, at: (string | number)[], key: boolean): Node | undefined {
  if (!key || at.length === 0) return doc.getIn(at, true) as Node | undefined;
  const parent = doc.getIn(at.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === at[at.length - 1]);
  return pair?.key as Node | undefined;
}

function applyOverrides(config: Config, overrides: ConfigOverrides | undefined): Config {
  if (overrides?.stack !== undefined) assertStackName(overrides.stack, '--stack');
  if (overrides?.region !== undefined && !REGION.test(overrides.region)) {
    throw new ConfigError(`--region: expected an AWS region such as us-east-1, found "${overrides.region}"`);
  }
  const result = { ...config };
  if (overrides?.stack !== undefined) result.name = overrides.stack;
  if (overrides?.region !== undefined) result.region = overrides.region;
  return result;
}
