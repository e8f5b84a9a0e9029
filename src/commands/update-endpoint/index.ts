import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { runCommand, type GlobalOptions } from '../../cli/runner.js';
import { variantName as variantNameSchema } from '../../core/schema.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { Tags } from '../../core/tags.js';
import type { EndpointInfo } from '../../services/sagemaker.js';
import { assertManaged, readyForUpdate } from '../endpoint/rollout.js';
import { deploymentSpec, type DeploymentFlags } from '../endpoint/deployment.js';
import { parseInstances, parseWeights } from '../endpoint/traffic.js';
import { addVariant, newModel, promote, recreate, rollBack, shiftTraffic, type ChangeServices } from './changes.js';
import { checkModelSource, type UpdateModelFlags } from './model.js';
import { readSmokePayload } from '../endpoint/smoke-test.js';
import { parseVersionRef } from '../model/version.js';
import { runSmokeTest } from './smoke.js';
import type { UpdateAction, UpdateEndpointOptions, UpdateEndpointResult, UpdateServices } from './types.js';
import { ServiceFactory } from '../../services/factory.js';

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
  if (options.smokeTest && !options.wait && !options.dryRun) {
    throw new UsageError(
      '--smoke-test needs the endpoint InService: it cannot run with --no-wait',
      'drop --no-wait, or run `sagectl invoke` once the endpoint is InService',
    );
  }
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
      return rollBack(change, endpoint);
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
    for (const s of r.plan) lines.push(`  ${s.action.padEnd(6)} ${s.kind.padEnd(15)} ${s.name}`);
    return lines.join('\n');
  }
  if (r.endpoint.status)
    lines.push(`  status   ${r.endpoint.status}${r.waited || r.outcome === 'unchanged' ? '' : ` (not waited for: follow with \`sagectl status ${r.stack}\`)`}`);
  lines.push(
    `  config   ${r.endpoint.configName}${r.endpoint.previousConfig && r.endpoint.previousConfig !== r.endpoint.configName ? ` (was ${r.endpoint.previousConfig})` : ''}`,
  );
  if (r.deployment)
    lines.push(`  rollout  ${r.deployment.strategy}${r.deployment.rollbackAlarms ? `, rollback on ${r.deployment.rollbackAlarms.join(', ')}` : ''}`);
  for (const v of r.variants) {
    const count =
      v.instanceCount !== undefined
        ? `, ${v.instanceCount}${v.desiredInstanceCount !== undefined && v.desiredInstanceCount !== v.instanceCount ? `→${v.desiredInstanceCount}` : ''} instances`
        : '';
    lines.push(`  variant  ${v.name}: weight ${v.weight ?? '?'}${count}${v.model ? `, model ${v.model}` : ''}`);
  }
  if (r.modelVersion !== undefined) lines.push(`  version  v${r.modelVersion} of ${r.stack}`);
  for (const s of r.removed) lines.push(`  removed  ${s.kind} ${s.name}`);
  if (r.autoscaling?.registered.length) lines.push(`  scaling  ${r.autoscaling.registered.join(', ')}`);
  if (r.smokeTest) lines.push(`  smoke    passed in ${r.smokeTest.latencyMs} ms${r.smokeTest.invokedVariant ? ` (${r.smokeTest.invokedVariant})` : ''}`);
  return lines.join('\n');
}

/** The update-endpoint command's options as commander parses them. */
export interface UpdateEndpointFlags extends DeploymentFlags {
  modelData?: string;
  image?: string;
  fromTrainingJob?: string;
  fromTuningJob?: string;
  variant?: string;
  addVariant?: string;
  weight?: string;
  instanceType?: string;
  instanceCount?: string;
  weights?: string;
  instances?: string;
  promote?: string;
  rollback?: boolean;
  recreate?: boolean;
  keep: string;
  wait: boolean;
  timeout: string;
  dryRun?: boolean;
  smokeTest?: string;
  rollbackOnSmokeFailure?: boolean;
  modelVersion?: string;
  toVersion?: string;
  allowUnapproved?: boolean;
}

/**
 * The action the flags ask for, checked before any request: one action at a time, and every
 * value well-formed (weights, counts, names, the deployment).
 */
export function parseUpdateFlags(flags: UpdateEndpointFlags): Omit<UpdateEndpointOptions, 'deployment'> {
  const source: UpdateModelFlags = {
    ...(flags.modelData !== undefined ? { modelData: flags.modelData } : {}),
    ...(flags.image !== undefined ? { image: flags.image } : {}),
    ...(flags.fromTrainingJob !== undefined ? { trainingJob: flags.fromTrainingJob } : {}),
    ...(flags.fromTuningJob !== undefined ? { tuningJob: flags.fromTuningJob } : {}),
    ...(flags.modelVersion !== undefined ? { version: parseVersionRef(flags.modelVersion), versionFlag: '--model-version' } : {}),
  };
  if (flags.toVersion !== undefined && !flags.rollback)
    throw new UsageError('--to-version goes with --rollback: `--rollback --to-version N` puts version N back');
  const hasSource = Object.keys(source).length > 0;
  const modes = [
    flags.addVariant !== undefined && '--add-variant',
    (flags.weights !== undefined || flags.instances !== undefined) && '--weights/--instances',
    flags.promote !== undefined && '--promote',
    flags.rollback && '--rollback',
  ].filter((m): m is string => typeof m === 'string');
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} are different actions: give one at a time`);
  const [mode] = modes;
  if (hasSource && mode !== undefined && mode !== '--add-variant')
    throw new UsageError(`${mode} uses the models the endpoint has: it takes no --model-data, --image or --from-* flag`);
  const deploymentFlags = [
    flags.strategy,
    flags.canaryPercent,
    flags.canaryInstances,
    flags.linearPercent,
    flags.linearInstances,
    flags.bake,
    flags.terminationWait,
    flags.maxExecutionTime,
    flags.rollbackAlarm,
  ];
  if (mode === '--weights/--instances' && deploymentFlags.some((f) => f !== undefined)) {
    throw new UsageError('--weights and --instances change the endpoint in place: deployment flags (--strategy, --bake, …) do not apply');
  }
  if (flags.recreate && mode !== undefined) throw new UsageError(`--recreate deploys from the config: it does not go with ${mode}`);
  if (flags.rollbackOnSmokeFailure) {
    if (flags.smokeTest === undefined) throw new UsageError('--rollback-on-smoke-failure needs --smoke-test FILE: it rolls back when that smoke test fails');
    if (mode === '--weights/--instances')
      throw new UsageError('--rollback-on-smoke-failure returns to the previous endpoint config: --weights and --instances change no config');
    if (flags.recreate)
      throw new UsageError(
        '--rollback-on-smoke-failure returns to the previous endpoint config: --recreate replaces a failed endpoint, so there is none to return to',
      );
  }
  // `--rollback --to-version N`: version N's model on the variant, through the new-model path.
  const toVersion = flags.toVersion !== undefined ? parseVersionRef(flags.toVersion, '--to-version') : undefined;
  if (toVersion !== undefined) {
    if (typeof toVersion !== 'number') throw new UsageError(`--to-version: expected a version number (1, 2, …), found "${flags.toVersion}"`);
    source.version = toVersion;
    source.versionFlag = '--to-version';
  }
  if (flags.allowUnapproved) source.allowUnapproved = true;
  checkModelSource(source);
  const count = (text: string | undefined, flag: string, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, found "${text}"`);
    return n;
  };
  const keep = count(flags.keep, '--keep', 0, 100) ?? 1;
  if (mode !== '--add-variant' && (flags.weight !== undefined || flags.instanceType !== undefined || flags.instanceCount !== undefined)) {
    throw new UsageError('--weight, --instance-type and --instance-count describe the variant that --add-variant adds');
  }
  const action = ((): UpdateAction => {
    switch (mode) {
      case '--add-variant': {
        const name = checkVariantName(flags.addVariant!, '--add-variant');
        if (flags.weight === undefined) throw new UsageError('--add-variant needs --weight W: the share of traffic the new variant gets (e.g. 0.1)');
        const weight = Number(flags.weight);
        if (!/^\d*\.?\d+$/.test(flags.weight) || !Number.isFinite(weight))
          throw new UsageError(`--weight: expected a number of 0 or more, found "${flags.weight}"`);
        const instanceCount = count(flags.instanceCount, '--instance-count', 1, 100);
        if (flags.instanceType !== undefined && !/^ml\.[a-z0-9]+\.[a-z0-9]+$/.test(flags.instanceType))
          throw new UsageError(`--instance-type: expected a SageMaker instance type such as ml.m5.large, found "${flags.instanceType}"`);
        return {
          kind: 'add-variant',
          source,
          name,
          weight,
          ...(flags.instanceType ? { instanceType: flags.instanceType } : {}),
          ...(instanceCount !== undefined ? { instanceCount } : {}),
        };
      }
      case '--weights/--instances':
        return {
          kind: 'traffic',
          ...(flags.weights !== undefined ? { weights: parseWeights(flags.weights) } : {}),
          ...(flags.instances !== undefined ? { instances: parseInstances(flags.instances) } : {}),
        };
      case '--promote':
        return { kind: 'promote', name: checkVariantName(flags.promote!, '--promote') };
      case '--rollback':
        return toVersion !== undefined
          ? { kind: 'new-model', source, ...(flags.variant !== undefined ? { variant: flags.variant } : {}) }
          : { kind: 'rollback' };
      case undefined:
      default:
        return { kind: 'new-model', source, ...(flags.variant !== undefined ? { variant: flags.variant } : {}) };
    }
  })();
  if (flags.variant !== undefined && action.kind !== 'new-model')
    throw new UsageError('--variant picks the variant that gets the new model: it goes without --add-variant, --weights, --promote and --rollback');
  return {
    action,
    keep,
    recreate: Boolean(flags.recreate),
    wait: flags.wait,
    timeoutMs: parseDuration(flags.timeout, '--timeout'),
    dryRun: Boolean(flags.dryRun),
  };
}

function usesVersion(action: UpdateAction): boolean {
  return (action.kind === 'new-model' || action.kind === 'add-variant') && action.source.version !== undefined;
}

function checkVariantName(name: string, flag: string): string {
  const parsed = variantNameSchema.safeParse(name);
  if (!parsed.success) throw new UsageError(`${flag}: "${name}" is not a valid variant name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return name;
}

