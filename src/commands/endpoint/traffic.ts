import { UsageError } from '../../core/errors.js';
import type { EndpointInfo, WeightAndCapacity } from '../../services/sagemaker.js';

/**
 * `--weights blue=0.9,green=0.1` and `--instances green=2`: parsed and checked before any
 * request, so a bad value exits 2 with nothing sent; the variant names are then checked against
 * the live endpoint before anything changes.
 */

/** Parses `name=value,name=value`; `what` names the flag in errors. */
function parsePairs(text: string, what: string): [string, string][] {
  const pairs = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p): [string, string] => {
      const at = p.indexOf('=');
      if (at <= 0 || at === p.length - 1) throw new UsageError(`${what}: expected name=value pairs such as blue=0.9,green=0.1, found "${p}"`);
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
    });
  if (pairs.length === 0) throw new UsageError(`${what}: expected name=value pairs such as blue=0.9,green=0.1, found nothing`);
  const seen = new Set<string>();
  for (const [name] of pairs) {
    if (seen.has(name)) throw new UsageError(`${what}: variant "${name}" is named twice`);
    seen.add(name);
  }
  return pairs;
}

/** `--weights`: every weight a finite number ≥ 0, not all zero. */
export function parseWeights(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [name, value] of parsePairs(text, '--weights')) {
    const weight = Number(value);
    if (!/^\d*\.?\d+(e[+-]?\d+)?$/i.test(value) || !Number.isFinite(weight))
      throw new UsageError(`--weights: the weight of ${name} must be a number of 0 or more, found "${value}"`);
    weights.set(name, weight);
  }
  if ([...weights.values()].every((w) => w === 0))
    throw new UsageError('--weights: all weights are 0, so no variant would get traffic', 'give at least one variant a weight above 0');
  return weights;
}

/** `--instances`: every count a whole number from 1 to 100. */
export function parseInstances(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, value] of parsePairs(text, '--instances')) {
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < 1 || count > 100)
      throw new UsageError(`--instances: the instance count of ${name} must be a whole number from 1 to 100, found "${value}"`);
    counts.set(name, count);
  }
  return counts;
}

/**
 * The UpdateEndpointWeightsAndCapacities request for the parsed flags, checked against the live
 * endpoint: unknown variants, a serverless variant given instances, and weights that would leave
 * every variant at 0 are refused.
 */
export function trafficChanges(
  endpoint: EndpointInfo,
  weights: Map<string, number> | undefined,
  instances: Map<string, number> | undefined,
): WeightAndCapacity[] {
  const known = new Map(endpoint.variants.map((v) => [v.variantName, v]));
  const list = [...known.keys()].join(', ');
  for (const [flag, map] of [
    ['--weights', weights],
    ['--instances', instances],
  ] as const) {
    for (const name of map?.keys() ?? []) {
      if (!known.has(name)) throw new UsageError(`${flag}: endpoint ${endpoint.name} has no variant "${name}" (it has ${list})`);
    }
  }
  for (const name of instances?.keys() ?? []) {
    if (known.get(name)?.serverless)
      throw new UsageError(
        `--instances: variant ${name} is serverless and has no instances`,
        'set its memory and concurrency in the config and run update-endpoint',
      );
  }
  if (weights) {
    const after = endpoint.variants.map((v) => weights.get(v.variantName) ?? v.currentWeight ?? 0);
    if (after.every((w) => w === 0)) throw new UsageError('--weights: every variant would have weight 0, so no variant would get traffic');
  }
  const names = new Set([...(weights?.keys() ?? []), ...(instances?.keys() ?? [])]);
  return endpoint.variants
    .filter((v) => names.has(v.variantName))
    .map((v) => ({
      variantName: v.variantName,
      ...(weights?.has(v.variantName) ? { weight: weights.get(v.variantName)! } : {}),
      ...(instances?.has(v.variantName) ? { instanceCount: instances.get(v.variantName)! } : {}),
    }));
}
