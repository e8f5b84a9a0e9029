import type { CommandContext } from '../../core/context.js';
import { counted } from '../../core/plural.js';
import { planLines, smokeLine, statusLine } from '../endpoint/report.js';
import { UsageError } from '../../core/errors.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { Tags } from '../../core/tags.js';
import type { EndpointInfo } from '../../services/sagemaker.js';
import { assertManaged, readyForUpdate } from '../endpoint/rollout.js';
import { deploymentSpec } from '../endpoint/deployment.js';
import { addVariant, newModel, promote, recreate, rollBack, shiftTraffic, type ChangeServices } from './changes.js';
import { assertSmokeTestCanRun, readSmokePayload } from '../endpoint/smoke-test.js';
import { runSmokeTest } from './smoke.js';
import { renderHistory } from '../endpoint/history.js';
import type { UpdateAction, UpdateEndpointOptions, UpdateEndpointResult, UpdateServices } from './types.js';
import { ServiceFactory } from '../../services/factory.js';
import type { UpdateEndpointFlags } from './cli.js';
import { parseUpdateFlags } from './flags.js';
import { configFor, stackContext } from '../stack/config.js';
import { livePayloadRules } from '../invoke/index.js';
import { RunInventory, withInventory } from '../stack/inventory.js';
import { lazyService } from '../../services/lazy.js';

export type { UpdateEndpointOptions, UpdateEndpointResult, UpdateServices } from './types.js';

/**
 * Changes a live endpoint without loss of service: a new model (blue/green, all at once,
 * canary or linear, rolled back by SageMaker on its alarms), a new A/B variant, traffic weights
 * and instance counts in place, promotion of one variant, or a return to the previous config.
 * Afterwards it removes superseded configs and models, keeping `keep` for rollback.
 */
export async function updateEndpoint(ctx: CommandContext, services: UpdateServices, options: UpdateEndpointOptions): Promise<UpdateEndpointResult> {
  const stack = ctx.config.name;
  if (stack === undefined) throw new UsageError('no stack name: pass it as `sagectl update-endpoint <stack>`, with --stack, or set `name:` in the config');
  assertSmokeTestCanRun(options);
  const result = await applyChange(ctx, services, stack, options);
  // Config switches smoke-test before their cleanup (so a rollback finds the previous config);
  // what changes no config (traffic, nothing to do, a recreated endpoint) is tested here.
  if (!options.smokeTest || result.smokeTest || result.outcome === 'planned') return result;
  return { ...result, smokeTest: await runSmokeTest(ctx, options.smokeTest, stack) };
}

async function applyChange(ctx: CommandContext, services: UpdateServices, stack: string, options: UpdateEndpointOptions): Promise<UpdateEndpointResult> {
  const { sagemaker } = services;
  const found = await sagemaker.describeEndpoint(stack);
  if (!found) throw new UsageError(`stack ${stack} has no endpoint to update`, `create it with \`sagectl deploy --stack ${stack}\``);
  const endpointTags: Tags = await assertManaged(sagemaker, found, stack);
  if (options.recreate) {
    if (!endpointStatus.isFailed(found.status)) {
      throw new UsageError(
        `endpoint ${stack} is ${found.status}, not failed: --recreate would take it down`,
        'drop --recreate to update it in place without loss of service',
      );
    }
    return recreate(ctx, services, found, options);
  }
  const endpoint: EndpointInfo = await readyForUpdate(ctx, sagemaker, found, {
    wait: options.wait && !options.dryRun,
    timeoutMs: options.timeoutMs,
    failedResolution: `recreate it with \`sagectl update-endpoint ${stack} --recreate\` (deletes the endpoint, then deploys from the config)`,
  });
  const change: ChangeServices = { ctx, services, stack, options, endpointTags };
  switch (options.action.kind) {
    case 'new-model':
      return newModel(change, endpoint, options.action);
    case 'add-variant':
      return addVariant(change, endpoint, options.action);
    case 'traffic':
      return shiftTraffic(change, endpoint, options.action);
    case 'promote':
      return promote(change, endpoint, options.action);
    case 'rollback':
      return rollBack(change, endpoint, options.action);
  }
}