/** CLI entry: builds the real services and runs {@link updateEndpoint}. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: UpdateEndpointFlags): Promise<void> {
  return runCommand(
    { ...globals, ...(stack !== undefined ? { stack } : {}) },
    {
      needsConfig: false,
      run: async (ctx) => {
        const make = new ServiceFactory(ctx.clientOptions);
        const parsed = parseUpdateFlags(flags);
        const deployment = parsed.action.kind === 'traffic' ? undefined : deploymentSpec(ctx.config.endpoint?.deployment, flags);
        // The smoke-test file is read and checked before anything changes: a bad one exits 2 with nothing sent.
        const smokeTest =
          flags.smokeTest !== undefined
            ? { runtime: await make.runtime(), payload: await readSmokePayload(ctx, flags.smokeTest), rollback: Boolean(flags.rollbackOnSmokeFailure) }
            : undefined;
        const services: UpdateServices = {
          sagemaker: await make.sagemaker(),
          scaling: await make.autoscaling(),
          jobs: await make.jobs(),
          ...(usesVersion(parsed.action) ? { registry: await make.registry() } : {}),
        };
        return updateEndpoint(ctx, services, { ...parsed, ...(deployment ? { deployment } : {}), ...(smokeTest ? { smokeTest } : {}) });
      },
      render: renderUpdateEndpoint,
    },
  );
}
