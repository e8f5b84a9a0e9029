import type { CommandContext } from '../../core/context.js';
import { ResourceFailedError, UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { assertStackName } from '../../core/names.js';
import { pollUntilFinal } from '../../core/poller.js';
import { isManaged, stackTags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { ServiceFactory } from '../../services/factory.js';
import type { NotebookInfo, NotebookService } from '../../services/notebooks.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { configFor } from '../stack/config.js';
import type { NotebookAction } from './cli.js';
import { autoStopScript, lifecycleName } from './lifecycle.js';

/** The notebook calls the workflow makes. */
export type NotebookApi = Pick<
  NotebookService,
  'describe' | 'create' | 'start' | 'stop' | 'delete' | 'presignedUrl' | 'describeLifecycleConfig' | 'createLifecycleConfig' | 'deleteLifecycleConfig'
>;

export interface NotebookResult {
  stack: string;
  action: NotebookAction;
  /** The instance, named after the stack. */
  name: string;
  outcome: 'created' | 'started' | 'stopped' | 'deleted' | 'unchanged' | 'absent' | 'url';
  status?: string;
  url?: string;
  lifecycleConfig?: string;
  repository?: string;
}

const DEFAULT_INSTANCE_TYPE = 'ml.t3.medium';
/** A notebook instance takes a few minutes to start or stop. */
const WAIT_TIMEOUT_MS = 20 * 60_000;

/**
 * Runs one notebook action on the stack's notebook instance (named after the stack): `up`
 * converges (lifecycle config for autoStopIdle, the instance with the repository, started) and
 * waits for InService; `url` prints a presigned URL; `stop`/`start` change its state and wait;
 * `down` stops it, waits, deletes it and its lifecycle config. Only what carries the stack's
 * sagectl tags is stopped or deleted.
 */
export async function notebook(
  ctx: CommandContext,
  api: NotebookApi,
  sagemaker: Pick<SageMakerService, 'listTags'>,
  stack: string,
  action: NotebookAction,
): Promise<NotebookResult> {
  assertStackName(stack);
  const base = { stack, action, name: stack };
  if (action === 'up') return up(ctx, api, stack);
  const info = await api.describe(stack);
  if (!info) {
    if (action === 'down') return { ...base, outcome: 'absent', ...(await deleteLifecycle(api, sagemaker, stack)) };
    throw new UsageError(`there is no notebook instance ${stack}`, `run \`sagectl notebook up ${stack}\` first`);
  }
  if (action === 'url') return { ...base, outcome: 'url', status: info.status, url: await api.presignedUrl(stack) };
  if (!isManaged(await sagemaker.listTags(info.arn), stack)) {
    throw new UsageError(`notebook instance ${stack} is not managed by sagectl (no sagectl:managed-by tag): nothing was changed`);
  }
  if (action === 'start') {
    if (info.status === 'InService') return { ...base, outcome: 'unchanged', status: info.status };
    await waitFor(ctx, api, stack, ['Stopped', 'Failed', 'InService']);
    await api.start(stack);
    return { ...base, outcome: 'started', status: (await waitFor(ctx, api, stack, ['InService'])).status };
  }
  const stopped = await stopAndWait(ctx, api, info);
  if (action === 'stop') return { ...base, outcome: stopped ? 'stopped' : 'unchanged', status: 'Stopped' };
  await api.delete(stack);
  await pollUntilFinal({
    ...waitOptions(ctx, stack, 'deleted'),
    check: () => api.describe(stack),
    state: (n) => ({ status: n?.status ?? 'Deleted', final: n === undefined }),
  });
  return { ...base, outcome: 'deleted', ...(await deleteLifecycle(api, sagemaker, stack)) };
}

async function up(ctx: CommandContext, api: NotebookApi, stack: string): Promise<NotebookResult> {
  const config = configFor(ctx, stack);
  if (!config?.notebook) throw new UsageError(`notebook: is not set in ${stack}'s config`, 'add a notebook: section (instanceType, repository, autoStopIdle)');
  const section = config.notebook;
  const role = section.role ?? config.role;
  if (role === undefined) throw new UsageError('no role for the notebook: set notebook.role or role', 'the notebook instance runs as that IAM role');
  const tags = stackTags(stack, config.tags, await ctx.git());
  let lifecycleConfig: string | undefined;
  if (section.autoStopIdle !== undefined) {
    lifecycleConfig = lifecycleName(stack);
    if ((await api.describeLifecycleConfig(lifecycleConfig)) === undefined) {
      await api.createLifecycleConfig(lifecycleConfig, autoStopScript(parseDuration(section.autoStopIdle, 'notebook.autoStopIdle') / 1000), tags);
      ctx.logger.info(`created lifecycle configuration ${lifecycleConfig} (stop after ${section.autoStopIdle} idle)`);
    }
  }
  const base = {
    stack,
    action: 'up' as const,
    name: stack,
    ...(lifecycleConfig ? { lifecycleConfig } : {}),
    ...(section.repository ? { repository: section.repository } : {}),
  };
  const info = await api.describe(stack);
  let outcome: NotebookResult['outcome'] = 'unchanged';
  if (!info) {
    await api.create({
      NotebookInstanceName: stack,
      InstanceType: (section.instanceType ?? DEFAULT_INSTANCE_TYPE) as never,
      RoleArn: role,
      ...(section.volumeSizeGB !== undefined ? { VolumeSizeInGB: section.volumeSizeGB } : {}),
      ...(section.repository !== undefined ? { DefaultCodeRepository: section.repository } : {}),
      ...(lifecycleConfig ? { LifecycleConfigName: lifecycleConfig } : {}),
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
    ctx.logger.info(`created notebook instance ${stack}`);
    outcome = 'created';
  } else if (info.status === 'Failed') {
    throw new ResourceFailedError(
      `notebook instance ${stack} is Failed: ${info.failureReason ?? 'no reason given'}`,
      `run \`sagectl notebook down ${stack}\`, then up`,
    );
  } else if (info.status !== 'InService' && info.status !== 'Pending') {
    await waitFor(ctx, api, stack, ['Stopped', 'InService']);
    if ((await api.describe(stack))?.status === 'Stopped') {
      await api.start(stack);
      outcome = 'started';
    }
  }
  const ready = await waitFor(ctx, api, stack, ['InService']);
  return { ...base, outcome, status: ready.status };
}

/** Stops an instance that runs (or is starting) and waits until it is Stopped; false when it already was. */
async function stopAndWait(ctx: CommandContext, api: NotebookApi, info: NotebookInfo): Promise<boolean> {
  if (info.status === 'Stopped' || info.status === 'Failed') return false;
  const settled = await waitFor(ctx, api, info.name, ['InService', 'Stopped', 'Failed']);
  if (settled.status !== 'InService') return false;
  await api.stop(info.name);
  await waitFor(ctx, api, info.name, ['Stopped', 'Failed']);
  return true;
}

async function deleteLifecycle(api: NotebookApi, sagemaker: Pick<SageMakerService, 'listTags'>, stack: string): Promise<{ lifecycleConfig?: string }> {
  const name = lifecycleName(stack);
  const arn = await api.describeLifecycleConfig(name);
  if (arn === undefined || !isManaged(await sagemaker.listTags(arn), stack)) return {};
  await api.deleteLifecycleConfig(name);
  return { lifecycleConfig: name };
}

function waitOptions(ctx: CommandContext, stack: string, what: string) {
  return {
    what: `notebook instance ${stack} to be ${what}`,
    phase: `notebook ${stack}`,
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs: WAIT_TIMEOUT_MS,
    onProgress: (p: Parameters<CommandContext['progress']['report']>[0]) => ctx.progress.report(p),
    resolution: `it goes on in AWS: check with \`sagectl notebook url ${stack}\` or \`sagectl status ${stack}\``,
  };
}

async function waitFor(ctx: CommandContext, api: NotebookApi, stack: string, statuses: readonly string[]): Promise<NotebookInfo> {
  const info = await pollUntilFinal({
    ...waitOptions(ctx, stack, statuses.join(' or ')),
    check: () => api.describe(stack),
    state: (n) => ({ status: n?.status ?? 'Deleted', final: n === undefined || statuses.includes(n.status) || n.status === 'Failed' }),
  });
  if (!info) throw new ResourceFailedError(`notebook instance ${stack} disappeared while waiting`);
  if (info.status === 'Failed' && !statuses.includes('Failed'))
    throw new ResourceFailedError(`notebook instance ${stack} is Failed: ${info.failureReason ?? 'no reason given'}`);
  return info;
}

function renderNotebook(r: NotebookResult): string {
  if (r.url !== undefined) return r.url;
  const extra = [r.repository ? `repository ${r.repository}` : '', r.lifecycleConfig ? `lifecycle config ${r.lifecycleConfig}` : ''].filter(Boolean).join(', ');
  return `notebook instance ${r.name}: ${r.outcome}${r.status ? ` (${r.status})` : ''}${extra ? `; ${extra}` : ''}`;
}

/** CLI entry. The stack comes from the argument, else `--stack` / the config's `name`. */
export function main(globals: GlobalOptions, action: NotebookAction, stack: string | undefined): Promise<void> {
  return runCommand(globals, {
    needsConfig: action === 'up',
    run: async (ctx) => {
      const name = stack ?? ctx.config.name;
      if (name === undefined)
        throw new UsageError(`no stack: name one (\`sagectl notebook ${action} churn-xgb\`), pass --stack, or run where sagectl.yaml names it`);
      const make = new ServiceFactory(ctx.clientOptions);
      return notebook(ctx, await make.notebooks(), await make.sagemaker(), name, action);
    },
    render: renderNotebook,
  });
}
