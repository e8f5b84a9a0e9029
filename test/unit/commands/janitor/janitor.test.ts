import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { janitorCommands } from '../../../../src/commands/janitor/cli.js';
import { parseJanitorFlags } from '../../../../src/commands/janitor/flags.js';
import { rateExpression, settingsOfEvent, targetSpecOf, type JanitorSettings } from '../../../../src/commands/janitor/settings.js';
import { janitorPolicy, schedulerPolicy } from '../../../../src/commands/janitor/policy.js';
import { installJanitor, janitorTags, type JanitorServices } from '../../../../src/commands/janitor/install.js';
import { janitorStatus, removeJanitor, renderJanitorStatus, runOf } from '../../../../src/commands/janitor/manage.js';
import { janitorTemplate } from '../../../../src/commands/janitor/template.js';
import { UsageError } from '../../../../src/core/errors.js';
import { expectUsageError } from '../../helpers/argv.js';
import { testContext, type TestContext } from '../../helpers/context.js';
import type { Tags } from '../../../../src/core/tags.js';

const SETTINGS: JanitorSettings = { idle: '24h', pause: false, dryRun: false, targetConcurrency: 6 };

async function installFlags(argv: string[]) {
  const { install } = janitorCommands();
  install.exitOverride().configureOutput({ writeErr: () => undefined });
  await install.parseAsync(argv, { from: 'user' });
  return install.opts();
}

describe('janitor flags', () => {
  it.each([
    [[], { settings: SETTINGS, expression: 'rate(1 hour)', logRetentionDays: 30, alarmActions: [] }],
    [
      ['--idle', '12h', '--every', '30m', '--pause', '--dry-run', '--log-retention', '7', '--alarm-topic', 'arn:aws:sns:us-east-1:111122223333:ops'],
      {
        settings: { idle: '12h', pause: true, dryRun: true, targetConcurrency: 6 },
        expression: 'rate(30 minutes)',
        logRetentionDays: 7,
        alarmActions: ['arn:aws:sns:us-east-1:111122223333:ops'],
      },
    ],
    [
      ['--regions', 'us-east-1,eu-west-1', '--organization', '--assume-role', 'sagectl-fleet', '--every', '1d'],
      {
        settings: { ...SETTINGS, regions: ['us-east-1', 'eu-west-1'], accounts: 'organization', assumeRole: 'sagectl-fleet' },
        expression: 'rate(1 day)',
        logRetentionDays: 30,
        alarmActions: [],
      },
    ],
    [
      ['--accounts', '111122223333', '--assume-role', 'r'],
      { settings: { ...SETTINGS, accounts: ['111122223333'], assumeRole: 'r' }, expression: 'rate(1 hour)', logRetentionDays: 30, alarmActions: [] },
    ],
  ])('%j', async (argv, expected) => {
    expect(parseJanitorFlags(await installFlags(argv), 'us-east-1')).toEqual(expected);
  });

  it.each([
    [['--every', '30s'], /--every: expected whole minutes, at least 1m/],
    [['--idle', 'soon'], /--idle: expected a duration/],
    [['--log-retention', '10'], /--log-retention: expected one of CloudWatch's retention values/],
    [['--alarm-topic', 'ops'], /--alarm-topic: expected an SNS topic ARN/],
    [['--accounts', '111122223333'], /--accounts needs --assume-role/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const flags = await installFlags(argv);
    expectUsageError(() => parseJanitorFlags(flags, 'us-east-1'), message);
  });

  it('every whole number of minutes gives the rate expression of the same length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (minutes) => {
        const [, n, unit] = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(rateExpression(minutes * 60_000))!;
        expect(Number(n) * { minute: 1, hour: 60, day: 1440 }[unit as 'minute']).toBe(minutes);
      }),
    );
  });
});

