import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { CONFIG_FILE_NAMES, loadConfig, type LoadConfigOptions } from '../../../src/core/config.js';
import { configSchema } from '../../../src/core/schema.js';
import { ConfigError, UsageError } from '../../../src/core/errors.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-config-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Loads from the temp dir with an empty environment unless told otherwise. */
function load(options: LoadConfigOptions = {}): ReturnType<typeof loadConfig> {
  return loadConfig({ cwd: dir, env: {}, ...options });
}

/** The ConfigError (or other error) a load throws; fails the test when it does not throw. */
function loadError(options: LoadConfigOptions = {}): Error {
  try {
    load(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected loadConfig to throw');
}

/** Writes sagectl.yaml and returns the error message of loading it. */
function yamlError(text: string, env: NodeJS.ProcessEnv = {}): string {
  write('sagectl.yaml', text);
  const error = loadError({ env });
  expect(error).toBeInstanceOf(ConfigError);
  return error.message;
}

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';

describe('finding the config file', () => {
  it('looks for sagectl.yaml, sagectl.yml and sagectl.json, in that order', () => {
    expect(CONFIG_FILE_NAMES).toEqual(['sagectl.yaml', 'sagectl.yml', 'sagectl.json']);
  });

  it.each([
    ['sagectl.yaml', 'name: from-yaml\n', 'from-yaml'],
    ['sagectl.yml', 'name: from-yml\n', 'from-yml'],
    ['sagectl.json', '{ "name": "from-json" }\n', 'from-json'],
  ])('finds %s in the working directory', (name, text, stack) => {
    const file = write(name, text);
    expect(load()).toEqual({ config: { name: stack }, file });
  });

  it('prefers .yaml over .yml over .json when several exist', () => {
    write('sagectl.json', '{ "name": "from-json" }');
    write('sagectl.yml', 'name: from-yml');
    expect(load().config.name).toBe('from-yml');
    write('sagectl.yaml', 'name: from-yaml');
    expect(load().config.name).toBe('from-yaml');
  });

  it('uses the process working directory by default', () => {
    write('sagectl.yaml', 'name: from-cwd\n');
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    expect(loadConfig({ env: {} }).config.name).toBe('from-cwd');
  });

  it('--config PATH is read relative to the working directory and wins over sagectl.yaml', () => {
    write('sagectl.yaml', 'name: default\n');
    const file = write('configs/dev.yaml', 'name: dev\n');
    expect(load({ configPath: 'configs/dev.yaml' })).toEqual({ config: { name: 'dev' }, file });
  });

  it('--config takes an absolute path, and any file name', () => {
    const file = write('elsewhere/settings.txt', 'name: abs\n');
    expect(load({ configPath: file, cwd: os.tmpdir() })).toEqual({ config: { name: 'abs' }, file });
  });

  it('--config to a missing file is an error even when no config is required', () => {
    const error = loadError({ configPath: 'nope.yaml', required: false });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('--config nope.yaml: no such file');
  });

  it('--config to a directory says it cannot be read', () => {
    fs.mkdirSync(path.join(dir, 'adir'));
    const error = loadError({ configPath: 'adir' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('adir: cannot be read (EISDIR)');
  });

  it('no file when one is required: an error that says where it looked and what to do', () => {
    const error = loadError({ required: true });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      message: `no config file: looked for sagectl.yaml, sagectl.yml, sagectl.json in ${dir}`,
      resolution: 'create sagectl.yaml (see examples/) or pass --config PATH',
      exitCode: 2,
    });
  });

  it('no file when none is required: an empty config and no file', () => {
    expect(load({ required: false })).toEqual({ config: {} });
    expect(load()).toEqual({ config: {} });
  });

  it('no file, with flags: the flags are the config', () => {
    expect(load({ overrides: { stack: 'exp-42', region: 'eu-west-1' } })).toEqual({ config: { name: 'exp-42', region: 'eu-west-1' } });
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing yet\n# still nothing\n'],
    ['an empty JSON object', '{}'],
  ])('%s is an empty config', (_what, text) => {
    write('sagectl.yaml', text);
    expect(load().config).toEqual({});
  });

  it.each(['xgboost.yaml', 'serverless.yaml'])('examples/%s is valid', (example) => {
    const file = path.resolve(import.meta.dirname, '../../../examples', example);
    const { config } = loadConfig({ configPath: file, env: {} });
    expect(config.role).toBe(ROLE);
    expect(config.model?.modelData).toBe('s3://my-ml-bucket/churn/output/model.tar.gz');
  });
});

describe('a valid config', () => {
  it('loads every section with its values and types', () => {
    write(
      'sagectl.yaml',
      `name: churn-xgb
region: us-east-1
role: ${ROLE}
tags: { team: ml, cost-center: "1234" }
model:
  image: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1
  modelData: s3://my-bucket/output/model.tar.gz
  environment: { SAGEMAKER_PROGRAM: inference.py }
endpoint:
  instanceType: ml.m5.large
  instanceCount: 2
training: { instanceType: ml.m5.xlarge, hyperparameters: { max_depth: 5 } }
tuning: { objective: { metric: "validation:auc", type: Maximize }, ranges: { eta: { min: 0.1, max: 0.5 } }, maxJobs: 20 }
transform: { input: s3://my-bucket/batch/ }
api: { stage: prod }
`,
    );
    expect(load().config).toEqual({
      name: 'churn-xgb',
      region: 'us-east-1',
      role: ROLE,
      tags: { team: 'ml', 'cost-center': '1234' },
      model: {
        image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
        modelData: 's3://my-bucket/output/model.tar.gz',
        environment: { SAGEMAKER_PROGRAM: 'inference.py' },
      },
      endpoint: { instanceType: 'ml.m5.large', instanceCount: 2 },
      training: { instanceType: 'ml.m5.xlarge', hyperparameters: { max_depth: 5 } },
      tuning: { objective: { metric: 'validation:auc', type: 'Maximize' }, ranges: { eta: { min: 0.1, max: 0.5 } }, maxJobs: 20 },
      transform: { input: 's3://my-bucket/batch/' },
      api: { stage: 'prod' },
    });
  });

  it('a serverless endpoint', () => {
    write('sagectl.yaml', 'endpoint:\n  serverless: { memoryMB: 2048, maxConcurrency: 5 }\n');
    expect(load().config.endpoint).toEqual({ serverless: { memoryMB: 2048, maxConcurrency: 5 } });
  });

  it('YAML anchors and aliases work', () => {
    write('sagectl.yaml', 'training: { environment: &env { A: "1" } }\nmodel: { environment: *env }\n');
    expect(load().config.model?.environment).toEqual({ A: '1' });
  });

  it.each(['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'eu-central-2'])('accepts region %s', (region) => {
    write('sagectl.yaml', `region: ${region}\n`);
    expect(load().config.region).toBe(region);
  });
});

describe('errors name the file, line:col, path, what was expected and what was found', () => {
  it('the acceptance example: endpoint.instanceType: m5.large', () => {
    const message = yamlError('name: churn\nendpoint:\n  instanceType: m5.large\n  instanceCount: 1\n');
    expect(message).toBe(
      'sagectl.yaml:3:17: endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
    );
    expect(message).toContain('endpoint.instanceType');
    expect(message).toContain('m5.large');
    expect(message).toContain(':3:');
  });

  it('uses the path given to --config, relative to the working directory', () => {
    write('configs/dev.yaml', 'endpoint:\n  instanceType: m5.large\n');
    expect(loadError({ configPath: 'configs/dev.yaml' }).message).toMatch(/^configs\/dev\.yaml:2:17: endpoint\.instanceType: /);
  });

  it('a wrong type says which type was expected', () => {
    expect(yamlError('endpoint:\n  instanceCount: two\n')).toBe('sagectl.yaml:2:18: endpoint.instanceCount: expected number, found "two"');
    expect(yamlError('name: 123\n')).toBe('sagectl.yaml:1:7: name: expected string, found 123');
    expect(yamlError('endpoint: ml.m5.large\n')).toBe('sagectl.yaml:1:11: endpoint: expected object, found "ml.m5.large"');
  });

  it('a number out of range', () => {
    expect(yamlError('endpoint:\n  instanceCount: 0\n')).toBe('sagectl.yaml:2:18: endpoint.instanceCount: Too small: expected number to be >=1, found 0');
    expect(yamlError('endpoint:\n  instanceCount: 101\n')).toBe('sagectl.yaml:2:18: endpoint.instanceCount: Too big: expected number to be <=100, found 101');
    expect(yamlError('endpoint:\n  instanceCount: 1.5\n')).toBe('sagectl.yaml:2:18: endpoint.instanceCount: expected int, found 1.5');
  });

  it('a top level that is not a mapping', () => {
    expect(yamlError('- churn\n')).toBe('sagectl.yaml:1:1: (top level): expected object, found ["churn"]');
    expect(yamlError('just text\n')).toBe('sagectl.yaml:1:1: (top level): expected object, found "just text"');
  });

  it.each([
    [
      'name: churn_xgb\n',
      'sagectl.yaml:1:7: name: expected a stack name that may hold only letters, digits and hyphens, and must start and end with a letter or digit, found "churn_xgb"',
    ],
    [`name: ${'x'.repeat(41)}\n`, `sagectl.yaml:1:7: name: expected a stack name that is not 41 characters long (at most 40), found "${'x'.repeat(41)}"`],
    ['region: useast1\n', 'sagectl.yaml:1:9: region: expected an AWS region such as us-east-1, found "useast1"'],
    [
      'role: SageMakerExecution\n',
      'sagectl.yaml:1:7: role: expected an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution, found "SageMakerExecution"',
    ],
    [
      'model:\n  modelData: https://bucket/model.tar.gz\n',
      'sagectl.yaml:2:14: model.modelData: expected an S3 URI such as s3://bucket/path/model.tar.gz, found "https://bucket/model.tar.gz"',
    ],
    ['model:\n  environment:\n    1BAD: x\n', 'sagectl.yaml:3:5: model.environment.1BAD: expected an environment variable name, found key "1BAD"'],
    [
      'endpoint:\n  serverless: { memoryMB: 1000, maxConcurrency: 5 }\n',
      'sagectl.yaml:2:27: endpoint.serverless.memoryMB: expected one of 1024, 2048, 3072, 4096, 5120, 6144, found 1000',
    ],
  ])('%j', (text, expected) => {
    expect(yamlError(text)).toContain(expected);
  });

  it('an unknown key points at the key itself', () => {
    expect(yamlError('name: churn\nendpoint:\n  instanceTyp: ml.m5.large\n')).toBe('sagectl.yaml:3:3: endpoint.instanceTyp: unknown key "instanceTyp"');
    expect(yamlError('name: churn\n\nregoin: us-east-1\n')).toBe('sagectl.yaml:3:1: regoin: unknown key "regoin"');
  });

  it('several unknown keys in one place: the first is named, the rest counted', () => {
    expect(yamlError('endpoint:\n  instanceTyp: ml.m5.large\n  count: 1\n  size: 2\n')).toBe(
      'sagectl.yaml:2:3: endpoint.instanceTyp: unknown key "instanceTyp" (and 2 more)',
    );
  });

  it('several problems are listed, one a line', () => {
    expect(yamlError('name: churn\nregion: nowhere\nendpoint:\n  instanceType: m5.large\n  extra: 1\n')).toBe(
      [
        'invalid config:',
        '  sagectl.yaml:2:9: region: expected an AWS region such as us-east-1, found "nowhere"',
        '  sagectl.yaml:4:17: endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
        '  sagectl.yaml:5:3: endpoint.extra: unknown key "extra"',
      ].join('\n'),
    );
  });

  it('serverless and instanceType together are refused', () => {
    expect(yamlError('endpoint:\n  serverless: { memoryMB: 2048, maxConcurrency: 5 }\n  instanceType: ml.m5.large\n')).toBe(
      'sagectl.yaml:2:15: endpoint.serverless: expected either serverless or instanceType/instanceCount, not both, found {"memoryMB":2048,"maxConcurrency":5}',
    );
  });

  it('serverless and instanceCount together are refused', () => {
    expect(yamlError('endpoint:\n  instanceCount: 2\n  serverless:\n    memoryMB: 2048\n    maxConcurrency: 5\n')).toMatch(
      /^sagectl\.yaml:4:5: endpoint\.serverless: expected either serverless or instanceType\/instanceCount, not both/,
    );
  });

  it.each([
    ['sagectl:stack', 'other'],
    ['sagectl:owner', 'me'],
    ['aws:cloudformation:stack-name', 'x'],
    ['AWS:Foo', 'x'],
    ['SageCtl:x', 'x'],
  ])('a reserved tag key %j is refused, pointing at the key', (key, value) => {
    const message = yamlError(`name: churn\ntags:\n  team: ml\n  "${key}": ${value}\n`);
    expect(message).toBe(`sagectl.yaml:4:3: tags.${key}: expected a tag key that does not start with "aws:" or "sagectl:" (reserved), found key "${key}"`);
  });

  it('more than 40 tags are refused', () => {
    const tags = Array.from({ length: 41 }, (_, i) => `  t${i}: v`).join('\n');
    expect(yamlError(`tags:\n${tags}\n`)).toMatch(/^sagectl\.yaml:2:3: tags: expected at most 40 tags \(AWS allows 50; sagectl uses the rest\), found \{/);
  });

  it('a tag value must be a string', () => {
    expect(yamlError('tags:\n  team: 7\n')).toBe('sagectl.yaml:2:9: tags.team: expected string, found 7');
  });

  it.each([
    ['api:\n  stage: prod-1\n', /api\.stage: expected a stage name of letters, digits and underscores/],
    ['api:\n  path: /predict\n', /api\.path: expected one path segment/],
    ['api:\n  cors: example.com\n', /api\.cors: .*expected "\*" or an origin/],
    ['api:\n  throttle: { rateLimit: 10 }\n', /api\.throttle\.burstLimit/],
    ['api:\n  apiKey: yes please\n', /api\.apiKey: expected boolean/],
    ['api:\n  stagee: prod\n', /api: unknown key "stagee"|stagee/],
  ])('the api section is checked: %j', (text, message) => {
    expect(yamlError(text)).toMatch(message);
  });

  it('a full api section loads', () => {
    write(
      'sagectl.yaml',
      'api:\n  stage: v1\n  path: score\n  cors: https://app.example.com\n  apiKey: true\n  quota: 1000\n  throttle: { rateLimit: 5, burstLimit: 10 }\n',
    );
    expect(load().config.api).toEqual({
      stage: 'v1',
      path: 'score',
      cors: 'https://app.example.com',
      apiKey: true,
      quota: 1000,
      throttle: { rateLimit: 5, burstLimit: 10 },
    });
  });

  it('a job section must be a mapping', () => {
    expect(yamlError('training: yes please\n')).toBe('sagectl.yaml:1:11: training: expected object, found "yes please"');
  });
});

describe('invalid YAML', () => {
  it('reports file:line:col and the parser message', () => {
    expect(yamlError('name: churn\nendpoint:\n  instanceType: [ml.m5.large\n')).toBe(
      'sagectl.yaml:4:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(yamlError('name: churn\n  region: us-east-1\n')).toBe('sagectl.yaml:1:7: not valid YAML: Nested mappings are not allowed in compact mappings');
  });

  it('a tab in indentation', () => {
    expect(yamlError('endpoint:\n\tinstanceType: ml.m5.large\n')).toBe('sagectl.yaml:2:1: not valid YAML: Tabs are not allowed as indentation');
  });

  it('a duplicate key', () => {
    expect(yamlError('name: a\nname: b\n')).toBe('sagectl.yaml:2:1: not valid YAML: Map keys must be unique ("name" is given twice)');
  });

  it('more than one document', () => {
    expect(yamlError('name: a\n---\nname: b\n')).toMatch(/^sagectl\.yaml:2:1: not valid YAML: Source contains multiple documents/);
  });

  it('an alias that contains itself is refused, not a stack overflow', () => {
    expect(yamlError('training: &loop { again: *loop }\n')).toBe('sagectl.yaml:1:26: training.again: an alias refers to a node that contains it');
    expect(yamlError('training:\n  list: &l [1, *l]\n')).toBe('sagectl.yaml:2:16: training.list[1]: an alias refers to a node that contains it');
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ] as const) {
      bomb.push(`${name}: &${name} [${Array<string>(9).fill(`*${prev}`).join(', ')}]`);
    }
    const message = yamlError(`training:\n${bomb.map((l) => `  ${l}`).join('\n')}\n`);
    expect(message).toMatch(/^sagectl\.yaml: not valid YAML: Excessive alias count/);
  });
});

describe('JSON config', () => {
  it('loads, with the same values as YAML', () => {
    write('sagectl.json', JSON.stringify({ name: 'churn', endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 } }, null, 2));
    expect(load().config).toEqual({ name: 'churn', endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 } });
  });

  it('reports positions in the JSON file', () => {
    write('sagectl.json', '{\n  "name": "churn",\n  "endpoint": {\n    "instanceType": "m5.large"\n  }\n}\n');
    expect(loadError().message).toBe(
      'sagectl.json:4:21: endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
    );
  });

  it('points at an unknown key in JSON', () => {
    write('sagectl.json', '{\n  "name": "churn",\n  "endpiont": {}\n}\n');
    expect(loadError().message).toBe('sagectl.json:3:3: endpiont: unknown key "endpiont"');
  });

  it('tab-indented JSON (JSON.stringify(x, null, "\\t")) loads', () => {
    write('sagectl.json', JSON.stringify({ name: 'churn', endpoint: { instanceCount: 2 } }, null, '\t'));
    expect(load().config).toEqual({ name: 'churn', endpoint: { instanceCount: 2 } });
  });

  it('broken JSON reports its position', () => {
    write('sagectl.json', '{\n  "name": "churn",\n  "region": \n');
    expect(loadError().message).toBe('sagectl.json:3:13: not valid YAML: Flow map must end with a }');
  });
});

