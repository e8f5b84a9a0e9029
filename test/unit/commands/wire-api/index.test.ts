import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wireApi, renderWireApi, LAMBDA_RUNTIME, PERMISSION_ID, type WireApiOptions } from '../../../../src/commands/wire-api/index.js';
import { AwsRequestError, ExitCode, UsageError, WaitTimeoutError } from '../../../../src/core/errors.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeWireApi, ACCOUNT } from '../../helpers/fake-wire-api.js';
import { testContext } from '../../helpers/context.js';

const ZIP = new Uint8Array([1, 2, 3]);
const OPTIONS: WireApiOptions = { zip: ZIP, dryRun: false };
const managed = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };

let fake: FakeWireApi;
const run = (config: Config = {}, options: Partial<WireApiOptions> = {}, ctx = testContext({ name: 'churn', ...config })) =>
  wireApi(ctx, fake, { ...OPTIONS, ...options });

beforeEach(() => {
  fake = new FakeWireApi();
});

describe('wire-api, first run', () => {
  it('creates the role, log group, function and API, wires POST /predict to the function and deploys the stage', async () => {
    const result = await run();
    expect(fake.mutatingCalls()).toEqual([
      'createRole',
      'putRolePolicy',
      'createLogGroup',
      'createFunction',
      'createRestApi',
      'createResource',
      'putLambdaProxyMethod',
      'allowInvoke',
      'deploy',
    ]);
    const api = fake.apis[0]!;
    expect(result).toMatchObject({
      outcome: 'created',
      apiId: api.id,
      stage: 'prod',
      path: 'predict',
      url: `https://${api.id}.execute-api.us-east-1.amazonaws.com/prod/predict`,
      functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:churn-invoke`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/churn-invoke-role`,
    });
    const predict = api.resources.find((r) => r.path === '/predict')!;
    expect(api.methods.get(`${predict.id} POST`)).toEqual({
      type: 'AWS_PROXY',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:churn-invoke/invocations`,
      apiKeyRequired: false,
    });
    expect(api.methods.has(`${predict.id} OPTIONS`)).toBe(false);
    expect(api.deployments).toEqual([{ id: result.deploymentId, stage: 'prod' }]);
    expect(fake.permissions.get(`churn-invoke/${PERMISSION_ID}`)).toEqual({
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.id}/*/POST/predict`,
    });
  });

  it('gives the function the built code, a current Node.js runtime and the endpoint in its environment, all tagged', async () => {
    await run({ api: { contentType: 'application/json', accept: 'application/json', cors: 'https://app.example.com' }, tags: { team: 'ml' } });
    const fn = fake.functions.get('churn-invoke')!;
    expect(fn.spec).toMatchObject({ runtime: LAMBDA_RUNTIME, handler: 'handler.handler', zip: ZIP, roleArn: `arn:aws:iam::${ACCOUNT}:role/churn-invoke-role` });
    expect(fn.spec.environment).toEqual({
      ENDPOINT_NAME: 'churn',
      CONTENT_TYPE: 'application/json',
      ACCEPT: 'application/json',
      CORS_ORIGIN: 'https://app.example.com',
    });
    expect(LAMBDA_RUNTIME).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    for (const tags of [fn.tags, fake.roles.get('churn-invoke-role')!.tags, fake.apis[0]!.tags, fake.logGroups.get('/aws/lambda/churn-invoke')!]) {
      expect(tags).toMatchObject({ ...managed, team: 'ml' });
    }
  });

  it('adds the OPTIONS preflight and stage throttling when configured', async () => {
    await run({ api: { cors: true, throttle: { rateLimit: 5, burstLimit: 10 } } });
    const api = fake.apis[0]!;
    const predict = api.resources.find((r) => r.path === '/predict')!;
    expect(api.methods.get(`${predict.id} OPTIONS`)).toMatchObject({ type: 'MOCK' });
    expect(api.throttle).toEqual({ rateLimit: 5, burstLimit: 10 });
    expect(fake.functions.get('churn-invoke')!.spec.environment.CORS_ORIGIN).toBe('*');
  });

  it('uses the configured stage and path', async () => {
    const result = await run({ api: { stage: 'v1', path: 'score' } });
    expect(result.url).toMatch(/\/v1\/score$/);
    expect(fake.permissions.get(`churn-invoke/${PERMISSION_ID}`)!.sourceArn).toMatch(/\/\*\/POST\/score$/);
  });
});

