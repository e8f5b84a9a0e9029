import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/core/config.js';
import { ConfigError } from '../../../src/core/errors.js';

// endpoint.input: what `invoke` and `--smoke-test` check a payload against.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-input-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(text: string): ReturnType<typeof loadConfig>['config'] {
  fs.writeFileSync(path.join(dir, 'sagectl.yaml'), text);
  return loadConfig({ cwd: dir, env: {} }).config;
}

function errorOf(text: string): string {
  try {
    load(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('endpoint.input', () => {
  it('accepts a feature count, or names with one type each, and the options', () => {
    expect(load('endpoint:\n  input: { contentType: text/csv, features: 13 }\n').endpoint?.input).toEqual({ contentType: 'text/csv', features: 13 });
    expect(
      load(
        'endpoint:\n  input:\n    contentType: application/json\n    features: [age, plan]\n    featureTypes: [integer, string]\n    header: false\n    allowEmpty: true\n    maxRows: 100\n',
      ).endpoint?.input,
    ).toEqual({
      contentType: 'application/json',
      features: ['age', 'plan'],
      featureTypes: ['integer', 'string'],
      header: false,
      allowEmpty: true,
      maxRows: 100,
    });
  });

  it.each([
    ['endpoint:\n  input: { features: 3 }\n', 'sagectl.yaml:2:10: endpoint.input.contentType: expected string, found nothing'],
    [
      'endpoint:\n  input: { contentType: csv, features: 3 }\n',
      'sagectl.yaml:2:25: endpoint.input.contentType: expected a MIME type such as text/csv or application/json, found "csv"',
    ],
    [
      'endpoint:\n  input: { contentType: text/csv, features: [a, a] }\n',
      'sagectl.yaml:2:45: endpoint.input.features: expected feature names without duplicates, found ["a","a"]',
    ],
    [
      'endpoint:\n  input: { contentType: text/csv, features: 2, featureTypes: [number] }\n',
      'sagectl.yaml:2:62: endpoint.input.featureTypes: expected 2 types, one per feature, found ["number"]',
    ],
    [
      'endpoint:\n  input: { contentType: text/csv, featureTypes: [number] }\n',
      'sagectl.yaml:2:10: endpoint.input.features: expected features (a count or names) when featureTypes lists one type per feature, found nothing',
    ],
    ['endpoint:\n  input: { contentType: text/csv, featuers: 3 }\n', 'sagectl.yaml:2:35: endpoint.input.featuers: unknown key "featuers"'],
  ])('%j → %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
