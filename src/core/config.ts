import { existsSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { configSchema, REGION, type Config } from './schema.js';
import { ConfigError, messageOf } from './errors.js';
import { assertStackName } from './names.js';
import { readConfigText } from './config-text.js';

/** Aliases a config may expand (the yaml library's own default, made explicit: a guard against alias bombs). */
const MAX_ALIAS_COUNT = 100;
/** How deep a config may nest, blocks included (flow brackets are checked before parsing). */
const MAX_DEPTH = 64;
/** Problems listed in one error; more only repeat the lesson and cost time to locate. */
const MAX_ISSUES_SHOWN = 20;

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
  const relative = path.relative(cwd, file);
  const display = relative === '' || relative.startsWith('..') ? file : relative;
  const text = readConfigText(file, display);
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser gives positions for both formats. The yaml library's own
  // duplicate-key check compares each key with every earlier one (40,000 tags: 17 s); keys are
  // checked below in one pass instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const at = lineCounter.linePos(syntaxError.pos[0]);
    const why = /call stack/i.test(syntaxError.message) ? `nested more than ${MAX_DEPTH} levels deep` : (syntaxError.message.split('\n')[0] ?? '');
    throw new ConfigError(`${display}:${at.line}:${at.col}: not valid YAML: ${why}`);
  }
  checkKeysAndDepth(doc, lineCounter, display);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // yaml refuses alias bombs ("Excessive alias count …") here rather than in doc.errors.
    throw new ConfigError(`${display}: not valid YAML: ${messageOf(error)}`);
  }
  const located = { doc, lineCounter, display };
  const expanded = expandEnv(raw, options.env ?? process.env, [], located, []);
  return { config: applyOverrides(validate(expanded, located, display), options.overrides), file };
}

/** Refuses a key given twice in one map, and nesting deeper than {@link MAX_DEPTH}, in one pass over the document. */
function checkKeysAndDepth(doc: Document, lineCounter: LineCounter, display: string): void {
  visit(doc, {
    Map(_key, map, path) {
      if (path.length > MAX_DEPTH * 2) {
        const at = lineCounter.linePos(map.range?.[0] ?? 0);
        throw new ConfigError(`${display}:${at.line}:${at.col}: not valid YAML: nested more than ${MAX_DEPTH} levels deep`);
      }
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const at = lineCounter.linePos((pair.key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0);
        throw new ConfigError(`${display}:${at.line}:${at.col}: not valid YAML: Map keys must be unique (${JSON.stringify(key)} is given twice)`);
      }
    },
    Seq(_key, seq, path) {
      if (path.length > MAX_DEPTH * 2) {
        const at = lineCounter.linePos(seq.range?.[0] ?? 0);
        throw new ConfigError(`${display}:${at.line}:${at.col}: not valid YAML: nested more than ${MAX_DEPTH} levels deep`);
      }
    },
  });
}

/**
 * The config file a command reads: `--config PATH` (a ConfigError when there is no such file), or
 * the first of {@link CONFIG_FILE_NAMES} in `cwd`; undefined when there is none.
 */
export function findConfigFile(cwd: string, configPath: string | undefined): string | undefined {
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
  const { issues } = result.error;
  // Locating an issue walks the document: describe only the first few, however many there are.
  const lines = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => describeIssue(issue, data, located, display));
  if (issues.length > MAX_ISSUES_SHOWN) lines.push(`(and ${issues.length - MAX_ISSUES_SHOWN} more problems)`);
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
