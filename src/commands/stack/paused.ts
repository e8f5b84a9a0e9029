import { TagKey, type Tags } from '../../core/tags.js';
import { stackOf } from './listing.js';
import type { ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import type { TaggedResource } from '../../services/tagging.js';
import type { StackResource } from './resources.js';
import { VersionTagKey } from '../model/version.js';
import type { RecordedScaling } from '../../services/autoscaling.js';

/**
 * A paused stack: its endpoint was deleted by `sagectl pause`, and the endpoint config to come
 * back to carries `sagectl:paused=<when>`. Models, configs, versions and the API stay.
 */
export interface PausedStack {
  stack: string;
  config: { name: string; arn: string };
  pausedAt: Date;
  /** The endpoint was protected when it was paused (the config carries `sagectl:protect` meanwhile). */
  protected: boolean;
  tags: Tags;
}

/**
 * The prefix of the tags that record, on the config a paused stack resumes on, one variant's
 * autoscaling: `sagectl:scaling:<variant>` = `<min>:<max>` or `<min>:<max>:<invocations per
 * instance>` (the policy's target). The endpoint's deletion takes its scalable targets with it;
 * `resume` registers them again from these. One tag per variant keeps each value far below
 * SageMaker's 256 characters whatever the number of variants.
 */
export const SCALING_TAG_PREFIX = 'sagectl:scaling:';

/** The tags recording `scaling` (by variant), as {@link SCALING_TAG_PREFIX} says. */
export function scalingTags(scaling: ReadonlyMap<string, RecordedScaling>): Tags {
  const tags: Tags = {};
  for (const [variant, s] of scaling)
    tags[`${SCALING_TAG_PREFIX}${variant}`] = [s.min, s.max, ...(s.invocationsPerInstance !== undefined ? [s.invocationsPerInstance] : [])].join(':');
  return tags;
}

/** The autoscaling recorded in a paused config's tags, by variant (a malformed record is left out). */
export function recordedScaling(tags: Tags): Map<string, RecordedScaling> {
  const scaling = new Map<string, RecordedScaling>();
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(SCALING_TAG_PREFIX)) continue;
    const parts = value.split(':').map(Number);
    const [min, max, target] = parts;
    if (parts.length < 2 || parts.length > 3 || !Number.isInteger(min) || !Number.isInteger(max) || (target !== undefined && !Number.isFinite(target)))
      continue;
    scaling.set(key.slice(SCALING_TAG_PREFIX.length), { min: min!, max: max!, ...(target !== undefined ? { invocationsPerInstance: target } : {}) });
  }
  return scaling;
}

/** The tags `pause` moves from the endpoint to the config it resumes on, and `resume` moves back. */
export const CARRIED_TAGS: readonly string[] = [TagKey.Protect, VersionTagKey.Version, VersionTagKey.PackageArn];

/** When the config was paused, from its tags (undefined when it carries no valid marker). */
function pausedAtOf(tags: Tags): Date | undefined {
  const value = tags[TagKey.Paused];
  if (value === undefined) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * The config a stack resumes on: of the candidates carrying the marker, the latest paused
 * (a deploy after a pause leaves an older marker behind on a config that is no longer live).
 */
function latestPaused<T extends { tags: Tags }>(configs: readonly T[]): (T & { pausedAt: Date }) | undefined {
  let best: (T & { pausedAt: Date }) | undefined;
  for (const c of configs) {
    const at = pausedAtOf(c.tags);
    if (at && (!best || at > best.pausedAt)) best = { ...c, pausedAt: at };
  }
  return best;
}

/** The paused config of one stack, among the resources its finder found (managed configs only). */
export function pausedConfigOf(resources: readonly StackResource[]): (StackResource & { pausedAt: Date }) | undefined {
  return latestPaused(resources.filter((r) => r.kind === 'endpoint-config' && r.managed));
}

/**
 * Every paused stack in the region, from the managed configs' tags the caller already read from
 * the tagging API (the fleet's inventory). Their names need one ListEndpointConfigs (ARNs hold
 * them lowercased), made only when some config carries the marker. Stacks that have an endpoint
 * again (deployed after a pause) are the caller's to leave out: only the endpoint listing knows them.
 */
export async function pausedStacks(tagged: readonly TaggedResource[], sagemaker: Pick<SageMakerService, 'listEndpointConfigs'>): Promise<PausedStack[]> {
  const marked = tagged.filter((r) => r.tags[TagKey.Paused] !== undefined && /:endpoint-config\//.test(r.arn));
  if (marked.length === 0) return [];
  return pausedFromTagged(marked, await sagemaker.listEndpointConfigs());
}

/** The pure part of {@link pausedStacks}: one entry per stack, its latest paused config. */
function pausedFromTagged(tagged: readonly TaggedResource[], configs: readonly ResourceSummary[]): PausedStack[] {
  const named = new Map(configs.map((c) => [c.arn.toLowerCase(), c]));
  const byStack = new Map<string, { name: string; arn: string; tags: Tags }[]>();
  for (const r of tagged) {
    const stack = stackOf(r.tags);
    const config = named.get(r.arn.toLowerCase());
    if (stack === undefined || config === undefined || r.tags[TagKey.Paused] === undefined) continue;
    byStack.set(stack, [...(byStack.get(stack) ?? []), { name: config.name, arn: config.arn, tags: r.tags }]);
  }
  const paused: PausedStack[] = [];
  for (const [stack, candidates] of byStack) {
    const latest = latestPaused(candidates);
    if (!latest) continue;
    paused.push({
      stack,
      config: { name: latest.name, arn: latest.arn },
      pausedAt: latest.pausedAt,
      protected: latest.tags[TagKey.Protect] === 'true',
      tags: latest.tags,
    });
  }
  return paused.sort((a, b) => a.stack.localeCompare(b.stack));
}
