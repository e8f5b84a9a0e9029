// janitor status over regions and accounts: the janitor of each (account, region), grouped as
// status groups stacks; an account that refuses is reported and the others are read. And the
// home janitor's last fleet run, grouped by (account, region) from its report.
import { describe, expect, it } from 'vitest';
import { fleetJanitorStatus, renderFleetJanitorStatus } from '../../../../src/commands/janitor/fleet.js';
import type { JanitorServices } from '../../../../src/commands/janitor/install.js';
import { renderJanitorStatus, runOf } from '../../../../src/commands/janitor/manage.js';
import { fleetExitCode, type TargetServices } from '../../../../src/commands/fleet/run.js';
import type { ClientOptions } from '../../../../src/core/clients.js';
import { AwsRequestError, ExitCode } from '../../../../src/core/errors.js';
import { testContext } from '../../helpers/context.js';

const SETTINGS = { idle: '24h', pause: false, dryRun: false, targetConcurrency: 6 };

const targetServices = (refuse: string[]): TargetServices => ({
  sts: () =>
    Promise.resolve({
      callerAccount: () => Promise.resolve('000000000000'),
      assumeRole: (arn: string) => {
        const account = /iam::(\d+):/.exec(arn)![1]!;
        return refuse.includes(account)
          ? Promise.reject(new AwsRequestError('AssumeRole', 'AccessDenied', `not authorized to perform sts:AssumeRole on ${arn}`))
          : Promise.resolve({ accessKeyId: account, secretAccessKey: 's' });
      },
    }),
  organizations: () => Promise.resolve({ activeAccounts: () => Promise.resolve([]) }),
  regions: () => Promise.resolve({ enabledRegions: () => Promise.resolve([]) }),
});

/** A janitor installed only in the (account, region) pairs listed; every read goes to the pair the credentials and region name. */
function janitors(installed: string[]) {
  const reads: string[] = [];
  const servicesFor = async (o: ClientOptions): Promise<JanitorServices> => {
    const account = o.credentials ? (await o.credentials()).accessKeyId : '000000000000';
    const here = installed.includes(`${account}/${o.region}`);
    const read = <T>(what: string, value: T): Promise<T> => {
      reads.push(`${account}/${o.region} ${what}`);
      return Promise.resolve(value);
    };
    const report = JSON.stringify({
      sagectlJanitorReport: 1,
      startedAt: `2026-11-25T09:00:00Z`,
      exitCode: 0,
      settings: SETTINGS,
      result: { summary: { stacks: 1, deleted: 3 } },
    });
    return {
      scheduler: {
        getSchedule: () =>
          read(
            'schedule',
            here ? { name: 'sagectl-janitor', expression: 'rate(1 hour)', state: 'ENABLED', input: JSON.stringify({ settings: SETTINGS }) } : undefined,
          ),
      },
      lambda: {
        getFunction: () =>
          read(
            'function',
            here ? { name: 'sagectl-janitor', arn: `arn:aws:lambda:${o.region}:${account}:function:sagectl-janitor`, state: 'Active', tags: {} } : undefined,
          ),
      },
      logs: {
        describeLogGroup: () => read('log group', here ? { name: '/aws/lambda/sagectl-janitor' } : undefined),
        listStreams: () => read('streams', ['s1']),
        lastEvents: () => read('events', [{ message: report }]),
      },
      alarms: { describeAlarm: () => read('alarm', undefined) },
      iam: {},
    } as unknown as JanitorServices;
  };
  return { servicesFor, reads };
}

describe('janitor status over regions and accounts', () => {
  it('reads the janitor of every (account, region), grouped; a refusing account is reported and the rest read (exit 3)', async () => {
    const ctx = testContext();
    const fake = janitors(['111111111111/us-east-1', '222222222222/eu-west-1']);
    const r = await fleetJanitorStatus(
      ctx,
      { regions: ['us-east-1', 'eu-west-1'], accounts: ['111111111111', '222222222222', '333333333333'], assumeRole: 'fleet', concurrency: 2 },
      fake.servicesFor,
      targetServices(['333333333333']),
    );
    expect(r.targets.map((t) => [t.account, t.region, t.result?.installed ?? t.error])).toEqual([
      ['333333333333', '*', expect.stringContaining('could not assume role fleet')],
      ['111111111111', 'eu-west-1', false],
      ['111111111111', 'us-east-1', true],
      ['222222222222', 'eu-west-1', true],
      ['222222222222', 'us-east-1', false],
    ]);
    expect(r.summary).toEqual({ targets: 5, failed: 1, installed: 2 });
    // Each pair was read with its own region and account's credentials, and only there are runs read.
    expect(fake.reads.filter((x) => x.endsWith(' events'))).toEqual(['111111111111/us-east-1 events', '222222222222/eu-west-1 events']);
    const text = renderFleetJanitorStatus(r);
    expect(text).toContain('== account 111111111111, us-east-1 ==\nschedule   sagectl-janitor rate(1 hour) (ENABLED)');
    expect(text).toContain('== account 111111111111, eu-west-1 ==\nNo sagectl janitor here');
    expect(text).toContain('== account 333333333333, every region ==\ncould not be read: could not assume role fleet');
    expect(text).toMatch(/a janitor in 2 of 5 \(account, region\) pairs; 1 could not be read$/);
    expect(fleetExitCode(r.targets)).toBe(ExitCode.AwsRefused);
  });
});

describe('the home janitor’s last fleet run, by account and region', () => {
  const fleetReport = {
    sagectlJanitorReport: 1,
    startedAt: '2026-11-25T09:00:00Z',
    exitCode: 3,
    settings: { ...SETTINGS, regions: ['us-east-1', 'eu-west-1'], accounts: ['111111111111'], assumeRole: 'fleet' },
    result: {
      targets: [
        { account: '111111111111', region: 'eu-west-1', result: { summary: { stacks: 2, deleted: 6, failed: 0 } } },
        { account: '111111111111', region: 'us-east-1', result: { summary: { stacks: 1, deleted: 2, failed: 1 } } },
        { account: '222222222222', region: '*', error: 'could not assume role fleet: AccessDenied' },
      ],
      summary: { targets: 3, failed: 1, stacks: 3, deleted: 8, paused: 0, resourcesFailed: 1 },
    },
  };

  it('reads each target of the report and shows them grouped under the run', () => {
    const run = runOf(JSON.stringify(fleetReport))!;
    expect(run).toMatchObject({ selected: 3, deleted: 8, failed: 1 });
    expect(run.targets).toEqual([
      { account: '111111111111', region: 'eu-west-1', selected: 2, deleted: 6, paused: 0, failed: 0 },
      { account: '111111111111', region: 'us-east-1', selected: 1, deleted: 2, paused: 0, failed: 1 },
      { account: '222222222222', region: '*', error: 'could not assume role fleet: AccessDenied' },
    ]);
    const text = renderJanitorStatus({ installed: true, settings: fleetReport.settings, lastRuns: [run] });
    expect(text).toContain(
      [
        'last run by account and region (2026-11-25T09:00:00Z)',
        '  == account 111111111111, eu-west-1 ==',
        '    2 selected, 6 deleted, 0 paused, 0 failed',
        '  == account 111111111111, us-east-1 ==',
        '    1 selected, 2 deleted, 0 paused, 1 failed',
        '  == account 222222222222, every region ==',
        '    could not assume role fleet: AccessDenied',
      ].join('\n'),
    );
  });
});
