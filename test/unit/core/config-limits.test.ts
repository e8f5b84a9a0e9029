import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/core/config.js';
import { MAX_CONFIG_BYTES, MAX_FLOW_DEPTH } from '../../../src/core/config-text.js';
import { ConfigError } from '../../../src/core/errors.js';

/**
 * Hostile and oversized configs (issue 13): each is refused with exit 2, quickly, before any
 * request. The times are generous bounds for a loaded CI machine; before the fixes these took
 * tens of seconds or never ended.
 */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-limits-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const BASE = 'name: churn\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img\nendpoint:\n  instanceType: ml.m5.large\n';

/** The error loading `content` throws, and the CPU time it took (not wall time: CI machines are shared). */
function refusal(content: string | Uint8Array, configPath?: string): { error: Error; ms: number } {
  const file = configPath ?? path.join(dir, 'sagectl.yaml');
  if (configPath === undefined) fs.writeFileSync(file, content);
  const before = process.cpuUsage();
  try {
    loadConfig({ cwd: dir, env: {}, configPath: file });
  } catch (error) {
    const used = process.cpuUsage(before);
    return { error: error as Error, ms: (used.user + used.system) / 1_000 };
  }
  throw new Error('expected loadConfig to throw');
}

describe('config size and shape limits', () => {
  it('refuses /dev/zero at once, having read one byte past the limit', () => {
    const { error, ms } = refusal('', '/dev/zero');
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`/dev/zero: larger than ${MAX_CONFIG_BYTES / 1024} KB, which no sagectl config needs`);
    expect(ms).toBeLessThan(1_000);
  });

  it('refuses a file one byte over the limit and reads one exactly at it', () => {
    const filler = (n: number): string => `${BASE}# ${'x'.repeat(n - BASE.length - 3)}\n`;
    expect(Buffer.byteLength(filler(MAX_CONFIG_BYTES))).toBe(MAX_CONFIG_BYTES);
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), filler(MAX_CONFIG_BYTES));
    expect(loadConfig({ cwd: dir, env: {} }).config.name).toBe('churn');
    expect(refusal(filler(MAX_CONFIG_BYTES + 1)).error.message).toMatch(/larger than 512 KB/);
  });

  it('a tags map with 15,000 keys is refused by the schema well under a second (the duplicate-key check was quadratic)', () => {
    const { error, ms } = refusal(`${BASE}tags:\n${Array.from({ length: 15_000 }, (_, i) => `  k${i}: v${i}\n`).join('')}`);
    expect(error.message).toMatch(/tags: expected at most 40 tags/);
    expect(ms).toBeLessThan(1_500);
  });

  it('a duplicate key is still found, in a large map, with its line', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `  k${i}: v\n`).join('');
    const { error, ms } = refusal(`${BASE}tags:\n${keys}  k17: again\n`);
    // (yaml's own check took seconds here)
    expect(error.message).toBe(`sagectl.yaml:${7 + 5_000 + 1}:3: not valid YAML: Map keys must be unique ("k17" is given twice)`);
    expect(ms).toBeLessThan(1_000);
  });

  it('lists the first 20 problems of thousands, and how many more', () => {
    const { error, ms } = refusal(`${BASE}tags:\n${Array.from({ length: 1_000 }, (_, i) => `  k${i}: ${'v'.repeat(300)}\n`).join('')}`);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('invalid config:');
    expect(lines).toHaveLength(1 + 20 + 1);
    expect(lines.at(-1)).toMatch(/^ {2}\(and \d+ more problems\)$/);
    expect(ms).toBeLessThan(1_500);
  });

  it.each([
    ['flow sequences', `${BASE}tags: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, `sagectl.yaml:7: nested more than ${MAX_FLOW_DEPTH} levels deep`],
    ['flow maps', `${BASE}tags: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`, `sagectl.yaml:7: nested more than ${MAX_FLOW_DEPTH} levels deep`],
  ])('refuses %s nested thousands deep before parsing (the parser ran out of memory)', (_what, text, message) => {
    const { error, ms } = refusal(text);
    expect(error.message).toBe(message);
    expect(ms).toBeLessThan(1_000);
  });

  it.each([
    ['block maps', Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
    ['block sequences', Array.from({ length: 400 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n')],
    ['compact sequences', `${'- '.repeat(5_000)}x`],
    ['blocks 100 deep', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
  ])('refuses %s nested too deep as a config error, not a crash', (_what, text) => {
    const { error, ms } = refusal(`${text}\n`);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/nested more than 64 levels deep/);
    expect(ms).toBeLessThan(1_500);
  });

  it('refuses invalid UTF-8 with its byte offset, rather than deploying U+FFFD', () => {
    const latin1 = Buffer.concat([Buffer.from(`${BASE}tags:\n  owner: caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    const { error } = refusal(latin1);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`sagectl.yaml: byte offset ${latin1.indexOf(0xe9)}: not valid UTF-8 (byte 0xe9)`);
  });

  it('reads a config that starts with a byte-order mark', () => {
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), `\ufeff${BASE}`);
    expect(loadConfig({ cwd: dir, env: {} }).config.name).toBe('churn');
  });
});

describe('schema limits that mirror AWS', () => {
  const problem = (yaml: string): string => refusal(`${BASE}${yaml}`).error.message;

  it('tag keys and values hold only what AWS allows', () => {
    expect(problem('tags:\n  "team#1": ml\n')).toMatch(/tags.team#1: expected a tag key of letters, digits, spaces and _ \. : \/ = \+ - @/);
    expect(problem('tags:\n  team: "a;b"\n')).toMatch(/tags.team: expected a tag value of letters/);
    expect(problem(`tags:\n  team: ${'v'.repeat(257)}\n`)).toMatch(/tags.team: Too big/);
  });

  it("a model's environment holds at most 32 KB of names and values", () => {
    const env = Array.from({ length: 40 }, (_, i) => `    V${i}: ${'x'.repeat(1000)}\n`).join('');
    expect(refusal(BASE.replace('  image: img\n', `  image: img\n  environment:\n${env}`)).error.message).toMatch(
      /model.environment: expected at most 32 KB of names and values in all/,
    );
  });

  it("a training job's environment holds at most 100 variables of 512 characters", () => {
    const many = Array.from({ length: 101 }, (_, i) => `    V${i}: x\n`).join('');
    expect(problem(`training:\n  environment:\n${many}`)).toMatch(/training.environment: expected at most 100 environment variables/);
    expect(problem(`training:\n  environment:\n    V: ${'x'.repeat(513)}\n`)).toMatch(/training.environment.V: Too big/);
  });
});
