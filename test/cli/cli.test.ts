import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, hasStackTrace } from '../support/run-cli.js';

// Parser table: argv → exactly the options each command's main receives (no AWS, no spawn).
const mains = vi.hoisted(() => ({
  deploy: vi.fn(),
  status: vi.fn(),
  teardown: vi.fn(),
  train: vi.fn(),
  tune: vi.fn(),
  transform: vi.fn(),
  logs: vi.fn(),
  invoke: vi.fn(),
  'wire-api': vi.fn(),
  'update-endpoint': vi.fn(),
  register: vi.fn(),
  versions: vi.fn(),
  approval: vi.fn(),
}));
vi.mock('../../src/commands/deploy/index.js', () => ({ main: mains.deploy }));
vi.mock('../../src/commands/status/index.js', () => ({ main: mains.status }));
vi.mock('../../src/commands/teardown/index.js', () => ({ main: mains.teardown }));
vi.mock('../../src/commands/training/train.js', () => ({ main: mains.train }));
vi.mock('../../src/commands/training/tune.js', () => ({ main: mains.tune }));
vi.mock('../../src/commands/training/transform.js', () => ({ main: mains.transform }));
vi.mock('../../src/commands/logs/index.js', () => ({ main: mains.logs }));
vi.mock('../../src/commands/invoke/index.js', () => ({ main: mains.invoke }));
vi.mock('../../src/commands/wire-api/index.js', () => ({ main: mains['wire-api'] }));
vi.mock('../../src/commands/update-endpoint/index.js', () => ({ main: mains['update-endpoint'] }));
vi.mock('../../src/commands/versions/register.js', () => ({ main: mains.register }));
vi.mock('../../src/commands/versions/index.js', () => ({ main: mains.versions }));
vi.mock('../../src/commands/versions/approval.js', () => ({ main: mains.approval }));
// The shell checks the config before it loads a workflow (the built-binary tests below hold that);
// this table is about argv, with no config to check.
vi.mock('../../src/cli/config-check.js', async (importOriginal) => ({ ...(await importOriginal<object>()), checkConfigFirst: async () => true }));
const { run } = await import('../../src/cli.js');

const TRACE = fileURLToPath(new URL('../support/trace-imports.mjs', import.meta.url));
const ESM_PROBE = fileURLToPath(new URL('../support/esm-loader-probe.cjs', import.meta.url));
const GLOBAL_DEFAULTS = { output: 'text', logLevel: 'info', color: true };