/** Text for people. */
export function renderUpdateEndpoint(r: UpdateEndpointResult): string {
  const headline = {
    updated: `Updated endpoint ${r.stack} (${r.action})`,
    recreated: `Recreated endpoint ${r.stack}`,
    unchanged: `Endpoint ${r.stack} already runs this: nothing changed`,
    planned: `Plan for endpoint ${r.stack} (${r.action}; dry run, nothing changed):`,
  }[r.outcome];
  const lines = [headline];
  if (r.outcome === 'planned') {
    lines.push(...planLines(r.plan));
    if (r.target) {
      lines.push(`  target   ${r.target}: ${r.variants.map((v) => `${v.name} (${v.model ?? '?'})`).join(', ')}`);
      if (r.history) lines.push('  history  (live first, then most recently served)', ...renderHistory(r.history, '    '));
    }
    return lines.join('\n');
  }
  if (r.endpoint.status) lines.push(statusLine(r.stack, r.endpoint.status, r.waited || r.outcome === 'unchanged'));
  lines.push(
    `  config   ${r.endpoint.configName}${r.endpoint.previousConfig && r.endpoint.previousConfig !== r.endpoint.configName ? ` (was ${r.endpoint.previousConfig})` : ''}`,
  );
  if (r.deployment)
    lines.push(`  rollout  ${r.deployment.strategy}${r.deployment.rollbackAlarms ? `, rollback on ${r.deployment.rollbackAlarms.join(', ')}` : ''}`);
  for (const v of r.variants) {
    const count =
      v.instanceCount !== undefined
        ? v.desiredInstanceCount !== undefined && v.desiredInstanceCount !== v.instanceCount
          ? `, ${v.instanceCount}→${counted(v.desiredInstanceCount, 'instance')}`
          : `, ${counted(v.instanceCount, 'instance')}`
        : '';
    lines.push(`  variant  ${v.name}: weight ${v.weight ?? '?'}${count}${v.model ? `, model ${v.model}` : ''}`);
  }
  if (r.modelVersion !== undefined) lines.push(`  version  v${r.modelVersion} of ${r.stack}`);
  for (const s of r.removed) lines.push(`  removed  ${s.kind} ${s.name}`);
  if (r.autoscaling?.registered.length) lines.push(`  scaling  ${r.autoscaling.registered.join(', ')}`);
  if (r.smokeTest) lines.push(smokeLine(r.smokeTest));
  return lines.join('\n');
}

function usesVersion(action: UpdateAction): boolean {
  return (action.kind === 'new-model' || action.kind === 'add-variant') && action.source.version !== undefined;
}

/** CLI entry: builds the real services and runs {@link updateEndpoint}. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: UpdateEndpointFlags): Promise<void> {
  // The argument names the target, never the config's stack: only --stack applies a file to another stack.
  return runCommand(globals, {
    needsConfig: false,
    run: async (shell) => {
      const make = new ServiceFactory(shell.clientOptions);
      const { deployment: deploymentFlags, smokeTest: smokeFlags, ...parsed } = parseUpdateFlags(flags);
      const target = stack ?? shell.config.name;
      const ctx = target !== undefined ? stackContext(shell, target, uncheckedWithoutConfig(parsed, smokeFlags !== undefined)) : shell;
      const deployment = parsed.action.kind === 'traffic' ? undefined : deploymentSpec(ctx.config.endpoint?.deployment, deploymentFlags);
      // The smoke-test file is read and checked before anything changes (and before the SDK
      // loads): a bad one exits 2 with nothing sent. Without the stack's config, its size is
      // checked again against the live endpoint's kind.
      let smokePayload = smokeFlags ? await readSmokePayload(ctx, smokeFlags.file) : undefined;
      // One inventory for the run: the stack's tags in one request, listings and descriptions read once.
      const sagemaker =
        target !== undefined
          ? withInventory(
              await make.sagemaker(),
              new RunInventory(
                lazyService(() => make.tagging()),
                target,
              ),
            )
          : await make.sagemaker();
      if (smokeFlags && target !== undefined && !configFor(shell, target))
        smokePayload = await readSmokePayload(ctx, smokeFlags.file, undefined, await livePayloadRules(sagemaker, target));
      const smokeTest = smokeFlags && smokePayload ? { runtime: await make.runtime(), payload: smokePayload, rollback: smokeFlags.rollback } : undefined;
      const services: UpdateServices = {
        sagemaker,
        // Built on first call: most updates never touch autoscaling or a training job (memory, start-up).
        scaling: lazyService(() => make.autoscaling()),
        jobs: lazyService(() => make.jobs()),
        ...(usesVersion(parsed.action) ? { registry: await make.registry() } : {}),
      };
      return updateEndpoint(ctx, services, { ...parsed, ...(deployment ? { deployment } : {}), ...(smokeTest ? { smokeTest } : {}) });
    },
    render: renderUpdateEndpoint,
  });
}

/** What update-endpoint leaves unchecked, or takes from the live endpoint, when the config is another stack's. */
function uncheckedWithoutConfig(parsed: Pick<UpdateEndpointOptions, 'action' | 'recreate'>, smokeTest: boolean): string[] {
  const unchecked: string[] = [];
  if (parsed.action.kind !== 'traffic') unchecked.push('endpoint.deployment (the rollout comes from the flags alone)');
  if (parsed.action.kind !== 'traffic' && parsed.action.kind !== 'rollback')
    unchecked.push('endpoint.autoscaling (live scalable targets are left as they are)');
  if (smokeTest) unchecked.push('the smoke-test payload against endpoint.input (only its size and encoding)');
  return unchecked;
}
