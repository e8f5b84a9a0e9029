// Bulk teardown selects a stack that holds only a notebook instance or only a monitoring schedule
// (issue 14: bulk teardown includes notebooks), by the same rules as any other stack; never the
// janitor or an unmanaged notebook; and --idle, which is about endpoint invocations, never a
// stack without an endpoint.
import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, type TeardownOptions, type TeardownServices } from '../../../../src/commands/teardown/index.js';
import type { SelectionCriteria } from '../../../../src/commands/teardown/selection.js';
import { NotebookResourceFinder } from '../../../../src/commands/teardown/finders/notebook.js';
import { MonitoringResourceFinder } from '../../../../src/commands/teardown/finders/monitoring.js';
import { SageMakerResourceFinder } from '../../../../src/commands/stack/resources.js';
import type { ResourceSummary } from '../../../../src/services/sagemaker.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const ACCOUNT = '123456789012';
const DAY = 86_400_000;
const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const notebookArn = (name: string): string => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/${name}`;
const scheduleArn = (name: string): string => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:monitoring-schedule/${name}`;
const bulk = (c: Partial<SelectionCriteria>): SelectionCriteria => ({ stacks: [], all: false, tags: {}, ...c });
const YES: Omit<TeardownOptions, 'criteria'> = { yes: true, dryRun: false, force: false, concurrency: 4 };

let sm: FakeSageMaker;
let ctx: TestContext;
/** Notebook instances and schedules in the region, by name. */
let notebooks: Map<string, ResourceSummary & { status: string }>;
let schedules: Map<string, ResourceSummary>;
let calls: string[];

function services(): TeardownServices {
  const notebookService = {
    describe: (name: string) => Promise.resolve(notebooks.get(name)),
    describeLifecycleConfig: () => Promise.resolve(undefined),
    stop: () => Promise.resolve(),
    delete: (name: string) => {
      calls.push(`DeleteNotebookInstance ${name}`);
      notebooks.delete(name);
      return Promise.resolve('deleted' as const);
    },
    deleteLifecycleConfig: () => Promise.resolve('absent' as const),
  };
  const monitoringService = {
    describeSchedule: (name: string) => Promise.resolve(schedules.get(name) ? { ...schedules.get(name)!, status: 'Scheduled' } : undefined),
    describeJobDefinition: () => Promise.resolve(undefined),
    deleteSchedule: (name: string) => {
      calls.push(`DeleteMonitoringSchedule ${name}`);
      schedules.delete(name);
      return Promise.resolve('deleted' as const);
    },
    deleteJobDefinition: () => Promise.resolve('absent' as const),
  };
  return {
    finders: [
      new NotebookResourceFinder(notebookService, sm, () => Promise.resolve()),
      new MonitoringResourceFinder(monitoringService, sm),
      new SageMakerResourceFinder(sm),
    ],
    sagemaker: sm,
    tagging: sm,
    metrics: {
      invocationsByEndpoint: (variants) => {
        calls.push(`metrics ${variants.map((v) => v.endpoint).join(',')}`);
        return Promise.resolve(new Map(variants.map((v) => [v.endpoint, 0])));
      },
    },
    fleetListings: {
      listNotebookInstances: () => {
        calls.push('ListNotebookInstances');
        return Promise.resolve([...notebooks.values()]);
      },
      listMonitoringSchedules: () => {
        calls.push('ListMonitoringSchedules');
        return Promise.resolve([...schedules.values()]);
      },
    },
  };
}

function notebook(name: string, tags: Record<string, string>, ageMs: number): void {
  const arn = notebookArn(name);
  notebooks.set(name, { name, arn, creationTime: new Date(ctx.clock.now().getTime() - ageMs), status: 'Stopped' });
  sm.tags.set(arn, tags);
}

function schedule(stack: string, tags: Record<string, string>, ageMs: number): void {
  const name = `${stack}-data-quality`;
  const arn = scheduleArn(name);
  schedules.set(name, { name, arn, creationTime: new Date(ctx.clock.now().getTime() - ageMs) });
  sm.tags.set(arn, tags);
}

beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
  notebooks = new Map();
  schedules = new Map();
  calls = [];
  // An endpoint stack, created at the fake's default time (weeks before the clock).
  sm.seed('served', { tags: managed('served') });
  notebook('lab', managed('lab'), 10 * DAY);
  notebook('fresh-lab', managed('fresh-lab'), 3_600_000);
  schedule('watched', managed('watched'), 10 * DAY);
  // Never selected: an unmanaged notebook, and the janitor's resources (managed, but no stack).
  notebook('hand-made', { team: 'ml' }, 10 * DAY);
  notebook('sagectl-janitor', { 'sagectl:managed-by': 'sagectl', 'sagectl:janitor': 'true' }, 10 * DAY);
});

describe('bulk teardown of stacks with only a notebook or a monitoring schedule', () => {
  it('--all selects and deletes them, and nothing unmanaged or of the janitor', async () => {
    const result = await teardown(ctx, services(), { ...YES, criteria: bulk({ all: true }) });
    expect(result.stacks.map((s) => s.stack).sort()).toEqual(['fresh-lab', 'lab', 'served', 'watched']);
    expect(calls.filter((c) => c.startsWith('Delete')).sort()).toEqual([
      'DeleteMonitoringSchedule watched-data-quality',
      'DeleteNotebookInstance fresh-lab',
      'DeleteNotebookInstance lab',
    ]);
    expect([...notebooks.keys()].sort()).toEqual(['hand-made', 'sagectl-janitor']);
  });

  it("--older-than uses the notebook's (or schedule's) creation time", async () => {
    const result = await teardown(ctx, services(), { ...YES, criteria: bulk({ olderThanMs: 2 * DAY }) });
    expect(result.stacks.map((s) => s.stack).sort()).toEqual(['lab', 'served', 'watched']);
    expect(notebooks.has('fresh-lab')).toBe(true);
  });

  it('--tag matches the tags of a notebook-only stack', async () => {
    notebook('team-lab', { ...managed('team-lab'), team: 'ml' }, DAY);
    const result = await teardown(ctx, services(), { ...YES, criteria: bulk({ tags: { team: 'ml' } }) });
    expect(result.stacks.map((s) => s.stack)).toEqual(['team-lab']);
  });

  it('never selects a protected notebook', async () => {
    notebook('kept-lab', { ...managed('kept-lab'), 'sagectl:protect': 'true' }, 10 * DAY);
    const result = await teardown(ctx, services(), { ...YES, criteria: bulk({ all: true }) });
    expect(result.stacks.map((s) => s.stack)).not.toContain('kept-lab');
    expect(notebooks.has('kept-lab')).toBe(true);
  });

  it('--idle never selects a stack without an endpoint: idle is about endpoint invocations', async () => {
    const result = await teardown(ctx, services(), { ...YES, criteria: bulk({ idleMs: DAY }) });
    expect(result.stacks.map((s) => s.stack)).toEqual(['served']);
    expect(calls).toContain('metrics served');
    expect(notebooks.has('lab')).toBe(true);
    expect(schedules.size).toBe(1);
  });

  it('lists notebooks and schedules only when the fleet has some', async () => {
    notebooks.clear();
    schedules.clear();
    for (const arn of [...sm.tags.keys()]) if (!arn.includes(':endpoint') && !arn.includes(':model')) sm.tags.delete(arn);
    await teardown(ctx, services(), { ...YES, criteria: bulk({ all: true }) });
    expect(calls.filter((c) => c.startsWith('List'))).toEqual([]);
  });

  it('a refused notebook listing is a warning: the other stacks are still torn down, the notebook-only ones left', async () => {
    const refusing = services();
    refusing.fleetListings = {
      ...refusing.fleetListings,
      listNotebookInstances: () => Promise.reject(new Error('AccessDeniedException: not authorized to perform sagemaker:ListNotebookInstances')),
    };
    const result = await teardown(ctx, refusing, { ...YES, criteria: bulk({ all: true }) });
    expect(result.stacks.map((s) => s.stack).sort()).toEqual(['served', 'watched']);
    expect(notebooks.has('lab')).toBe(true);
    ctx.log.expectLog(/could not list notebook instances .*sagemaker:ListNotebookInstances/, 'warn');
  });
});