describe('the role-propagation retry', () => {
  it('retries CreateFunction while the new role cannot be assumed, with growing waits and no fixed sleep', async () => {
    fake.roleNotReadyTimes = 3;
    const ctx = testContext({ name: 'churn' });
    await run({}, {}, ctx);
    expect(fake.calls.filter((c) => c === 'createFunction')).toHaveLength(4);
    expect(ctx.clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('gives up at the deadline with a timeout (exit 5) that says what to do', async () => {
    fake.roleNotReadyTimes = 1000;
    const error = await run({}, { roleWaitMs: 30_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).resolution).toMatch(/teardown churn/);
  });

  it('does not retry any other CreateFunction error', async () => {
    fake.createFunctionError = new AwsRequestError('CreateFunction', 'InvalidParameterValueException', 'Value nodejs99.x at runtime is invalid');
    const ctx = testContext({ name: 'churn' });
    await expect(run({}, {}, ctx)).rejects.toBeInstanceOf(AwsRequestError);
    expect(fake.calls.filter((c) => c === 'createFunction')).toHaveLength(1);
    expect(ctx.clock.sleeps).toEqual([]);
    expect(fake.apis).toHaveLength(0);
  });
});

describe('wire-api, re-run', () => {
  it('finds the API by its tag and updates: same API, function code and configuration updated, stage redeployed', async () => {
    const first = await run();
    fake.calls.length = 0;
    const second = await run({}, { zip: new Uint8Array([9]) });
    expect(second.apiId).toBe(first.apiId);
    expect(second.outcome).toBe('updated');
    expect(fake.apis).toHaveLength(1);
    expect(fake.mutatingCalls()).toEqual([
      'tagRole',
      'updateTrust',
      'putRolePolicy',
      'tagFunction',
      'updateConfiguration',
      'updateCode',
      'tagLogGroup',
      'tagRestApi',
      'deleteMethod',
      'putLambdaProxyMethod',
      'allowInvoke',
      'deploy',
    ]);
    expect(fake.functions.get('churn-invoke')!.spec.zip).toEqual(new Uint8Array([9]));
    expect(fake.apis[0]!.deployments).toHaveLength(2);
  });

  it('never adopts an API of another stack or one without the managed-by tag', async () => {
    fake.apis.push({
      id: 'theirs',
      name: 'churn-api',
      tags: { 'sagectl:stack': 'churn' },
      resources: [],
      methods: new Map(),
      deployments: [],
      stages: new Set<string>(),
    });
    fake.apis.push({
      id: 'other',
      name: 'other-api',
      tags: { ...managed, 'sagectl:stack': 'other' },
      resources: [],
      methods: new Map(),
      deployments: [],
      stages: new Set<string>(),
    });
    const result = await run();
    expect(result.apiId).not.toMatch(/theirs|other/);
    expect(fake.apis).toHaveLength(3);
  });

  it('removes the OPTIONS method when CORS is turned off', async () => {
    await run({ api: { cors: true } });
    await run({ api: { cors: false } });
    const api = fake.apis[0]!;
    expect([...api.methods.keys()].filter((k) => k.endsWith('OPTIONS'))).toEqual([]);
  });

  it('refuses a role or function of the same name that sagectl does not manage, before changing anything', async () => {
    fake.roles.set('churn-invoke-role', { arn: 'arn:aws:iam::1:role/churn-invoke-role', trust: {}, tags: { team: 'x' }, policies: new Map() });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/IAM role churn-invoke-role exists but is not managed/);
    expect(fake.mutatingCalls()).toEqual([]);
  });
});

describe('wire-api refuses to start', () => {
  it.each([
    ['the endpoint does not exist', 'absent', /endpoint churn does not exist/],
    ['the endpoint is still Creating', 'Creating', /endpoint churn is Creating, not InService/],
    ['the endpoint Failed', 'Failed', /is Failed/],
  ] as const)('when %s: exit 2, nothing created', async (_what, status, message) => {
    fake = new FakeWireApi(status);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.Usage);
    expect((error as Error).message).toMatch(message);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('without a stack name: exit 2, no AWS call at all', async () => {
    await expect(wireApi(testContext({}), fake, OPTIONS)).rejects.toThrow(/needs a stack name/);
    expect(fake.calls).toEqual([]);
  });

  it('with a quota but no API key', async () => {
    await expect(run({ api: { quota: 100 } })).rejects.toThrow(/api.quota applies only with api.apiKey/);
    expect(fake.calls).toEqual([]);
  });
});

describe('api.apiKey', () => {
  it('requires the key on POST, creates a usage plan (throttle, quota) and a key, and shows the key once', async () => {
    const first = await run({ api: { apiKey: true, quota: 1000, throttle: { rateLimit: 5, burstLimit: 10 } } });
    const api = fake.apis[0]!;
    const predict = api.resources.find((r) => r.path === '/predict')!;
    expect(api.methods.get(`${predict.id} POST`)!.apiKeyRequired).toBe(true);
    expect(fake.plans[0]!.spec).toEqual({ name: 'churn-plan', apiId: api.id, stage: 'prod', throttle: { rateLimit: 5, burstLimit: 10 }, quotaPerDay: 1000 });
    expect(fake.keys[0]).toMatchObject({ name: 'churn-key', planId: fake.plans[0]!.id, tags: expect.objectContaining(managed) as object });
    expect(first.apiKey!.value).toMatch(/^secret-/);
    expect(first.curl).toContain(`x-api-key: ${first.apiKey!.value}`);
    expect(renderWireApi(first)).toContain('shown once');

    const second = await run({ api: { apiKey: true, quota: 2000, throttle: { rateLimit: 7, burstLimit: 14 } } });
    expect(fake.plans).toHaveLength(1);
    expect(fake.planUpdates).toEqual([
      {
        planId: fake.plans[0]!.id,
        ops: [
          { op: 'replace', path: '/throttle/rateLimit', value: '7' },
          { op: 'replace', path: '/throttle/burstLimit', value: '14' },
          { op: 'replace', path: '/quota/limit', value: '2000' },
        ],
      },
    ]);
    expect(fake.keys).toHaveLength(1);
    expect(second.apiKey).toEqual({ id: first.apiKey!.id, usagePlanId: fake.plans[0]!.id });
    expect(renderWireApi(second)).not.toContain('secret-');
  });

  it('a run killed between creating the key and attaching it: the re-run attaches that key, shows it, and creates no second one', async () => {
    fake.killAfterCreateApiKey = true;
    await expect(run({ api: { apiKey: true } })).rejects.toThrow(/killed/);
    fake.killAfterCreateApiKey = false;
    expect(fake.keys).toHaveLength(1);
    expect(fake.keys[0]!.planId).toBeUndefined();

    const rerun = await run({ api: { apiKey: true } });
    expect(fake.keys).toHaveLength(1);
    expect(fake.keys[0]!.planId).toBe(fake.plans[0]!.id);
    expect(fake.calls.filter((c) => c === 'createApiKey')).toHaveLength(1);
    expect(rerun.apiKey).toEqual({ id: fake.keys[0]!.id, usagePlanId: fake.plans[0]!.id, value: `secret-${fake.keys[0]!.id}` });
    expect(renderWireApi(rerun)).toContain('shown once');

    // Attached now: a third run neither attaches nor shows it again.
    const third = await run({ api: { apiKey: true } });
    expect(third.apiKey).toEqual({ id: fake.keys[0]!.id, usagePlanId: fake.plans[0]!.id });
    expect(fake.calls.filter((c) => c === 'attachApiKey')).toHaveLength(2);
  });
});

describe('--dry-run and --page', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-page-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run checks the endpoint and changes nothing', async () => {
    const result = await run({}, { dryRun: true, page: path.join(dir, 'index.html') });
    expect(result.outcome).toBe('planned');
    expect(fake.mutatingCalls()).toEqual([]);
    expect(existsSync(path.join(dir, 'index.html'))).toBe(false);
    expect(renderWireApi(result)).toMatch(/dry run/);
  });

  it('--page writes the page with the invoke URL baked in', async () => {
    const file = path.join(dir, 'index.html');
    const result = await run({}, { page: file });
    expect(result.page).toBe(file);
    expect(readFileSync(file, 'utf8')).toContain(JSON.stringify(result.url).slice(1, -1));
  });
});

