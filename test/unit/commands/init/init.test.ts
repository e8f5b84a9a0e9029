import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { init, stackNameFrom, type InitOptions } from '../../../../src/commands/init/index.js';
import { loadConfig } from '../../../../src/core/config.js';
import { ConfigError, UsageError } from '../../../../src/core/errors.js';
import { stackNameProblem } from '../../../../src/core/names.js';
import { SCHEMA_URL } from '../../../../src/core/version.js';
import { IamService, trustsService } from '../../../../src/services/iam.js';
import type { RoleInfo } from '../../../../src/services/iam.js';
import { testContext } from '../../helpers/context.js';
import { useServiceMock } from '../../helpers/mock-sdk.js';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
const IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const MODEL_DATA = 's3://my-ml-bucket/churn/output/model.tar.gz';

let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-init-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const options = (extra: Partial<InitOptions> = {}): InitOptions => ({
  file: path.join(dir, 'sagectl.yaml'),
  display: 'sagectl.yaml',
  force: false,
  ask: false,
  defaults: { stack: 'my-model', region: 'us-east-1' },
  ...extra,
});
const noRoles = (): Promise<RoleInfo[]> => Promise.reject(new Error('ListRoles must not be called'));
const written = (): string => fs.readFileSync(path.join(dir, 'sagectl.yaml'), 'utf8');

describe('init with flags (CI)', () => {
  it('writes a file sagectl loads as it is, the schema modeline first', async () => {
    const ctx = testContext();
    const result = await init(ctx, options({ stack: 'churn-xgb', region: 'eu-west-1', role: ROLE, image: IMAGE, modelData: MODEL_DATA }), noRoles);
    expect(result.placeholders).toEqual([]);
    expect(written().split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
    const { config } = loadConfig({ cwd: dir, env: {} });
    expect(config).toEqual({
      name: 'churn-xgb',
      region: 'eu-west-1',
      role: ROLE,
      model: { image: IMAGE, modelData: MODEL_DATA },
      endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 },
    });
    expect(ctx.ask).not.toHaveBeenCalled();
  });

  it('writes placeholders for what was not given: refused (exit 2) until filled, loaded once filled', async () => {
    const result = await init(testContext(), options(), noRoles);
    expect(result.placeholders.map((p) => p.key)).toEqual(['role', 'model.image', 'model.modelData']);
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(/SAGECTL_ROLE is not set/);
    const { config } = loadConfig({ cwd: dir, env: { SAGECTL_ROLE: ROLE, SAGECTL_IMAGE: IMAGE, SAGECTL_MODEL_DATA: MODEL_DATA } });
    expect(config).toMatchObject({ name: 'my-model', region: 'us-east-1', role: ROLE, model: { image: IMAGE, modelData: MODEL_DATA } });
  });

  it('refuses to overwrite a file without --force (exit 2, file unchanged), and overwrites with it', async () => {
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), 'name: mine\n');
    await expect(init(testContext(), options({ stack: 'churn-xgb' }), noRoles)).rejects.toThrow(UsageError);
    await expect(init(testContext(), options({ stack: 'churn-xgb' }), noRoles)).rejects.toThrow('sagectl.yaml exists; pass --force to overwrite it');
    expect(written()).toBe('name: mine\n');
    await init(testContext(), options({ stack: 'churn-xgb', force: true }), noRoles);
    expect(written()).toContain('name: churn-xgb');
  });
});