describe('the janitor event and its settings', () => {
  it('accepts only a janitor event with valid settings: a stray invocation deletes nothing', () => {
    expect(settingsOfEvent({ source: 'sagectl.janitor', settings: SETTINGS })).toEqual(SETTINGS);
    for (const bad of [undefined, {}, { source: 'aws.events' }, { source: 'sagectl.janitor', settings: { ...SETTINGS, idle: 'x' } }])
      expect(() => settingsOfEvent(bad)).toThrow(UsageError);
  });

  it('reaches the fleet only when the settings say so', () => {
    expect(targetSpecOf(SETTINGS, 'eu-west-1')).toBeUndefined();
    expect(targetSpecOf({ ...SETTINGS, accounts: ['111122223333'], assumeRole: 'r' }, 'eu-west-1')).toEqual({
      regions: ['eu-west-1'],
      accounts: ['111122223333'],
      assumeRole: 'r',
      concurrency: 6,
    });
  });
});

describe('the janitor policies', () => {
  const sids = (s: Partial<JanitorSettings>) => (janitorPolicy(s).Statement as { Sid: string }[]).map((x) => x.Sid);

  it('deletes only under the managed-by tag condition, and reaches other accounts only when asked', () => {
    const statements = janitorPolicy({}).Statement as { Sid: string; Action: string[]; Condition?: unknown }[];
    const deletes = statements.filter((s) => [s.Action].flat().some((a) => /:Delete(Endpoint|EndpointConfig|Model)$/.test(a)));
    expect(deletes.map((s) => s.Condition)).toEqual([{ StringEquals: { 'aws:ResourceTag/sagectl:managed-by': 'sagectl' } }]);
    expect(sids({})).not.toContain('AssumeTheFleetRole');
    expect(sids({ accounts: 'organization', assumeRole: 'fleet', regions: 'all' })).toEqual(
      expect.arrayContaining(['AssumeTheFleetRole', 'ListTheOrganization', 'ListEnabledRegions']),
    );
    expect(JSON.stringify(janitorPolicy({ accounts: ['111122223333'], assumeRole: 'fleet' }))).toContain('"Resource":"arn:aws:iam::*:role/fleet"');
  });

  it('the scheduler may invoke the janitor function and nothing else', () => {
    expect(schedulerPolicy('arn:aws:lambda:us-east-1:1:function:sagectl-janitor')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'InvokeTheJanitor', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:1:function:sagectl-janitor' },
      ],
    });
  });

  it('the template holds the same resources and policy as install', () => {
    const t = janitorTemplate(SETTINGS, 'rate(1 hour)', 30) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    expect(
      Object.values(t.Resources)
        .map((r) => r.Type)
        .sort(),
    ).toEqual(['AWS::CloudWatch::Alarm', 'AWS::IAM::Role', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup', 'AWS::Scheduler::Schedule']);
    expect((t.Resources.JanitorRole!.Properties.Policies as { PolicyDocument: unknown }[])[0]!.PolicyDocument).toEqual(janitorPolicy(SETTINGS));
    expect(JSON.parse((t.Resources.JanitorSchedule!.Properties.Target as { Input: string }).Input)).toEqual({ source: 'sagectl.janitor', settings: SETTINGS });
  });
});

