import { configSchema, flagBySchema } from '../../core/schema.js';
import type { InitFlags } from './cli.js';

/** What init was told on the command line; each value checked by the config schema's own rule. */
export interface InitFlagOptions {
  stack?: string;
  region?: string;
  role?: string;
  image?: string;
  modelData?: string;
  force: boolean;
}

const model = configSchema.shape.model.unwrap().unwrap().shape;

/** Each key init writes: the rule it must pass, and the flag that sets it (for messages). */
export const INIT_RULES = {
  stack: { flag: '--stack', schema: configSchema.shape.name },
  region: { flag: '--region', schema: configSchema.shape.region },
  role: { flag: '--role', schema: configSchema.shape.role },
  image: { flag: '--image', schema: model.image },
  modelData: { flag: '--model-data', schema: model.modelData },
} as const;

/** A value init would write, or the rule's complaint about it; `undefined` when it passes. */
export function initValueProblem(key: keyof typeof INIT_RULES, value: string): string | undefined {
  const parsed = INIT_RULES[key].schema.safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'invalid');
}

/** Reads init's flags (and the global --stack and --region); a value the config would refuse is a usage error naming the flag. */
export function parseInitFlags(flags: InitFlags, globals: { stack?: string; region?: string }): InitFlagOptions {
  const given = { stack: globals.stack, region: globals.region, role: flags.role, image: flags.image, modelData: flags.modelData };
  const options: InitFlagOptions = { force: flags.force === true };
  for (const key of Object.keys(given) as (keyof typeof given)[]) {
    const value = given[key];
    if (value === undefined) continue;
    options[key] = flagBySchema(INIT_RULES[key].schema, value, value, INIT_RULES[key].flag);
  }
  return options;
}