describe('argv → options', () => {
  it.each([
    [['deploy'], 'deploy', [GLOBAL_DEFAULTS, { wait: true, timeout: '60m' }]],
    [
      ['deploy', '--no-wait', '--timeout', '10m', '--dry-run', '--stack', 'exp-42', '-o', 'json'],
      'deploy',
      [
        { ...GLOBAL_DEFAULTS, stack: 'exp-42', output: 'json' },
        { wait: false, timeout: '10m', dryRun: true },
      ],
    ],
    [
      ['--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:5000', 'status'],
      'status',
      [{ ...GLOBAL_DEFAULTS, region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:5000' }, undefined, {}],
    ],
    [['deploy', '--protect'], 'deploy', [GLOBAL_DEFAULTS, { wait: true, timeout: '60m', protect: true }]],
    [['status', 'churn', '--profile', 'ml'], 'status', [{ ...GLOBAL_DEFAULTS, profile: 'ml' }, 'churn', {}]],
    [['status', '--idle', '24h'], 'status', [GLOBAL_DEFAULTS, undefined, { idle: '24h' }]],
    [
      ['teardown', 'a', 'b', '--yes', '--force', '--log-format', 'json'],
      'teardown',
      [{ ...GLOBAL_DEFAULTS, yes: true, logFormat: 'json' }, ['a', 'b'], { force: true, concurrency: 4, timeout: '30m' }],
    ],
    [
      ['teardown', 'a', '--dry-run', '--concurrency', '8', '-c', 'x.yaml'],
      'teardown',
      [{ ...GLOBAL_DEFAULTS, config: 'x.yaml' }, ['a'], { dryRun: true, concurrency: '8', timeout: '30m' }],
    ],
    [
      ['teardown', '--idle', '24h', '--tag', 'team=ml', '--tag', 'env=dev', '--older-than', '7d', '--wait'],
      'teardown',
      [GLOBAL_DEFAULTS, [], { idle: '24h', tag: ['team=ml', 'env=dev'], olderThan: '7d', wait: true, concurrency: 4, timeout: '30m' }],
    ],
    [['teardown', '--all', '--yes'], 'teardown', [{ ...GLOBAL_DEFAULTS, yes: true }, [], { all: true, concurrency: 4, timeout: '30m' }]],
    [['deploy', '--from-training-job', 'latest'], 'deploy', [GLOBAL_DEFAULTS, { wait: true, timeout: '60m', fromTrainingJob: 'latest' }]],
    [['deploy', '--from-tuning-job', 'churn-t1'], 'deploy', [GLOBAL_DEFAULTS, { wait: true, timeout: '60m', fromTuningJob: 'churn-t1' }]],
    [['train'], 'train', [GLOBAL_DEFAULTS, { wait: true, timeout: '24h', logs: true }]],
    [
      ['train', '--no-logs', '--no-wait', '--stop-on-interrupt', '-o', 'json'],
      'train',
      [
        { ...GLOBAL_DEFAULTS, output: 'json' },
        { wait: false, timeout: '24h', logs: false, stopOnInterrupt: true },
      ],
    ],
    [['tune', '--timeout', '2h'], 'tune', [GLOBAL_DEFAULTS, { wait: true, timeout: '2h' }]],
    [['transform', '--model', 'm1'], 'transform', [GLOBAL_DEFAULTS, { wait: true, timeout: '24h', model: 'm1' }]],
    [['logs', 'churn-20261125100000', '-f'], 'logs', [GLOBAL_DEFAULTS, 'churn-20261125100000', { follow: true, timeout: '24h' }]],
    [['logs'], 'logs', [GLOBAL_DEFAULTS, undefined, { timeout: '24h' }]],
    [['deploy', '--smoke-test', 'smoke.csv'], 'deploy', [GLOBAL_DEFAULTS, { wait: true, timeout: '60m', smokeTest: 'smoke.csv' }]],
    [['invoke'], 'invoke', [GLOBAL_DEFAULTS, undefined, { validate: true }]],
    [
      [
        'invoke',
        'churn',
        '--file',
        'rows.csv',
        '--content-type',
        'application/json',
        '--accept',
        'text/csv',
        '--variant',
        'Canary',
        '--custom-attributes',
        'a=1',
        '--no-validate',
        '-o',
        'json',
      ],
      'invoke',
      [
        { ...GLOBAL_DEFAULTS, output: 'json' },
        'churn',
        { file: 'rows.csv', contentType: 'application/json', accept: 'text/csv', variant: 'Canary', customAttributes: 'a=1', validate: false },
      ],
    ],
    [
      ['invoke', '--data', '@rows.csv', '--stack', 'exp-1'],
      'invoke',
      [{ ...GLOBAL_DEFAULTS, stack: 'exp-1' }, undefined, { data: '@rows.csv', validate: true }],
    ],
    [['wire-api'], 'wire-api', [GLOBAL_DEFAULTS, undefined, {}]],
    [
      ['wire-api', 'churn', '--page', 'index.html', '--dry-run', '-o', 'json'],
      'wire-api',
      [{ ...GLOBAL_DEFAULTS, output: 'json' }, 'churn', { page: 'index.html', dryRun: true }],
    ],
    [
      ['update-endpoint', 'churn', '--model-data', 's3://b/m.tar.gz'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { modelData: 's3://b/m.tar.gz', keep: 1, wait: true, timeout: '2h' }],
    ],
    [
      [
        'update-endpoint',
        '--from-training-job',
        'latest',
        '--strategy',
        'canary',
        '--canary-percent',
        '10',
        '--bake',
        '10m',
        '--rollback-alarm',
        'a',
        '--rollback-alarm',
        'b',
        '--no-wait',
      ],
      'update-endpoint',
      [
        GLOBAL_DEFAULTS,
        undefined,
        { fromTrainingJob: 'latest', strategy: 'canary', canaryPercent: '10', bake: '10m', rollbackAlarm: ['a', 'b'], keep: 1, wait: false, timeout: '2h' },
      ],
    ],
    [
      ['update-endpoint', 'churn', '--add-variant', 'green', '--weight', '0.1', '--image', 'img:2'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { addVariant: 'green', weight: '0.1', image: 'img:2', keep: 1, wait: true, timeout: '2h' }],
    ],
    [
      ['update-endpoint', 'churn', '--weights', 'blue=0.5,green=0.5', '--instances', 'green=2'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { weights: 'blue=0.5,green=0.5', instances: 'green=2', keep: 1, wait: true, timeout: '2h' }],
    ],
    [
      ['update-endpoint', 'churn', '--promote', 'green', '--keep', '2', '--dry-run'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { promote: 'green', keep: '2', dryRun: true, wait: true, timeout: '2h' }],
    ],
    [
      ['update-endpoint', 'churn', '--rollback', '--yes'],
      'update-endpoint',
      [{ ...GLOBAL_DEFAULTS, yes: true }, 'churn', { rollback: true, keep: 1, wait: true, timeout: '2h' }],
    ],
    [['update-endpoint', 'churn', '--recreate'], 'update-endpoint', [GLOBAL_DEFAULTS, 'churn', { recreate: true, keep: 1, wait: true, timeout: '2h' }]],
    [
      ['update-endpoint', 'churn', '--image', 'img:2', '--smoke-test', 'smoke.csv', '--rollback-on-smoke-failure'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { image: 'img:2', smokeTest: 'smoke.csv', rollbackOnSmokeFailure: true, keep: 1, wait: true, timeout: '2h' }],
    ],
    [
      ['update-endpoint', 'churn', '--model-version', 'latest-approved'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { modelVersion: 'latest-approved', keep: 1, wait: true, timeout: '2h' }],
    ],
    [
      ['update-endpoint', 'churn', '--rollback', '--to-version', '3', '--allow-unapproved'],
      'update-endpoint',
      [GLOBAL_DEFAULTS, 'churn', { rollback: true, toVersion: '3', allowUnapproved: true, keep: 1, wait: true, timeout: '2h' }],
    ],
    [['register', '--from-training-job', 'latest', '--approve'], 'register', [GLOBAL_DEFAULTS, undefined, { fromTrainingJob: 'latest', approve: true }]],
    [
      ['register', 'churn', '--model-data', 's3://b/m.tar.gz', '--image', 'img', '--description', 'd'],
      'register',
      [GLOBAL_DEFAULTS, 'churn', { modelData: 's3://b/m.tar.gz', image: 'img', description: 'd' }],
    ],
    [['versions', 'churn', '-o', 'json'], 'versions', [{ ...GLOBAL_DEFAULTS, output: 'json' }, 'churn']],
    [['approve', 'churn', '3'], 'approval', [GLOBAL_DEFAULTS, 'churn', '3', 'Approved', {}]],
    [['reject', 'churn', '4', '--reason', 'worse AUC'], 'approval', [GLOBAL_DEFAULTS, 'churn', '4', 'Rejected', { reason: 'worse AUC' }]],
    [
      ['deploy', '--model-version', 'latest-approved', '--allow-unapproved'],
      'deploy',
      [GLOBAL_DEFAULTS, { wait: true, timeout: '60m', modelVersion: 'latest-approved', allowUnapproved: true }],
    ],
    [['tune', '--register'], 'tune', [GLOBAL_DEFAULTS, { wait: true, timeout: '72h', register: true }]],
    [['train', '--register', '--approve'], 'train', [GLOBAL_DEFAULTS, { wait: true, timeout: '24h', logs: true, register: true, approve: true }]],
    [
      ['teardown', 'churn', '--include-versions', '--yes'],
      'teardown',
      [{ ...GLOBAL_DEFAULTS, yes: true }, ['churn'], { includeVersions: true, concurrency: 4, timeout: '30m' }],
    ],
  ] as const)('%j calls %s with the parsed options', async (argv, command, args) => {
    for (const m of Object.values(mains)) m.mockReset();
    expect(await run(['node', 'sagectl', ...argv])).toBe(0);
    expect(mains[command]).toHaveBeenCalledWith(...args);
  });
});

// Each case spawns a process and waits on it: run them side by side.
describe.concurrent('the built binary', { timeout: 30_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-cli-'));
    writeFileSync(
      path.join(dir, 'bad.yaml'),
      'name: churn\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img\nendpoint:\n  instanceType: m5.large\n',
    );
    writeFileSync(
      path.join(dir, 'good.yaml'),
      'name: churn\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img\nendpoint:\n  instanceType: ml.m5.large\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Nothing here may reach AWS: an endpoint nobody listens on would fail loudly if it did.
  const env = { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' };
  const cli = (args: string[], nodeArgs: string[] = []) => runCli([...nodeArgs, ...args], { cwd: dir, env });

  it('--help lists the commands, exits 0 and loads no AWS SDK module, nor zod', async () => {
    const result = await runCli(['--help'], { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/deploy[\s\S]*invoke[\s\S]*status[\s\S]*teardown/);
    expect(result.stderr).not.toContain('SDK-LOADED');
    expect(result.stderr).not.toContain('ZOD-LOADED');
    expect(result.stderr).not.toContain('UNKNOWN-DIST-FILE');
    expect(result.stderr).not.toContain('JMESPATH-LOADED');
  });

  it('--query selects from the JSON result, and its library is loaded only then', async () => {
    const traced = { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } };
    const initDir = mkdtempSync(path.join(dir, 'init-'));
    const result = await runCli(['init', '--yes', '--stack', 'churn-xgb', '--output', 'json', '--query', 'placeholders[].variable'], {
      ...traced,
      cwd: initDir,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['SAGECTL_ROLE', 'SAGECTL_IMAGE', 'SAGECTL_MODEL_DATA']);
    expect(result.stderr).toContain('JMESPATH-LOADED');
    const without = await runCli(['deploy', '--config', 'bad.yaml', '--output', 'json'], traced);
    expect(without.code).toBe(2);
    expect(without.stderr).not.toContain('JMESPATH-LOADED');
  });

  it('a bad --query is exit 2 naming the expression and the column, before the AWS SDK is loaded', async () => {
    const result = await runCli(['status', '--output', 'json', '--query', "stacks[?stack=='churn'] | | stack"], {
      cwd: dir,
      env: { ...env, NODE_OPTIONS: `--import=${TRACE}` },
    });
    expect(result.code).toBe(2);
    // The log line is JSON: the expression's quotes come escaped.
    expect(result.stderr).toContain(String.raw`--query \"stacks[?stack=='churn'] | | stack\": not a valid JMESPath expression, at column 27`);
    expect(result.stderr).not.toContain('SDK-LOADED');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'usage', exitCode: 2 } });
  });

  it.each([
    [['--help'], 0],
    [['--version'], 0],
    [['deploy', '--config', 'bad.yaml'], 2],
    [['status', '--config', 'bad.yaml', '--output', 'json'], 2],
    [['teardown', 'churn-xgb', '--config', 'bad.yaml', '--log-format', 'pretty'], 2],
  ])('%j runs without starting the ES module loader (about 7 ms of its start)', async (args, code) => {
    const result = await runCli(args, { cwd: dir, env: { ...env, NODE_OPTIONS: `--require=${ESM_PROBE}` } });
    expect(result.code).toBe(code);
    expect(result.stderr).not.toContain('ESM-LOADER-STARTED');
  });

  it.each([[['deploy', '--config', 'bad.yaml']], [['teardown', 'churn-xgb', '--config', 'bad.yaml', '--log-format', 'pretty']]])(
    '%j compiles the config check from the code cache the build wrote, which V8 accepts',
    async (args) => {
      const result = await runCli(args, { cwd: dir, env: { ...env, NODE_OPTIONS: `--require=${ESM_PROBE}` } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('bad.yaml:');
      expect(result.stderr).toContain('CODE-CACHE-USED');
      expect(result.stderr).not.toContain('CODE-CACHE-REJECTED');
    },
  );

  it('the ES module loader probe does see a workflow load once the config is good', async () => {
    const good = mkdtempSync(path.join(dir, 'good-'));
    const result = await runCli(['status', 'churn-xgb', '--endpoint-url', 'http://127.0.0.1:9'], {
      cwd: good,
      env: { ...env, NODE_OPTIONS: `--require=${ESM_PROBE}` },
    });
    expect(result.stderr).toContain('ESM-LOADER-STARTED');
  });

  it('the import trace does see zod once a command reads its config', async () => {
    const result = await runCli(['deploy', '--config', 'bad.yaml'], { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ZOD-LOADED');
  });

  it.each([
    [['deploy', '--config', 'bad.yaml']],
    [['status', '--config', 'bad.yaml', '--output', 'json']],
    [['teardown', 'churn-xgb', '--config', 'bad.yaml', '--log-format', 'pretty']],
    [['janitor', 'status', '--config', 'bad.yaml']],
  ])('%j: a config error answers before the workflow loads, as the workflow would have said it', async (args) => {
    const result = await runCli(args, { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:');
    expect(result.stderr).not.toContain('WORKFLOW-LOADED');
    expect(hasStackTrace(result.stderr)).toBe(false);
    if (args.includes('json')) expect(JSON.parse(result.stdout)).toMatchObject({ error: { exitCode: 2 } });
  });

  it('the import trace does see a workflow load once the config is good', async () => {
    const good = mkdtempSync(path.join(dir, 'good-'));
    const result = await runCli(['status', 'churn-xgb', '--endpoint-url', 'http://127.0.0.1:9'], {
      cwd: good,
      env: { ...env, NODE_OPTIONS: `--import=${TRACE}` },
    });
    expect(result.stderr).toContain('WORKFLOW-LOADED');
  });

  it.each([[['completion', 'bash']], [['init', '--yes', '--stack', 'churn-xgb', '--force']]])(
    '%j runs with a broken sagectl.yaml beside it (it does not read the config)',
    async (args) => {
      const broken = mkdtempSync(path.join(dir, 'broken-'));
      writeFileSync(path.join(broken, 'sagectl.yaml'), 'name: [unclosed\n');
      const result = await runCli(args, { cwd: broken, env });
      expect(result.stderr).not.toContain('not valid YAML');
      expect(result.code).toBe(0);
    },
  );

  it('help shows numeric defaults as numbers and each default once', async () => {
    // Help wraps to the terminal's width: compare with the line breaks folded.
    const teardown = (await cli(['teardown', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(teardown).toMatch(/--concurrency <n> stacks deleted at once \(default: 4\)/);
    expect(teardown).toContain('(default: "30m")');
    const update = await cli(['update-endpoint', '--help']);
    expect(update.stdout.replace(/\s+/g, ' ')).toContain('before the live one, for --rollback (default: 1)');
  });

  it('invoke --help loads no AWS SDK module either', async () => {
    const result = await runCli(['invoke', '--help'], { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--no-validate');
    expect(result.stderr).not.toContain('SDK-LOADED');
  });

  it('wire-api --help loads no AWS SDK module either', async () => {
    const result = await runCli(['wire-api', '--help'], { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--page <file>');
    expect(result.stderr).not.toContain('SDK-LOADED');
  });

  it.each([['register'], ['versions'], ['approve'], ['reject']])('%s --help loads no AWS SDK module either', async (command) => {
    const result = await runCli([command, '--help'], { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('SDK-LOADED');
  });

  it('deploy --model-version with a bad number, and register with a bad artifact, exit 2 before any AWS request', async () => {
    const bad = await cli(['deploy', '--config', 'good.yaml', '--model-version', 'v2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--model-version: expected a version number');
    const reg = await cli(['register', 'churn', '--model-data', 'bucket/model.tar.gz', '--image', 'img']);
    expect(reg.code).toBe(2);
    expect(reg.stderr).toContain('--model-data: expected an S3 URI');
    expect(hasStackTrace(reg.stderr)).toBe(false);
    const alone = await cli(['deploy', '--config', 'good.yaml', '--allow-unapproved']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--allow-unapproved goes with --model-version');
  }, 30_000);

  it('wire-api with a bad api section exits 2 naming it, before any AWS request', async () => {
    writeFileSync(path.join(dir, 'bad-api.yaml'), 'name: churn\napi:\n  path: /predict\n');
    const result = await cli(['wire-api', '--config', 'bad-api.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('api.path');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  // One test per command line, so each spawn has its own time budget and they run side by side.
  it.each([
    ['teardown', 'bad_name!'],
    ['teardown', 'a', '--timeout', 'soon'],
    ['teardown', '--all', '--include-versions'],
    ['deploy', '--config', 'bad.yaml'],
    ['deploy', '--config', 'good.yaml', '--model-version', 'v2'],
    ['deploy', '--config', 'good.yaml', '--allow-unapproved'],
    ['invoke', '--config', 'bad.yaml'],
    ['register', 'churn', '--model-data', 'bucket/model.tar.gz', '--image', 'img'],
    ['approve', 'churn', 'two'],
    ['update-endpoint', 'churn', '--to-version', '3'],
    ['update-endpoint', 'churn', '--model-version', 'v3'],
  ])('flag and config errors are reported before the AWS SDK is loaded: %j', async (...args) => {
    const result = await runCli(args, { cwd: dir, env: { ...env, NODE_OPTIONS: `--import=${TRACE}` } });
    expect(result.code, args.join(' ')).toBe(2);
    expect(result.stderr, args.join(' ')).not.toContain('SDK-LOADED');
  });

  it('the import trace does see the SDK when a command calls AWS, and a refusal exits 3 without a stack trace', async () => {
    // A stand-in for AWS on 127.0.0.1 that refuses every request (not retryable), so no test reaches a network.
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ValidationException' });
      res.end(JSON.stringify({ __type: 'ValidationException', message: 'refused by the test' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runCli(['status'], { cwd: dir, env: { ...env, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, NODE_OPTIONS: `--import=${TRACE}` } });
      expect(result.stderr).toContain('SDK-LOADED');
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('refused by the test');
      expect(hasStackTrace(result.stderr)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    'deploy',
    'invoke',
    'status',
    'teardown',
    'train',
    'tune',
    'transform',
    'logs',
    'wire-api',
    'update-endpoint',
    'register',
    'versions',
    'approve',
    'reject',
    'completion',
  ])('%s has help with an example', async (command) => {
    const result = await cli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`$ sagectl ${command}`);
  });

  it('--version prints the package version', async () => {
    const result = await cli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['bogus'], /unknown command/],
    [['deploy', '--nope'], /unknown option/],
    [['status', '--output', 'yaml'], /yaml/],
    [['deploy', '--timeout', 'soon', '--config', 'good.yaml'], /--timeout: expected a duration/],
    [['teardown', 'bad_name!', '--yes'], /bad_name!/],
    [['teardown', 'a', '--concurrency', '0'], /--concurrency/],
    [['teardown'], /name the stacks to tear down, or select them/],
    [['teardown', '--idle', 'forever'], /--idle: expected a duration/],
    [['teardown', '--tag', 'novalue'], /--tag: expected KEY=VALUE/],
    [['teardown', 'a', '--all'], /--all selects every stack/],
    [['deploy'], /no config file/],
    [['deploy', '--config', 'missing.yaml'], /missing\.yaml/],
    [['status', '--endpoint-url', 'not a url'], /--endpoint-url/],
    [['deploy', '--from-training-job', 'latest', '--from-tuning-job', 'latest', '--config', 'good.yaml'], /cannot be used with/],
    [['train', '--config', 'good.yaml'], /good\.yaml: training: no training section/],
    [['train', '--timeout', 'soon', '--config', 'good.yaml'], /--timeout: expected a duration/],
    [['tune', '--config', 'good.yaml'], /good\.yaml: tuning: no tuning section/],
    [['transform', '--config', 'good.yaml'], /good\.yaml: transform: no transform section/],
    [['logs', '--timeout', 'forever'], /--timeout: expected a duration/],
    [['update-endpoint', 'churn', '--weights', 'blue=-1'], /--weights: the weight of blue must be a number of 0 or more/],
    [['update-endpoint', 'churn', '--strategy', 'blue'], /--strategy/],
    [['update-endpoint', 'churn', '--strategy', 'canary'], /needs its canary size/],
    [['update-endpoint', 'churn', '--rollback-on-smoke-failure'], /needs --smoke-test FILE/],
    [['update-endpoint', 'churn', '--smoke-test', 'missing.csv'], /missing\.csv/],
  ])('%j exits 2 with a clear message and no stack trace', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stdout).toBe('');
  });

  it('an invalid config exits 2 naming the file, line, path, expectation and finding', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'name: churn\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img\nendpoint:\n  instanceType: m5.large\n');
    const result = await cli(['deploy', '--config', file, '--log-format', 'json']);
    expect(result.code).toBe(2);
    const line = JSON.parse(result.stderr.trim().split('\n').pop()!) as { msg: string };
    expect(line.msg).toBe(
      'bad.yaml:6:17: endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
    );
  });

  it('with --output json, a failure is one JSON error document on stdout, with the exit code', async () => {
    const result = await cli(['deploy', '--output', 'json']);
    expect(result.code).toBe(2);
    const document = JSON.parse(result.stdout) as { error: Record<string, unknown> };
    expect(document.error).toMatchObject({ code: 'usage', exitCode: 2 });
    expect(Object.keys(document.error).sort()).toEqual(['code', 'exitCode', 'message', 'resolution']);
  });

  it('with --output json, a usage error the parser raises is a JSON error document too', async () => {
    for (const args of [
      ['status', '--bogus', '-o', 'json'],
      ['--output=json', 'teardown', '--concurrency'],
      ['-o', 'json', 'nosuchcommand'],
    ]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(JSON.parse(result.stdout), args.join(' ')).toMatchObject({ error: { code: 'usage', exitCode: 2 } });
    }
  });

  it('in pretty logs, an error is its message and resolution, with no exitCode field', async () => {
    const result = await cli(['deploy', '--log-format', 'pretty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no config|config/i);
    expect(result.stderr).not.toContain('exitCode');
  });
});
