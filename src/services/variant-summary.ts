import { toProductionVariant, type VariantSpec } from './sagemaker-variants.js';

/**
 * An endpoint config's variants in one tag value, written in the same CreateEndpointConfig request
 * that creates the config, so the fleet's status can show every stack from the tags it reads in
 * bulk (tag:GetResources) instead of one DescribeEndpointConfig per endpoint.
 *
 * Why a tag can be trusted for this: an endpoint config never changes after it is created, and the
 * tag is written atomically with it. It holds what status shows (model, instance type and count,
 * weight, serverless sizes), not the settings an update carries over (those are always described).
 *
 * Format, one variant after another, separated by a space (SageMaker tag values allow letters,
 * digits, spaces and `_ . : / = + - @`, at most 256 characters):
 *   `<variant>=<model>/<instance type>/<count>/<weight>`
 *   `<variant>=<model>/serverless/<memory MB>/<max concurrency>/<provisioned or empty>/<weight>`
 * A config whose summary would not fit gets no tag; status then describes it, as before.
 */

/** The most a SageMaker tag value holds. */
const TAG_VALUE_MAX = 256;
const NAME = /^[a-zA-Z0-9](?:-*[a-zA-Z0-9])*$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9]+(?:\.[a-z0-9]+)+$/;

/** The tag value summarising `variants` as SageMaker will hold them, or undefined when it would not fit or cannot be written. */
export function variantSummary(variants: readonly VariantSpec[]): string | undefined {
  if (variants.length === 0) return undefined;
  const parts: string[] = [];
  for (const v of variants) {
    const p = toProductionVariant(v);
    if (!NAME.test(p.VariantName ?? '') || !NAME.test(p.ModelName ?? '')) return undefined;
    const weight = number(p.InitialVariantWeight);
    if (weight === undefined) return undefined;
    if (p.ServerlessConfig) {
      const { MemorySizeInMB, MaxConcurrency, ProvisionedConcurrency } = p.ServerlessConfig;
      const memory = number(MemorySizeInMB);
      const max = number(MaxConcurrency);
      if (memory === undefined || max === undefined) return undefined;
      const provisioned = ProvisionedConcurrency === undefined ? '' : number(ProvisionedConcurrency);
      if (provisioned === undefined) return undefined;
      parts.push(`${p.VariantName}=${p.ModelName}/serverless/${memory}/${max}/${provisioned}/${weight}`);
    } else {
      const count = number(p.InitialInstanceCount);
      if (!INSTANCE_TYPE.test(p.InstanceType ?? '') || count === undefined) return undefined;
      parts.push(`${p.VariantName}=${p.ModelName}/${p.InstanceType}/${count}/${weight}`);
    }
  }
  const value = parts.join(' ');
  return value.length <= TAG_VALUE_MAX ? value : undefined;
}

/**
 * The variants a {@link variantSummary} value describes, as DescribeEndpointConfig would give them
 * (without the settings sagectl passes through), or undefined for anything that is not exactly
 * such a value: a tag edited by hand is never half-believed; status then describes the config.
 */
export function variantsFromSummary(value: string | undefined): VariantSpec[] | undefined {
  if (value === undefined || value.length === 0 || value.length > TAG_VALUE_MAX) return undefined;
  const variants: VariantSpec[] = [];
  for (const part of value.split(' ')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const variantName = part.slice(0, eq);
    const fields = part.slice(eq + 1).split('/');
    const modelName = fields[0] ?? '';
    if (!NAME.test(variantName) || !NAME.test(modelName) || variants.some((v) => v.variantName === variantName)) return undefined;
    if (fields[1] === 'serverless' && fields.length === 6) {
      const [memoryMB, maxConcurrency, weight] = [parse(fields[2]), parse(fields[3]), parse(fields[5])];
      const provisioned = fields[4] === '' ? null : parse(fields[4]);
      if (memoryMB === undefined || maxConcurrency === undefined || weight === undefined || provisioned === undefined) return undefined;
      variants.push({
        variantName,
        modelName,
        initialVariantWeight: weight,
        serverless: { memoryMB, maxConcurrency, ...(provisioned !== null ? { provisionedConcurrency: provisioned } : {}) },
      });
    } else if (fields.length === 4 && INSTANCE_TYPE.test(fields[1] ?? '')) {
      const [count, weight] = [parse(fields[2]), parse(fields[3])];
      if (count === undefined || weight === undefined) return undefined;
      variants.push({ variantName, modelName, instanceType: fields[1]!, initialInstanceCount: count, initialVariantWeight: weight });
    } else return undefined;
  }
  return variants;
}

/** A finite number as it prints, or undefined for anything else. */
function number(n: number | undefined): string | undefined {
  return n !== undefined && Number.isFinite(n) && n >= 0 ? String(n) : undefined;
}

/** The number a field prints exactly, or undefined: "1.50" or "1e0" are not what {@link number} writes. */
function parse(field: string | undefined): number | undefined {
  if (field === undefined || field === '') return undefined;
  const n = Number(field);
  return Number.isFinite(n) && n >= 0 && String(n) === field ? n : undefined;
}
