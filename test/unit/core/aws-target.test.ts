import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KNOWN_REGIONS, checkAwsTarget, checkProfile, checkRegion } from '../../../src/core/aws-target.js';
import { UsageError } from '../../../src/core/errors.js';

const refusal = async (call: () => unknown): Promise<UsageError> => {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a usage error');
};

describe('checkRegion', () => {
  it.each([...KNOWN_REGIONS])('accepts %s', (region) => {
    expect(() => checkRegion(region, '--region', false)).not.toThrow();
  });

  it('refuses a region-shaped name AWS does not run, naming the close ones', async () => {
    const error = await refusal(() => checkRegion('us-east-7', '--region', false));
    expect(error.message).toBe('--region: "us-east-7" is not an AWS region');
    expect(error.resolution).toContain('(us-east-1, us-east-2)');
  });

  it.each(['useast1', 'us-east', 'US-EAST-1', 'us-east-1a', 'moon-base-1', 'us-east-0'])(
    'refuses %j as not region-shaped, even against an emulator',
    async (region) => {
      expect((await refusal(() => checkRegion(region, 'AWS_REGION', true))).message).toBe(`AWS_REGION: "${region}" is not an AWS region name`);
    },
  );

  it('against an emulator (an endpoint override), any region-shaped name goes', () => {
    expect(() => checkRegion('us-east-7', '--region', true)).not.toThrow();
  });
});

describe('checkProfile and checkAwsTarget, with temporary AWS files', () => {
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-aws-'));
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    fs.writeFileSync(
      process.env.AWS_CONFIG_FILE,
      '[default]\nregion = us-east-1\n[profile ci]\nregion = eu-west-1\n[profile typo-region]\nregion = eu-west-9\n[sso-session corp]\nsso_region = us-east-1\n',
    );
    fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[keys-only]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n');
  });
  afterEach(() => {
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds profiles in either file, and returns the region a profile sets', async () => {
    expect(await checkProfile('ci')).toBe('eu-west-1');
    expect(await checkProfile('keys-only')).toBeUndefined();
  });

  it('refuses a profile that does not exist, listing those that do (not the sso-session)', async () => {
    const error = await refusal(() => checkProfile('nope'));
    expect(error.message).toBe('--profile nope: no such profile in the AWS config or credentials file');
    expect(error.resolution).toBe('profiles that exist: ci, default, keys-only, typo-region');
  });

  it('with no files at all, says none are configured', async () => {
    process.env.AWS_CONFIG_FILE = path.join(dir, 'absent');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'absent-too');
    expect((await refusal(() => checkProfile('nope'))).resolution).toMatch(/^no profiles are configured/);
  });

  it('checks the region that will be used: flag, then config, then AWS_REGION, then the profile', async () => {
    const env = { AWS_REGION: 'us-east-7' };
    expect((await refusal(() => checkAwsTarget({ regionFlag: 'eu-west-7' }, env))).message).toMatch(/^--region: "eu-west-7"/);
    expect((await refusal(() => checkAwsTarget({ configRegion: 'eu-west-7' }, env))).message).toMatch(/^region \(config\): "eu-west-7"/);
    expect((await refusal(() => checkAwsTarget({}, env))).message).toMatch(/^AWS_REGION: "us-east-7"/);
    expect((await refusal(() => checkAwsTarget({ profile: 'typo-region' }, {}))).message).toMatch(/^region of profile typo-region: "eu-west-9"/);
    await expect(checkAwsTarget({ profile: 'ci' }, {})).resolves.toBeUndefined();
    await expect(checkAwsTarget({}, { AWS_REGION: 'us-east-7', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' })).resolves.toBeUndefined();
  });
});