/** Stateful fakes of the janitor's AWS resources. */
function fakeServices() {
  const roles = new Map<string, { arn: string; policies: Map<string, unknown>; tags: Tags }>();
  const functions = new Map<string, { arn: string; tags: Tags; zip: Uint8Array; handler: string }>();
  const groups = new Map<string, number>();
  const schedules = new Map<string, { expression: string; input: string; targetArn: string; roleArn: string }>();
  const alarms = new Map<string, string[]>();
  const calls: string[] = [];
  let notAssumableYet = 1;
  const services: JanitorServices = {
    iam: {
      getRole: (name) => Promise.resolve(roles.has(name) ? { name, arn: roles.get(name)!.arn } : undefined),
      createRole: (name, _trust, tags) => {
        calls.push(`createRole ${name}`);
        roles.set(name, { arn: `arn:aws:iam::1:role/${name}`, policies: new Map(), tags });
        return Promise.resolve(`arn:aws:iam::1:role/${name}`);
      },
      putRolePolicy: (role, name, doc) => {
        roles.get(role)!.policies.set(name, doc);
        return Promise.resolve();
      },
      deleteRole: (name) => Promise.resolve(roles.delete(name) ? 'deleted' : 'absent'),
    },
    lambda: {
      getFunction: (name) => {
        const f = functions.get(name);
        return Promise.resolve(f ? { name, arn: f.arn, state: 'Active', lastUpdateStatus: 'Successful', tags: f.tags } : undefined);
      },
      createFunction: (spec, tags) => {
        if (notAssumableYet-- > 0) return Promise.resolve('role-not-ready' as const);
        calls.push('createFunction');
        functions.set(spec.name, { arn: `arn:aws:lambda:us-east-1:1:function:${spec.name}`, tags, zip: spec.zip, handler: spec.handler });
        return Promise.resolve({ arn: `arn:aws:lambda:us-east-1:1:function:${spec.name}` });
      },
      updateConfiguration: () => {
        calls.push('updateConfiguration');
        return Promise.resolve();
      },
      updateCode: (name, zip) => {
        calls.push('updateCode');
        functions.get(name)!.zip = zip;
        return Promise.resolve();
      },
      deleteFunction: (name) => Promise.resolve(functions.delete(name) ? 'deleted' : 'absent'),
    },
    logs: {
      describeLogGroup: (name) => Promise.resolve(groups.has(name) ? { name, arn: `arn:${name}` } : undefined),
      createLogGroup: (name, _tags, days) => {
        groups.set(name, days);
        return Promise.resolve();
      },
      setRetention: (name, days) => {
        groups.set(name, days);
        return Promise.resolve();
      },
      deleteLogGroup: (name) => Promise.resolve(groups.delete(name) ? 'deleted' : 'absent'),
      listStreams: () => Promise.resolve(['2026/11/25/[$LATEST]a']),
      lastEvents: () =>
        Promise.resolve([
          { timestamp: 1, message: 'START RequestId: x' },
          {
            timestamp: 2,
            message: JSON.stringify({
              sagectlJanitorReport: 1,
              startedAt: '2026-11-25T09:00:00Z',
              exitCode: 0,
              settings: SETTINGS,
              result: { summary: { stacks: 2, deleted: 6, failed: 0 } },
            }),
          },
        ]),
    },
    scheduler: {
      getSchedule: (name) => {
        const s = schedules.get(name);
        return Promise.resolve(s ? { name, arn: `arn:${name}`, state: 'ENABLED', description: '', ...s } : undefined);
      },
      putSchedule: (spec) => {
        const existed = schedules.has(spec.name);
        schedules.set(spec.name, spec);
        return Promise.resolve(existed ? 'updated' : 'created');
      },
      deleteSchedule: (name) => Promise.resolve(schedules.delete(name) ? 'deleted' : 'absent'),
    },
    alarms: {
      putFunctionErrorsAlarm: (name, _fn, actions) => {
        alarms.set(name, actions);
        return Promise.resolve();
      },
      describeAlarm: (name) => Promise.resolve(alarms.has(name) ? { name, arn: `arn:${name}`, state: 'OK', actions: alarms.get(name)! } : undefined),
      deleteAlarm: (name) => {
        alarms.delete(name);
        return Promise.resolve();
      },
    },
  };
  return { services, roles, functions, groups, schedules, alarms, calls };
}

