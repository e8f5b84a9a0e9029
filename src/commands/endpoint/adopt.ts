import type { CommandContext } from '../../core/context.js';
import { isStackConfigName, isStackModelName } from '../../core/names.js';
import { isManaged, TagKey } from '../../core/tags.js';
import type {
  EndpointConfigInfo,
  EndpointConfigSettings,
  ModelInfo,
  ModelSpec,
  ResourceSummary,
  SageMakerService,
  VariantSpec,
} from '../../services/sagemaker.js';
import { sameData, sameModel } from './next-config.js';
import { discoveryPrefix } from '../stack/resources.js';

/**
 * What a run killed half-way leaves behind, found again by the next run of the same command.
 *
 * deploy and update-endpoint create a model, then an endpoint config, then switch the endpoint to
 * it. A run killed (kill -9, a lost CI runner) between those steps leaves a model, or a model and
 * a config, that serve nothing; without this, the re-run creates a second pair beside them. The
 * re-run adopts a leftover instead, and only one that is safe to reuse:
 * - it carries this stack's tags (`sagectl:stack` and `sagectl:managed-by`);
 * - it matches the next config exactly: the same variants (names, capacity, weights, settings
 *   carried verbatim), the same models where a variant keeps its model, and for a new model the
 *   same image, artifact (or registered version), role and environment;
 * - it never served: a config with a `sagectl:went-live` record is history, kept for
 *   `--rollback`, even when it matches (a config rolled back from is not a half-made one), and the
 *   live config is never a leftover; a model adopted for a new variant is used by no config but
 *   the adopted one, so a model of the history is never taken for a new one.
 * Anything else is left alone: the cleanup after the switch removes configs and models no one
 * keeps, and teardown removes the rest.
 */

export type AdoptSageMaker = Pick<SageMakerService, 'describeEndpointConfig' | 'describeModel' | 'listTags'>;

/** One variant of the next config: it keeps a model (`modelName`), or gets a new one made to `model`. */
export type NextVariant = Omit<VariantSpec, 'modelName'> &
  ({ modelName: string; model?: undefined } | { modelName?: undefined; model: Omit<ModelSpec, 'name'> });

export interface AdoptInput {
  stack: string;
  /** The variants of the config the run is about to create. */
  next: readonly NextVariant[];
  settings: EndpointConfigSettings;
  /** The stack's configs and models as listed (by name; tags decide what is the stack's). */
  listed: { configs: readonly ResourceSummary[]; models: readonly ResourceSummary[] };
  /** Configs already described by the caller (the live one): never adopted, read for the models they use. */
  described?: readonly EndpointConfigInfo[];
}

/** What the run reuses instead of creating. */
export interface Adopted {
  /** A config that is exactly the next one: the run creates nothing. */
  config?: { name: string; arn: string };
  /** By variant name, the model adopted for a variant that gets a new one. */
  models: Map<string, string>;
}

/** Finds leftovers of an interrupted run that the run can use instead of creating them; see the module comment. */
export async function findLeftovers(ctx: CommandContext, sagemaker: AdoptSageMaker, input: AdoptInput): Promise<Adopted> {
  const finder = new LeftoverFinder(sagemaker, input);
  const adopted = (await finder.config()) ?? { models: await finder.models() };
  if (adopted.config) ctx.logger.info(`adopting endpoint config ${adopted.config.name}, left by an interrupted run, with its model(s)`);
  for (const name of adopted.config ? [] : adopted.models.values()) ctx.logger.info(`adopting model ${name}, left by an interrupted run`);
  return adopted;
}

class LeftoverFinder {
  private readonly configs = new Map<string, EndpointConfigInfo | undefined>();
  private readonly modelInfo = new Map<string, ModelInfo | undefined>();
  /** The name timestamps of configs seen to have served (their `sagectl:went-live` tag), filled by {@link config}. */
  private readonly servedStamps = new Set<string>();

  private readonly input: AdoptInput;

  constructor(
    private readonly sagemaker: AdoptSageMaker,
    input: AdoptInput,
  ) {
    // The listing's prefix is applied here too (not every implementation honours NameContains),
    // so a model's users are looked for among the stack's configs, not the whole account's.
    const prefix = discoveryPrefix(input.stack);
    this.input = { ...input, listed: { configs: input.listed.configs.filter((c) => c.name.includes(prefix)), models: input.listed.models } };
    for (const c of input.described ?? []) this.configs.set(c.name, c);
  }

