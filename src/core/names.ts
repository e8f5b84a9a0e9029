import { UsageError } from './errors.js';

/** Stack names: 1–40 characters of `[a-zA-Z0-9-]`, starting and ending alphanumeric (DESIGN.md "Names"). */
const STACK_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,38}[a-zA-Z0-9])?$/;

/** SageMaker resource names stop at 63 characters. */
export const SAGEMAKER_NAME_LIMIT = 63;

/** The variant name of a single-variant endpoint, as the SageMaker Python SDK names it. */
export const DEFAULT_VARIANT = 'AllTraffic';

/** Why `name` is not a valid stack name, or undefined when it is. */
export function stackNameProblem(name: string): string | undefined {
  if (STACK_NAME.test(name)) return undefined;
  if (name.length === 0) return 'is empty';
  if (name.length > 40) return `is ${name.length} characters long (at most 40)`;
  return 'may hold only letters, digits and hyphens, and must start and end with a letter or digit';
}

/** Throws a usage error (exit 2) unless `name` is a valid stack name. */
export function assertStackName(name: string, where = 'stack name'): void {
  const problem = stackNameProblem(name);
  if (problem) throw new UsageError(`${where} "${name}" ${problem}`);
}

/** `yyyymmddHHMMSS` in UTC, the suffix of every generated name. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Joins a stack name and suffix parts into a resource name of at most `limit` characters.
 * When too long, the stack part is shortened and the suffix (variant, timestamp) kept whole,
 * because the timestamp is what tells versions apart.
 */
export function resourceName(stack: string, suffix: string[], limit = SAGEMAKER_NAME_LIMIT): string {
  const tail = suffix.length > 0 ? `-${suffix.join('-')}` : '';
  const room = limit - tail.length;
  // slice(0, room) with room <= 0 would cut from the end and return a name over the limit.
  if (room < 1) throw new UsageError(`name suffix "${tail.slice(1)}" is too long: with the stack name it must fit in ${limit} characters`);
  const head = stack.length > room ? stack.slice(0, room).replace(/-+$/, '') : stack;
  return `${head}${tail}`;
}

/** The names a stack's resources get (DESIGN.md "Names"). */
export const names = {
  endpoint: (stack: string): string => stack,
  model: (stack: string, variant: string, at: Date): string => resourceName(stack, [variant, timestamp(at)]),
  endpointConfig: (stack: string, at: Date): string => resourceName(stack, [timestamp(at)]),
  trainingJob: (stack: string, at: Date): string => resourceName(stack, [timestamp(at)]),
  transformJob: (stack: string, at: Date): string => resourceName(stack, [timestamp(at)]),
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateHyperParameterTuningJob.html: at most 32 characters.
  tuningJob: (stack: string, at: Date): string => resourceName(stack, [timestamp(at)], TUNING_JOB_NAME_LIMIT),
  /** wire-api's Lambda function (names stop at 64 characters; a stack name is at most 40). */
  invokeFunction: (stack: string): string => `${stack}-invoke`,
  /** The IAM role of that function (role names stop at 64 characters). */
  invokeRole: (stack: string): string => `${stack}-invoke-role`,
  /** The REST API; API Gateway does not enforce unique names, so it is found by tag. */
  restApi: (stack: string): string => `${stack}-api`,
  /** The usage plan and API key of `api.apiKey`. */
  usagePlan: (stack: string): string => `${stack}-plan`,
  apiKey: (stack: string): string => `${stack}-key`,
};

/** Hyperparameter tuning job names stop at 32 characters. */
export const TUNING_JOB_NAME_LIMIT = 32;

/** Whether `name` is a job name sagectl gave for `stack` (`S-yyyymmddHHMMSS`, the stack part possibly shortened). */
export function isStackJobName(name: string, stack: string, limit = SAGEMAKER_NAME_LIMIT): boolean {
  const match = /^(.+)-(\d{14})$/.exec(name);
  return match !== null && match[1] === resourceName(stack, [match[2]!], limit).slice(0, -15);
}

/** Whether `name` is an endpoint config name sagectl gave for `stack` (`S-yyyymmddHHMMSS`, named like a job). */
export function isStackConfigName(name: string, stack: string): boolean {
  return isStackJobName(name, stack);
}

/** Whether `name` is a model name sagectl gave for `variant` of `stack` (`S-<variant>-yyyymmddHHMMSS`, the stack part possibly shortened). */
export function isStackModelName(name: string, stack: string, variant: string): boolean {
  const match = /-(\d{14})$/.exec(name);
  return match !== null && name === resourceName(stack, [variant, match[1]!]);
}

/**
 * A creation time whose generated names are all free: two deploys within the same second
 * would otherwise collide on `S-yyyymmddHHMMSS`, which AWS refuses. The timestamp is a label,
 * so moving it a second forward is harmless.
 */
export function freeTimestamp(now: Date, taken: ReadonlySet<string>, namesAt: (at: Date) => string[]): Date {
  let at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  while (namesAt(at).some((n) => taken.has(n))) at = new Date(at.getTime() + 1000);
  return at;
}

/** Application Auto Scaling's id of an endpoint variant (the scalable target). */
export const variantResourceId = (endpoint: string, variant: string): string => `endpoint/${endpoint}/variant/${variant}`;