describe('init on a terminal', () => {
  const roles: RoleInfo[] = [
    { name: 'SageMakerExecution', arn: ROLE },
    { name: 'SageMakerStaging', arn: 'arn:aws:iam::123456789012:role/SageMakerStaging' },
  ];

  it('asks for each value the flags leave out, offering the roles SageMaker can assume by number', async () => {
    const answers = ['churn-xgb', '', '2', IMAGE, ''];
    const ctx = testContext({}, { interactive: true });
    ctx.ask.mockImplementation((_q, suggestion) => Promise.resolve(answers.shift() || suggestion || ''));
    const result = await init(ctx, options({ ask: true }), () => Promise.resolve(roles));
    expect(ctx.ask.mock.calls.map(([q, s]) => [q.split(' ')[0], s])).toEqual([
      ['Stack', 'my-model'],
      ['AWS', 'us-east-1'],
      ['Execution', '1'],
      ['Inference', undefined],
      ['Model', undefined],
    ]);
    expect(ctx.stderrLines).toContain(`  2) SageMakerStaging  ${roles[1]!.arn}`);
    expect(result.placeholders.map((p) => p.key)).toEqual(['model.modelData']);
    const { config } = loadConfig({ cwd: dir, env: { SAGECTL_MODEL_DATA: MODEL_DATA } });
    expect(config).toMatchObject({ name: 'churn-xgb', region: 'us-east-1', role: roles[1]!.arn, model: { image: IMAGE } });
  });

  it('asks again after an answer the config would refuse, and gives up with a usage error', async () => {
    const ctx = testContext({}, { interactive: true });
    const answers = ['Churn XGB', 'churn-xgb'];
    ctx.ask.mockImplementation((_q, suggestion) => Promise.resolve(answers.shift() ?? suggestion ?? ''));
    await init(ctx, options({ ask: true }), () => Promise.resolve([]));
    expect(ctx.stderrLines[0]).toMatch(/expected a stack name .*found "Churn XGB"/);
    expect(written()).toContain('name: churn-xgb');

    fs.rmSync(path.join(dir, 'sagectl.yaml'));
    const stubborn = testContext({}, { interactive: true });
    stubborn.ask.mockResolvedValue('not-a-region');
    await expect(init(stubborn, options({ ask: true, stack: 'churn-xgb' }), noRoles)).rejects.toThrow('--region: no valid answer after 3 tries');
    expect(fs.existsSync(path.join(dir, 'sagectl.yaml'))).toBe(false);
  });

  it('still asks for the role ARN when the roles cannot be listed', async () => {
    const ctx = testContext({}, { interactive: true });
    ctx.ask.mockImplementation((q, suggestion) => Promise.resolve(q.startsWith('Execution') ? ROLE : (suggestion ?? '')));
    await init(ctx, options({ ask: true }), () => Promise.reject(new Error('AccessDenied: iam:ListRoles')));
    ctx.log.expectLog(/cannot list IAM roles \(AccessDenied/, 'warn');
    expect(loadConfig({ cwd: dir, env: { SAGECTL_IMAGE: IMAGE, SAGECTL_MODEL_DATA: MODEL_DATA } }).config.role).toBe(ROLE);
  });
});

describe('stackNameFrom', () => {
  it('makes a valid stack name of any directory name', () => {
    fc.assert(fc.property(fc.string(), (name) => stackNameProblem(stackNameFrom(path.join('/tmp', name.replace(/\//g, '')))) === undefined));
    expect(stackNameFrom('/home/me/Churn_XGB')).toBe('churn-xgb');
  });
});

const trust = (statement: unknown): string => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));

describe('trustsService', () => {
  it.each([
    [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }, true],
    [[{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'sagemaker.amazonaws.com'] }, Action: ['sts:AssumeRole'] }], true],
    [{ Effect: 'Deny', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }, false],
    [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }, false],
    [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }, false],
    [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:TagSession' }, false],
  ])('%j → %s', (statement, expected) => {
    expect(trustsService(trust(statement), 'sagemaker.amazonaws.com')).toBe(expected);
  });

  it('counts a document it cannot read as no', () => {
    expect(trustsService('%E0%A4%A', 'sagemaker.amazonaws.com')).toBe(false);
    expect(trustsService(undefined, 'sagemaker.amazonaws.com')).toBe(false);
  });
});

describe('IamService.listRolesTrusting', () => {
  const { mock, service } = useServiceMock(IAMClient, (c, l) => new IamService(c, l));

  it('reads every page and keeps the roles SageMaker can assume, by name', async () => {
    const sagemaker = trust({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const lambda = trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const role = (name: string, doc: string) => ({
      RoleName: name,
      Arn: `arn:aws:iam::123456789012:role/${name}`,
      AssumeRolePolicyDocument: doc,
      Path: '/',
      RoleId: name,
      CreateDate: new Date(),
    });
    mock()
      .on(ListRolesCommand, { Marker: undefined })
      .resolves({ Roles: [role('Zeta', sagemaker), role('Fn', lambda)], IsTruncated: true, Marker: 'next' })
      .on(ListRolesCommand, { Marker: 'next' })
      .resolves({ Roles: [role('Alpha', sagemaker)], IsTruncated: false });
    const roles = await service().listRolesTrusting('sagemaker.amazonaws.com');
    expect(roles.map((r) => r.name)).toEqual(['Alpha', 'Zeta']);
    expect(mock().commandCalls(ListRolesCommand)).toHaveLength(2);
  });
});