  /** A config of the stack that never served and is exactly the next one. */
  async config(): Promise<Adopted | undefined> {
    const { listed, next, settings, stack } = this.input;
    const described = new Set((this.input.described ?? []).map((c) => c.name));
    const candidates = listed.configs.filter((c) => !described.has(c.name) && isStackConfigName(c.name, stack));
    for (const candidate of newestFirst(candidates)) {
      // Tags first: a run's inventory answers them without a request, and a config that served
      // (most of a steady stack's kept configs) is then skipped without being described.
      const tags = await this.sagemaker.listTags(candidate.arn);
      if (tags[TagKey.WentLive] !== undefined) this.servedStamps.add(stampOf(candidate.name));
      if (!isManaged(tags, stack) || tags[TagKey.WentLive] !== undefined) continue;
      const config = await this.describeConfig(candidate.name);
      if (!config || config.variants.length !== next.length || !sameData(config.settings, settings)) continue;
      if (!next.every((want, i) => sameVariant(config.variants[i]!, want) && (want.model !== undefined || config.variants[i]!.modelName === want.modelName)))
        continue;
      const models = new Map<string, string>();
      for (const [i, want] of next.entries()) {
        if (want.model === undefined) continue;
        const name = config.variants[i]!.modelName;
        if (!(await this.isLeftoverModel(name, want.model, config.name))) break;
        models.set(want.variantName, name);
      }
      if (models.size === next.filter((v) => v.model !== undefined).length) return { config: { name: config.name, arn: config.arn }, models };
    }
    return undefined;
  }

  /** For each variant that gets a new model, a model of the stack no config uses that is exactly that model. */
  async models(): Promise<Map<string, string>> {
    const adopted = new Map<string, string>();
    // The live config's models serve: no need to describe them to know they are not leftovers.
    const taken = new Set<string>((this.input.described ?? []).flatMap((c) => c.variants.map((v) => v.modelName)));
    for (const want of this.input.next) {
      if (want.model === undefined) continue;
      const candidates = this.input.listed.models.filter((m) => isStackModelName(m.name, this.input.stack, want.variantName));
      for (const candidate of newestFirst(candidates)) {
        // A model named in the same second as a config that served was made by the run that
        // made that config, which holds it: it served, so it is history, not a leftover.
        if (taken.has(candidate.name) || this.servedStamps.has(stampOf(candidate.name))) continue;
        if (!(await this.isLeftoverModel(candidate.name, want.model))) continue;
        adopted.set(want.variantName, candidate.name);
        taken.add(candidate.name);
        break;
      }
    }
    return adopted;
  }

  /** The model runs `spec`, carries the stack's tags, and no config but `owner` uses it. */
  private async isLeftoverModel(name: string, spec: Omit<ModelSpec, 'name'>, owner?: string): Promise<boolean> {
    const model = await this.describeModel(name);
    if (!model || !sameModel(model, spec)) return false;
    if (!isManaged(await this.sagemaker.listTags(model.arn), this.input.stack)) return false;
    for (const c of this.input.listed.configs) {
      if (c.name === owner) continue;
      const config = await this.describeConfig(c.name);
      if (config?.variants.some((v) => v.modelName === name) || config?.settings.ShadowProductionVariants?.some((v) => v.ModelName === name)) return false;
    }
    for (const c of this.input.described ?? []) if (c.name !== owner && c.variants.some((v) => v.modelName === name)) return false;
    return true;
  }

  private async describeConfig(name: string): Promise<EndpointConfigInfo | undefined> {
    if (!this.configs.has(name)) this.configs.set(name, await this.sagemaker.describeEndpointConfig(name));
    return this.configs.get(name);
  }

  private async describeModel(name: string): Promise<ModelInfo | undefined> {
    if (!this.modelInfo.has(name)) this.modelInfo.set(name, await this.sagemaker.describeModel(name));
    return this.modelInfo.get(name);
  }
}

/** Whether a config's variant has the next variant's name, capacity, weight and carried settings (its model aside). */
function sameVariant(have: VariantSpec, want: NextVariant): boolean {
  return (
    have.variantName === want.variantName &&
    (have.initialVariantWeight ?? 1) === (want.initialVariantWeight ?? 1) &&
    sameData(have.serverless, want.serverless) &&
    (want.serverless !== undefined || (have.instanceType === want.instanceType && (have.initialInstanceCount ?? 1) === (want.initialInstanceCount ?? 1))) &&
    sameData(have.passthrough ?? {}, want.passthrough ?? {})
  );
}

/** The `yyyymmddHHMMSS` a generated name ends with: the second the run that made it picked. */
function stampOf(name: string): string {
  return /-(\d{14})$/.exec(name)?.[1] ?? name;
}

/** The most recently created first (the last interrupted run's), by name when times are missing. */
function newestFirst(resources: readonly ResourceSummary[]): ResourceSummary[] {
  return [...resources].sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0) || b.name.localeCompare(a.name));
}