describe('${ENV} expansion', () => {
  it('expands ${VAR} in strings, anywhere in the tree and several times in one string', () => {
    write(
      'sagectl.yaml',
      'name: exp-${BUILD_ID}\nrole: arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}\ntags:\n  build: "${BUILD_ID}-${BUILD_ID}"\ntraining:\n  inputs: { train: "s3://${BUCKET}/train/", validation: "s3://${BUCKET}/validation/" }\n',
    );
    const env = { BUILD_ID: '42', ACCOUNT: '123456789012', ROLE_NAME: 'SageMakerExecution', BUCKET: 'ml-data' };
    expect(load({ env }).config).toEqual({
      name: 'exp-42',
      role: ROLE,
      tags: { build: '42-42' },
      training: { inputs: { train: 's3://ml-data/train/', validation: 's3://ml-data/validation/' } },
    });
  });

  it('${VAR:-default} uses the default when VAR is unset or empty, and VAR when set', () => {
    write('sagectl.yaml', 'name: ${STACK:-churn-dev}\nregion: ${REGION:-us-east-1}\n');
    expect(load({ env: {} }).config).toEqual({ name: 'churn-dev', region: 'us-east-1' });
    expect(load({ env: { STACK: '', REGION: '' } }).config).toEqual({ name: 'churn-dev', region: 'us-east-1' });
    expect(load({ env: { STACK: 'churn-prod', REGION: 'eu-west-1' } }).config).toEqual({ name: 'churn-prod', region: 'eu-west-1' });
  });

  it('an empty default is allowed', () => {
    write('sagectl.yaml', 'tags:\n  note: "x${NOTE:-}y"\n');
    expect(load().config.tags).toEqual({ note: 'xy' });
  });

  it('an unset variable without default is an error naming the file, line, path and variable', () => {
    const message = yamlError('name: churn\ntags:\n  team: ${TEAM}\n');
    expect(message).toBe('sagectl.yaml:3:9: tags.team: environment variable TEAM is not set (write ${TEAM:-default} for a default)');
  });

  it('an empty variable without default is an error too', () => {
    expect(yamlError('name: ${STACK}\n', { STACK: '' })).toBe(
      'sagectl.yaml:1:7: name: environment variable STACK is not set (write ${STACK:-default} for a default)',
    );
  });

  it('names the array index of an unset variable', () => {
    expect(yamlError('training:\n  inputs:\n    - s3://b/train/\n    - s3://${BUCKET}/v/\n')).toBe(
      'sagectl.yaml:4:7: training.inputs[1]: environment variable BUCKET is not set (write ${BUCKET:-default} for a default)',
    );
  });

  it('validates the expanded value, naming what the variable held', () => {
    expect(yamlError('endpoint:\n  instanceType: ${INSTANCE}\n', { INSTANCE: 'm5.large' })).toBe(
      'sagectl.yaml:2:17: endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
    );
  });

  it('reads process.env when no env is given', () => {
    vi.stubEnv('SAGECTL_TEST_STACK', 'from-process-env');
    write('sagectl.yaml', 'name: ${SAGECTL_TEST_STACK}\n');
    expect(loadConfig({ cwd: dir }).config.name).toBe('from-process-env');
    vi.unstubAllEnvs();
  });

  it('leaves $VAR, ${} and keys alone', () => {
    write('sagectl.yaml', 'training:\n  hyperparameters:\n    cmd: "echo $HOME ${} ${1X} $${"\n    ${KEY}: v\n');
    expect(load({ env: { HOME: '/root', KEY: 'k' } }).config.training?.hyperparameters).toEqual({ cmd: 'echo $HOME ${} ${1X} $${', '${KEY}': 'v' });
  });

  it('does not expand numbers or booleans', () => {
    write('sagectl.yaml', 'training:\n  hyperparameters:\n    n: 5\n    b: true\n');
    expect(load().config.training?.hyperparameters).toEqual({ n: 5, b: true });
  });
});

