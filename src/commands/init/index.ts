import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { CommandContext } from '../../core/context.js';
import { UsageError, messageOf } from '../../core/errors.js';
import { SCHEMA_URL } from '../../core/version.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { ServiceFactory } from '../../services/factory.js';
import type { RoleInfo } from '../../services/iam.js';
import type { InitFlags } from './cli.js';
import { initValueProblem, parseInitFlags, type InitFlagOptions, INIT_RULES } from './flags.js';

/** What init needs besides its flags: where to write, and the defaults for what nobody gave. */
export interface InitOptions extends InitFlagOptions {
  /** The file to write, absolute. */
  file: string;
  /** The file as the user should read it (relative to the working directory). */
  display: string;
  /** Ask for what the flags leave out (a terminal, and no --yes). */
  ask: boolean;
  defaults: { stack: string; region: string };
}

export interface InitResult {
  file: string;
  /** The keys written as `${SAGECTL_…}` placeholders, with the variable to set or the value to replace. */
  placeholders: { key: string; variable: string }[];
}

/** The values init writes when none was given: environment placeholders, so a file not yet filled in fails loudly (exit 2) rather than deploying a made-up value. */
const PLACEHOLDERS = {
  role: 'SAGECTL_ROLE',
  image: 'SAGECTL_IMAGE',
  modelData: 'SAGECTL_MODEL_DATA',
} as const;

const SAGEMAKER_PRINCIPAL = 'sagemaker.amazonaws.com';
const MAX_TRIES = 3;

/**
 * Writes a starter config: the stack name, region, execution role, image and model data from the
 * flags, else (on a terminal) from questions, else defaults and placeholders; then a
 * single-instance endpoint. Refuses to overwrite an existing file without --force (exit 2).
 * @param listRoles the account's roles SageMaker can assume; called only when asking for the role.
 */
export async function init(ctx: CommandContext, options: InitOptions, listRoles: () => Promise<RoleInfo[]>): Promise<InitResult> {
  if (!options.force && existsSync(options.file)) throw new UsageError(`${options.display} exists; pass --force to overwrite it`);
  const ask = async (key: keyof typeof INIT_RULES, question: string, suggestion?: string, pick?: (answer: string) => string): Promise<string | undefined> => {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const answer = (await ctx.ask(question, suggestion)).trim();
      if (answer === '') return undefined;
      const value = pick ? pick(answer) : answer;
      const problem = initValueProblem(key, value);
      if (!problem) return value;
      ctx.err(`  ${problem}, found "${value}"`);
    }
    throw new UsageError(`${INIT_RULES[key].flag}: no valid answer after ${MAX_TRIES} tries`);
  };

  const stack = options.stack ?? (options.ask ? await ask('stack', 'Stack name', options.defaults.stack) : undefined) ?? options.defaults.stack;
  const region = options.region ?? (options.ask ? await ask('region', 'AWS region', options.defaults.region) : undefined) ?? options.defaults.region;
  const role = options.role ?? (options.ask ? await askRole(ctx, listRoles, ask) : undefined);
  const image = options.image ?? (options.ask ? await ask('image', 'Inference image URI (empty: a placeholder)') : undefined);
  const modelData = options.modelData ?? (options.ask ? await ask('modelData', 'Model data S3 URI (empty: a placeholder)') : undefined);

  const placeholders: InitResult['placeholders'] = [];
  const valueOr = (key: keyof typeof PLACEHOLDERS, value: string | undefined): string => {
    if (value !== undefined) return value;
    placeholders.push({ key: key === 'modelData' ? 'model.modelData' : key === 'image' ? 'model.image' : key, variable: PLACEHOLDERS[key] });
    return `\${${PLACEHOLDERS[key]}}`;
  };
  const text = renderConfig({
    stack,
    region,
    role: valueOr('role', role),
    image: valueOr('image', image),
    modelData: valueOr('modelData', modelData),
  });
  writeFileSync(options.file, text, { flag: options.force ? 'w' : 'wx' });
  return { file: options.display, placeholders };
}

