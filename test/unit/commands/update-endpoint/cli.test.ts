import { describe, expect, it } from 'vitest';
import type { UpdateEndpointFlags } from '../../../../src/commands/update-endpoint/cli.js';
import { parseUpdateFlags } from '../../../../src/commands/update-endpoint/flags.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

const read = async (argv: string[]) => parseUpdateFlags((await parseArgv<UpdateEndpointFlags>(['update-endpoint', 'churn', ...argv])).flags);
const DEFAULTS = { keep: 1, recreate: false, wait: true, timeoutMs: 7_200_000, dryRun: false, deployment: {} };

describe('update-endpoint: argv → options', () => {
  it.each([
    [['--model-data', 's3://bucket/m.tar.gz'], { ...DEFAULTS, action: { kind: 'new-model', source: { modelData: 's3://bucket/m.tar.gz' } } }],
    [
      [
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
      {
        ...DEFAULTS,
        wait: false,
        action: { kind: 'new-model', source: { trainingJob: 'latest' } },
        deployment: { strategy: 'canary', canaryPercent: '10', bake: '10m', rollbackAlarm: ['a', 'b'] },
      },
    ],
    [
      ['--add-variant', 'green', '--weight', '0.1', '--image', 'img:2', '--instance-type', 'ml.g5.xlarge', '--instance-count', '2'],
      { ...DEFAULTS, action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1, instanceType: 'ml.g5.xlarge', instanceCount: 2 } },
    ],
    [['--add-variant', 'green', '--weight', '0'], { ...DEFAULTS, action: { kind: 'add-variant', source: {}, name: 'green', weight: 0 } }],
    [
      ['--weights', 'blue=0.5,green=0.5', '--instances', 'green=2'],
      {
        ...DEFAULTS,
        action: {
          kind: 'traffic',
          weights: new Map([
            ['blue', 0.5],
            ['green', 0.5],
          ]),
          instances: new Map([['green', 2]]),
        },
      },
    ],
    [['--promote', 'green', '--keep', '2', '--dry-run'], { ...DEFAULTS, keep: 2, dryRun: true, action: { kind: 'promote', name: 'green' } }],
    [['--rollback'], { ...DEFAULTS, action: { kind: 'rollback' } }],
    [['--recreate', '--timeout', '1h'], { ...DEFAULTS, recreate: true, timeoutMs: 3_600_000, action: { kind: 'new-model', source: {} } }],
    [
      ['--image', 'img:2', '--smoke-test', 'smoke.csv', '--rollback-on-smoke-failure'],
      { ...DEFAULTS, action: { kind: 'new-model', source: { image: 'img:2' } }, smokeTest: { file: 'smoke.csv', rollback: true } },
    ],
    [
      ['--model-version', 'latest-approved', '--variant', 'AllTraffic'],
      { ...DEFAULTS, action: { kind: 'new-model', source: { version: 'latest-approved', versionFlag: '--model-version' }, variant: 'AllTraffic' } },
    ],
    [
      ['--rollback', '--to-version', '3', '--allow-unapproved'],
      { ...DEFAULTS, action: { kind: 'new-model', source: { version: 3, versionFlag: '--to-version', allowUnapproved: true } } },
    ],
  ])('%j', async (argv, expected) => {
    expect(await read(argv)).toEqual(expected);
  });

  it.each([
    // --weight and --instance-type are checked by the config schema's own rules (variantWeight, instanceType).
    [['--add-variant', 'green', '--weight', '-1'], '--weight: expected a number of 0 or more, found "-1"'],
    [['--add-variant', 'green', '--weight', 'lots'], '--weight: expected a number of 0 or more, found "lots"'],
    [['--add-variant', 'green', '--weight', ''], /--weight: expected a number of 0 or more/],
    [
      ['--add-variant', 'green', '--weight', '0.1', '--instance-type', 'm5.large'],
      '--instance-type: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
    ],
    [['--add-variant', 'green', '--weight', '0.1', '--instance-count', '0'], '--instance-count: expected a whole number from 1 to 100, found "0"'],
    [['--add-variant', 'g_reen', '--weight', '0.1'], /--add-variant: "g_reen" is not a valid variant name/],
    // --model-data too: the schema's S3 URI rule (a bucket name of at least 3 characters).
    [['--model-data', 's3://b/m.tar.gz'], '--model-data: expected an S3 URI such as s3://bucket/path/model.tar.gz, found "s3://b/m.tar.gz"'],
    [['--keep', '101'], '--keep: expected a whole number from 0 to 100, found "101"'],
    [['--keep', '1.5'], /--keep/],
    [['--timeout', 'x'], '--timeout: expected a duration such as 90s, 30m, 24h or 7d, found "x"'],
    [['--instance-type', 'ml.m5.large'], /--add-variant adds/],
    [['--promote', 'green', '--variant', 'blue'], /--variant picks the variant/],
    // A canary or linear rollout cannot run when the variant names change: refused, never dropped with a warning.
    [
      ['--add-variant', 'green', '--weight', '0.1', '--image', 'img:2', '--strategy', 'canary', '--canary-percent', '10'],
      /--add-variant changes the endpoint's variant names/,
    ],
    [['--promote', 'green', '--rollback-alarm', 'churn-xgb-5xx'], /--promote changes the endpoint's variant names/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const { flags } = await parseArgv<UpdateEndpointFlags>(['update-endpoint', 'churn', ...argv]);
    expectUsageError(() => parseUpdateFlags(flags), message);
  });

  it('commander refuses a strategy that is not one of the three', async () => {
    await expect(parseArgv(['update-endpoint', 'churn', '--strategy', 'blue'])).rejects.toThrow(/--strategy/);
  });
});