describe('flags override the file', () => {
  beforeEach(() => {
    write('sagectl.yaml', 'name: churn\nregion: us-east-1\n');
  });

  it('--stack and --region win over name and region', () => {
    expect(load({ overrides: { stack: 'exp-123', region: 'eu-west-1' } }).config).toEqual({ name: 'exp-123', region: 'eu-west-1' });
  });

  it('each alone changes only its own field', () => {
    expect(load({ overrides: { stack: 'exp-1' } }).config).toEqual({ name: 'exp-1', region: 'us-east-1' });
    expect(load({ overrides: { region: 'ap-southeast-2' } }).config).toEqual({ name: 'churn', region: 'ap-southeast-2' });
  });

  it('an invalid --stack is a usage error naming the flag', () => {
    const error = loadError({ overrides: { stack: 'exp_123' } });
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('--stack "exp_123" may hold only letters, digits and hyphens, and must start and end with a letter or digit');
  });

  it('an invalid --region is a config error naming the flag', () => {
    const error = loadError({ overrides: { region: 'us-east' } });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('--region: expected an AWS region such as us-east-1, found "us-east"');
  });

  it('flags are validated without a file too', () => {
    fs.rmSync(path.join(dir, 'sagectl.yaml'));
    expect(loadError({ overrides: { stack: '-bad' } }).message).toMatch(/^--stack "-bad" may hold only/);
    expect(loadError({ overrides: { region: 'mars' } }).message).toBe('--region: expected an AWS region such as us-east-1, found "mars"');
  });
});