/** Offers the roles SageMaker can assume by number; an ARN typed in is taken as it is. */
async function askRole(
  ctx: CommandContext,
  listRoles: () => Promise<RoleInfo[]>,
  ask: (key: 'role', question: string, suggestion?: string, pick?: (answer: string) => string) => Promise<string | undefined>,
): Promise<string | undefined> {
  let roles: RoleInfo[] = [];
  try {
    roles = await listRoles();
  } catch (error) {
    // Listing needs iam:ListRoles, which many users lack; typing the ARN still works.
    ctx.logger.warn(`cannot list IAM roles (${messageOf(error)}); type the role ARN`);
  }
  if (roles.length > 0) {
    ctx.err(`Roles that ${SAGEMAKER_PRINCIPAL} can assume:`);
    roles.forEach((r, i) => ctx.err(`  ${i + 1}) ${r.name}  ${r.arn}`));
  }
  const pick = (answer: string): string => {
    const n = /^\d+$/.test(answer) ? Number(answer) : Number.NaN;
    return roles[n - 1]?.arn ?? answer;
  };
  const question = roles.length > 0 ? 'Execution role (number or ARN; empty: a placeholder)' : 'Execution role ARN (empty: a placeholder)';
  return ask('role', question, roles.length > 0 ? '1' : undefined, pick);
}

const scalar = (value: string | number): string => stringify(value, { lineWidth: 0 }).trimEnd();

/** The starter file: the schema modeline first, so editors validate and complete it. */
function renderConfig(v: { stack: string; region: string; role: string; image: string; modelData: string }): string {
  return [
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    '# Written by `sagectl init`. Every key is described in docs/configuration.md (and in your editor, through the schema above).',
    '# A value written as ${SAGECTL_…} is a placeholder: replace it, or export the variable before running sagectl.',
    `name: ${scalar(v.stack)}`,
    `region: ${scalar(v.region)}`,
    '# The IAM role SageMaker assumes to run the model; its trust policy must allow sagemaker.amazonaws.com.',
    `role: ${scalar(v.role)}`,
    'model:',
    `  image: ${scalar(v.image)}`,
    `  modelData: ${scalar(v.modelData)}`,
    'endpoint:',
    '  instanceType: ml.m5.large',
    '  instanceCount: 1',
    '',
  ].join('\n');
}

/** A stack name from the directory's name, as far as it makes one; else a plain default. */
export function stackNameFrom(directory: string): string {
  const name = path
    .basename(directory)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return name !== '' && initValueProblem('stack', name) === undefined ? name : 'my-model';
}

function renderInit(result: InitResult): string {
  const lines = [`wrote ${result.file}`];
  if (result.placeholders.length > 0) {
    lines.push('fill in before deploying (edit the file, or export the variables):');
    for (const p of result.placeholders) lines.push(`  ${p.key}: \${${p.variable}}`);
  }
  lines.push(`next: sagectl deploy --dry-run${result.file === 'sagectl.yaml' ? '' : ` --config ${result.file}`}`);
  return lines.join('\n');
}

/** `sagectl init`: the CLI entry. */
export function main(globals: GlobalOptions, flags: InitFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    readsConfig: false,
    run: async (ctx) => {
      const options = parseInitFlags(flags, globals);
      const cwd = ctx.cwd;
      const file = path.resolve(cwd, globals.config ?? 'sagectl.yaml');
      const defaults = { stack: stackNameFrom(cwd), region: ctx.environmentRegion ?? 'us-east-1' };
      const listRoles = async (): Promise<RoleInfo[]> => {
        const iam = await new ServiceFactory({ ...ctx.clientOptions, region: options.region ?? defaults.region }).iam();
        return iam.listRolesTrusting(SAGEMAKER_PRINCIPAL);
      };
      return init(ctx, { ...options, file, display: path.relative(cwd, file) || file, ask: ctx.interactive && globals.yes !== true, defaults }, listRoles);
    },
    render: renderInit,
  });
}