describe('janitor install, status and remove', () => {
  let ctx: TestContext;
  beforeEach(() => {
    ctx = testContext();
  });
  const zip = new Uint8Array([1, 2, 3]);

  it('installs every part once, waits out a role not yet assumable, and a second install converges without duplicates', async () => {
    const fake = fakeServices();
    const first = await installJanitor(ctx, fake.services, { settings: SETTINGS, expression: 'rate(1 hour)', logRetentionDays: 30, alarmActions: [], zip });
    expect(first).toMatchObject({ outcome: 'created', function: 'sagectl-janitor', expression: 'rate(1 hour)' });
    expect([...fake.roles.keys()].sort()).toEqual(['sagectl-janitor-role', 'sagectl-janitor-scheduler-role']);
    expect(fake.functions.get('sagectl-janitor')).toMatchObject({ handler: 'index.handler', tags: janitorTags() });
    expect(janitorTags()).not.toHaveProperty('sagectl:stack');
    expect(JSON.parse(fake.schedules.get('sagectl-janitor')!.input)).toEqual({ source: 'sagectl.janitor', settings: SETTINGS });

    const again = await installJanitor(ctx, fake.services, {
      settings: { ...SETTINGS, pause: true },
      expression: 'rate(2 hours)',
      logRetentionDays: 7,
      alarmActions: ['arn:t'],
      zip,
    });
    expect(again.outcome).toBe('updated');
    expect(fake.calls.filter((c) => c.startsWith('create'))).toEqual([
      'createRole sagectl-janitor-role',
      'createFunction',
      'createRole sagectl-janitor-scheduler-role',
    ]);
    expect(fake.schedules.get('sagectl-janitor')!.expression).toBe('rate(2 hours)');
    expect(fake.groups.get('/aws/lambda/sagectl-janitor')).toBe(7);
    expect(fake.alarms.get('sagectl-janitor-errors')).toEqual(['arn:t']);
  });

  it('refuses to replace a function of that name that is not the janitor (exit 2)', async () => {
    const fake = fakeServices();
    fake.functions.set('sagectl-janitor', { arn: 'a', tags: { team: 'x' }, zip, handler: 'h' });
    await expect(
      installJanitor(ctx, fake.services, { settings: SETTINGS, expression: 'rate(1 hour)', logRetentionDays: 30, alarmActions: [], zip }),
    ).rejects.toThrow(/not sagectl's janitor/);
    expect(fake.calls).toEqual([]);
  });

  it('status shows the schedule, settings and last runs; remove leaves nothing and can run twice', async () => {
    const fake = fakeServices();
    expect(renderJanitorStatus(await janitorStatus(ctx, fake.services))).toMatch(/^No sagectl janitor in this region/);
    await installJanitor(ctx, fake.services, { settings: SETTINGS, expression: 'rate(1 hour)', logRetentionDays: 30, alarmActions: [], zip });
    const status = await janitorStatus(ctx, fake.services);
    expect(status).toMatchObject({
      installed: true,
      settings: SETTINGS,
      lastRuns: [{ startedAt: '2026-11-25T09:00:00Z', exitCode: 0, selected: 2, deleted: 6, failed: 0 }],
    });
    expect(renderJanitorStatus(status)).toContain('2026-11-25T09:00:00Z  exit 0  2 selected, 6 deleted, 0 paused, 0 failed');
    const removed = await removeJanitor(ctx, fake.services);
    expect(removed.removed.every((r) => r.outcome === 'deleted')).toBe(true);
    expect([fake.roles.size, fake.functions.size, fake.groups.size, fake.schedules.size, fake.alarms.size]).toEqual([0, 0, 0, 0, 0]);
    expect((await removeJanitor(ctx, fake.services)).removed.every((r) => r.outcome === 'absent')).toBe(true);
  });

  it('reads only report lines as runs', () => {
    expect(runOf('END RequestId: x')).toBeUndefined();
    expect(runOf('{"level":30,"msg":"deleted"}')).toBeUndefined();
    expect(runOf(JSON.stringify({ sagectlJanitorReport: 1, startedAt: 't', exitCode: 3, settings: SETTINGS, error: 'AccessDenied' }))).toEqual({
      startedAt: 't',
      exitCode: 3,
      dryRun: false,
      error: 'AccessDenied',
    });
  });
});