describe('renderWireApi', () => {
  it('prints the URL and a ready curl command', async () => {
    const text = renderWireApi(await run());
    expect(text).toMatch(/url\s+https:\/\/id\d+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/predict/);
    expect(text).toMatch(/curl -sS -X POST 'https:\/\/.+\/prod\/predict' -H 'Content-Type: text\/csv' --data '1.5,2.5,3.5'/);
  });
});

describe('wire-api on a REST API without a root resource', () => {
  it('fails as the resource it is (exit 4, naming the API), not as a bug', async () => {
    await run();
    const api = fake.apis[0]!;
    api.resources = [];
    const error = await run().catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: ExitCode.ResourceFailed, message: `REST API ${api.id} has no root resource (/): it cannot be wired` });
  });
});

describe('wire-api converges on a changed config', () => {
  it('deletes the stage the config no longer declares, after deploying the new one, and says so', async () => {
    await run({ api: { stage: 'prod' } });
    fake.calls.length = 0;
    const result = await run({ api: { stage: 'live' } });
    const api = fake.apis[0]!;
    expect([...api.stages]).toEqual(['live']);
    const calls = fake.mutatingCalls();
    expect(calls.indexOf('deploy')).toBeLessThan(calls.indexOf('deleteStage'));
    expect(result.removedStages).toEqual(['prod']);
    expect(renderWireApi(result)).toContain('removed   stage prod');
  });

  it('takes a removed stage out of the usage plan before deleting it', async () => {
    await run({ api: { stage: 'prod', apiKey: true } });
    const apiId = fake.apis[0]!.id;
    fake.plans[0]!.stages.push({ apiId: 'another-api', stage: 'prod' });
    fake.calls.length = 0;
    await run({ api: { stage: 'live', apiKey: true } });
    const removal = fake.planUpdates.at(-1)!;
    expect(removal).toEqual({ planId: fake.plans[0]!.id, ops: [{ op: 'remove', path: '/apiStages', value: `${apiId}:prod` }] });
    expect(fake.calls.lastIndexOf('updateUsagePlan')).toBeLessThan(fake.calls.indexOf('deleteStage'));
  });

  it('--dry-run names the stage it would remove and removes nothing', async () => {
    await run({ api: { stage: 'prod' } });
    fake.calls.length = 0;
    const plan = await run({ api: { stage: 'live' } }, { dryRun: true });
    expect(plan.removedStages).toEqual(['prod']);
    expect(renderWireApi(plan)).toContain('remove stage     prod');
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('keeps other stages when its settings are not the stack own (keepOtherStages)', async () => {
    await run({ api: { stage: 'live' } });
    await run({}, { keepOtherStages: true });
    expect([...fake.apis[0]!.stages].sort()).toEqual(['live', 'prod']);
  });

  it('puts a tag added to the config on the role, the function, its log group and the API on re-run', async () => {
    await run();
    await run({ tags: { team: 'ml' } });
    expect(fake.roles.get('churn-invoke-role')!.tags).toMatchObject({ team: 'ml' });
    expect(fake.functions.get('churn-invoke')!.tags).toMatchObject({ team: 'ml' });
    expect(fake.logGroups.get('/aws/lambda/churn-invoke')).toMatchObject({ team: 'ml', ...managed });
    expect(fake.apis[0]!.tags).toMatchObject({ team: 'ml', ...managed });
  });

  it('retags the log group by its ARN (no trailing :*) with the whole tag set, after the function is known to be the stack’s', async () => {
    await run();
    fake.calls.length = 0;
    fake.tagged.length = 0;
    await run({ tags: { team: 'ml', cost: 'c1' } });
    const calls = fake.calls.filter((c) => ['updateCode', 'tagLogGroup', 'tagRestApi'].includes(c));
    expect(calls).toEqual(['updateCode', 'tagLogGroup', 'tagRestApi']);
    expect(fake.tagged.find(([what]) => what.startsWith('log-group'))).toEqual([
      'log-group /aws/lambda/churn-invoke',
      expect.objectContaining({ team: 'ml', cost: 'c1', ...managed, 'sagectl:version': expect.any(String) as string }),
    ]);
  });

  it('leaves the log group untouched when the function of that name is not sagectl’s', async () => {
    await run();
    fake.functions.get('churn-invoke')!.tags = { team: 'x' };
    fake.calls.length = 0;
    await expect(run({ tags: { team: 'ml' } })).rejects.toThrow(/not managed/);
    expect(fake.calls).not.toContain('tagLogGroup');
    expect(fake.logGroups.get('/aws/lambda/churn-invoke')).not.toHaveProperty('team');
  });
});

describe('wire-api refuses an endpoint sagectl does not manage', () => {
  it('exits 2 before creating anything, naming the endpoint and --force', async () => {
    fake.endpointTags = {};
    const error = await run().then(
      () => expect.fail('expected a refusal'),
      (e: unknown) => e as UsageError,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.message).toMatch(/endpoint churn is not managed by sagectl for stack churn/);
    expect(error.resolution).toMatch(/--force/);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('refuses an endpoint tagged for another stack, and also under --dry-run', async () => {
    fake.endpointTags = { ...managed, 'sagectl:stack': 'other' };
    await expect(run({}, { dryRun: true })).rejects.toBeInstanceOf(UsageError);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('wires it with --force, with a warning', async () => {
    fake.endpointTags = {};
    const ctx = testContext({ name: 'churn' });
    const result = await run({}, { force: true }, ctx);
    expect(result.outcome).toBe('created');
    ctx.log.expectLog(/--force: wiring endpoint churn/, 'warn');
  });
});
