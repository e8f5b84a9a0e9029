import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { flagBySchema, instanceType, variantName as variantNameSchema, variantWeight } from '../../core/schema.js';
import type { DeploymentFlags } from '../endpoint/deployment.js';
import { parseInstances, parseWeights } from '../endpoint/traffic.js';
import { parseVersionRef } from '../model/version.js';
import type { UpdateEndpointFlags } from './cli.js';
import { checkModelSource, type NewModelSource } from './model.js';
import type { UpdateAction, UpdateEndpointOptions } from './types.js';

/**
 * What update-endpoint's flags ask for, every value read and checked. The deployment flags stay
 * as given: they are merged with the config's `endpoint.deployment` (deploymentSpec) once the
 * config is read; the smoke-test file is read then too.
 */
export type UpdateEndpointFlagOptions = Omit<UpdateEndpointOptions, 'deployment' | 'smokeTest'> & {
  deployment: DeploymentFlags;
  smokeTest?: { file: string; rollback: boolean };
};

/**
 * The action the flags ask for, checked before any request: one action at a time, and every
 * value well-formed (weights, counts, names, the deployment).
 */
export function parseUpdateFlags(flags: UpdateEndpointFlags): UpdateEndpointFlagOptions {
  const source: NewModelSource = {
    ...(flags.modelData !== undefined ? { modelData: flags.modelData } : {}),
    ...(flags.image !== undefined ? { image: flags.image } : {}),
    ...(flags.fromTrainingJob !== undefined ? { trainingJob: flags.fromTrainingJob } : {}),
    ...(flags.fromTuningJob !== undefined ? { tuningJob: flags.fromTuningJob } : {}),
    ...(flags.modelVersion !== undefined ? { version: parseVersionRef(flags.modelVersion), versionFlag: '--model-version' } : {}),
  };
  if (flags.toVersion !== undefined && !flags.rollback)
    throw new UsageError('--to-version goes with --rollback: `--rollback --to-version N` puts version N back');
  if (flags.toConfig !== undefined && !flags.rollback)
    throw new UsageError('--to-config goes with --rollback: `--rollback --to-config NAME` puts that kept config back');
  if (flags.toConfig !== undefined && flags.toVersion !== undefined) throw new UsageError('--to-config and --to-version both name the target: give one');
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
  // SageMaker's guardrails need the same variant names before and after; adding or promoting a
  // variant changes them, so a canary or linear rollout asked for here could only be dropped.
  // https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html
  if ((mode === '--add-variant' || mode === '--promote') && deploymentFlags.some((f) => f !== undefined)) {
    throw new UsageError(
      `${mode} changes the endpoint's variant names, and SageMaker's canary and linear deployments (with --bake, --rollback-alarm, …) need the same names: the update would go all at once`,
      `drop the deployment flags, or run ${mode} first and then roll the new variant's model out with --variant NAME --strategy canary`,
    );
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
  const count = (value: string | number | undefined, flag: string, min: number, max: number): number | undefined => {
    if (value === undefined) return undefined;
    // Commander hands over a declared default as a number, a typed value as text.
    const text = String(value);
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
        const weight = flagBySchema(variantWeight, flags.weight.trim() === '' ? NaN : Number(flags.weight), flags.weight, '--weight');
        const instanceCount = count(flags.instanceCount, '--instance-count', 1, 100);
        if (flags.instanceType !== undefined) flagBySchema(instanceType, flags.instanceType, flags.instanceType, '--instance-type');
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
          : { kind: 'rollback', ...(flags.toConfig !== undefined ? { toConfig: flags.toConfig } : {}) };
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
    deployment: {
      ...(flags.strategy !== undefined ? { strategy: flags.strategy } : {}),
      ...(flags.canaryPercent !== undefined ? { canaryPercent: flags.canaryPercent } : {}),
      ...(flags.canaryInstances !== undefined ? { canaryInstances: flags.canaryInstances } : {}),
      ...(flags.linearPercent !== undefined ? { linearPercent: flags.linearPercent } : {}),
      ...(flags.linearInstances !== undefined ? { linearInstances: flags.linearInstances } : {}),
      ...(flags.bake !== undefined ? { bake: flags.bake } : {}),
      ...(flags.terminationWait !== undefined ? { terminationWait: flags.terminationWait } : {}),
      ...(flags.maxExecutionTime !== undefined ? { maxExecutionTime: flags.maxExecutionTime } : {}),
      ...(flags.rollbackAlarm !== undefined ? { rollbackAlarm: flags.rollbackAlarm } : {}),
    },
    ...(flags.smokeTest !== undefined ? { smokeTest: { file: flags.smokeTest, rollback: Boolean(flags.rollbackOnSmokeFailure) } } : {}),
  };
}

function checkVariantName(name: string, flag: string): string {
  const parsed = variantNameSchema.safeParse(name);
  if (!parsed.success) throw new UsageError(`${flag}: "${name}" is not a valid variant name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return name;
}