describe('properties', () => {
  const stackNames = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,38}[a-zA-Z0-9])?$/);

  it('any valid stack name round-trips through the file (quoted) and through --stack', () => {
    fc.assert(
      fc.property(stackNames, stackNames, (inFile, fromFlag) => {
        write('sagectl.yaml', `name: ${JSON.stringify(inFile)}\n`);
        expect(load().config.name).toBe(inFile);
        expect(load({ overrides: { stack: fromFlag } }).config.name).toBe(fromFlag);
      }),
      { numRuns: 60 },
    );
  });

  it('any invalid stack name in the file is a ConfigError that names `name`', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 50 }).filter((s) => !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,38}[a-zA-Z0-9])?$/.test(s)),
        (bad) => {
          write('sagectl.yaml', `name: ${JSON.stringify(bad)}\n`);
          const error = loadError();
          expect(error).toBeInstanceOf(ConfigError);
          expect(error.message).toMatch(/^sagectl\.yaml:1:7: name: expected a stack name that /);
        },
      ),
      { numRuns: 60 },
    );
  });

  /** Loads `text` as sagectl.yaml: it either validates against the schema or throws a ConfigError. */
  function loadsOrConfigError(name: string, text: string): void {
    write(name, text);
    try {
      const { config } = load();
      expect(configSchema.safeParse(config).success).toBe(true);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.message.length).toBeGreaterThan(0);
    }
  }

  it('arbitrary text never fails with anything but a ConfigError', () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'name',
            'endpoint',
            'tags',
            'training',
            ':',
            ': ',
            '\n',
            '  ',
            '- ',
            '[',
            ']',
            '{',
            '}',
            ',',
            '&a ',
            '*a',
            '!!',
            '#',
            '"',
            "'",
            '${X}',
            '${X:-d}',
            '---',
            '? ',
            '|',
            '>',
            '\t',
            'ml.m5.large',
            '1',
            'null',
            '~',
          ),
          fc.string({ maxLength: 5 }),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish), (text) => loadsOrConfigError('sagectl.yaml', text)),
      { numRuns: 150 },
    );
  });

  it('arbitrary JSON and YAML documents never fail with anything but a ConfigError', () => {
    const keys = fc.constantFrom(
      'name',
      'region',
      'role',
      'tags',
      'model',
      'endpoint',
      'training',
      'serverless',
      'instanceType',
      'instanceCount',
      'memoryMB',
      'x',
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.dictionary(keys, tie('node'), { maxKeys: 3 }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (doc, asJson) => {
        if (asJson) loadsOrConfigError('sagectl.json', JSON.stringify(doc) ?? '');
        else loadsOrConfigError('sagectl.yaml', stringify(doc));
      }),
      { numRuns: 120 },
    );
  });
});
