import { describe, expect, it } from 'vitest';
import type { StatusFlags } from '../../../../src/commands/status/cli.js';
import { parseTargetFlags, roleArn } from '../../../../src/commands/fleet/targets.js';
import { asksForTargets } from '../../../../src/cli/target-options.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

const read = async (argv: string[], region: string | undefined = 'us-east-1') => {
  const { flags } = await parseArgv<StatusFlags>(['status', ...argv]);
  return { asks: asksForTargets(flags), spec: asksForTargets(flags) ? parseTargetFlags(flags, region) : undefined };
};

describe('region and account flags: argv → targets', () => {
  it.each([
    [[], { asks: false, spec: undefined }],
    [['--regions', 'us-east-1,eu-west-1'], { asks: true, spec: { regions: ['us-east-1', 'eu-west-1'], concurrency: 6 } }],
    [['--all-regions', '--target-concurrency', '12'], { asks: true, spec: { regions: 'all', concurrency: 12 } }],
    [
      ['--accounts', '111122223333,444455556666', '--assume-role', 'sagectl-fleet'],
      { asks: true, spec: { regions: ['us-east-1'], accounts: ['111122223333', '444455556666'], assumeRole: 'sagectl-fleet', concurrency: 6 } },
    ],
    [
      ['--organization', '--assume-role', 'OrganizationAccountAccessRole', '--regions', 'eu-west-1,eu-west-1'],
      { asks: true, spec: { regions: ['eu-west-1'], accounts: 'organization', assumeRole: 'OrganizationAccountAccessRole', concurrency: 6 } },
    ],
  ])('%j', async (argv, expected) => {
    expect(await read(argv)).toEqual(expected);
  });

  it.each([
    [['--regions', 'us-east-1,Mars'], '--regions: expected a region such as eu-west-1, found "Mars"'],
    [['--regions', 'us-east-1', '--all-regions'], '--regions and --all-regions: give one of them'],
    [['--accounts', '1234'], /--accounts: expected a 12-digit account id, found "1234"/],
    [['--accounts', '111122223333'], /--accounts needs --assume-role NAME/],
    [['--organization'], /--organization needs --assume-role NAME/],
    [['--accounts', '111122223333', '--organization', '--assume-role', 'r'], '--accounts and --organization: give one of them'],
    [['--accounts', '111122223333', '--assume-role', 'no/slash'], /--assume-role: expected a role name/],
    [['--regions', 'us-east-1', '--target-concurrency', '0'], /--target-concurrency: expected a whole number from 1 to 64/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const { flags } = await parseArgv<StatusFlags>(['status', ...argv]);
    expectUsageError(() => parseTargetFlags(flags, 'us-east-1'), message);
  });

  it('accounts without any region to work in is a usage error', async () => {
    const { flags } = await parseArgv<StatusFlags>(['status', '--accounts', '111122223333', '--assume-role', 'r']);
    expectUsageError(() => parseTargetFlags(flags, undefined), '--accounts: no region to work in');
  });

  it('builds the role ARN in the region’s partition', () => {
    expect(roleArn('111122223333', 'fleet', 'eu-west-1')).toBe('arn:aws:iam::111122223333:role/fleet');
    expect(roleArn('111122223333', 'fleet', 'cn-north-1')).toBe('arn:aws-cn:iam::111122223333:role/fleet');
    expect(roleArn('111122223333', 'fleet', 'us-gov-west-1')).toBe('arn:aws-us-gov:iam::111122223333:role/fleet');
  });
});
