import path from 'node:path';
import type { CommandContext } from '../../core/context.js';
import type { Config } from '../../core/schema.js';

/**
 * The config's sections for `stack`, or undefined when the config is not that stack's.
 *
 * The one rule for every command: a config applies to the stack it names (`name:`), or to the
 * one `--stack` names explicitly (one file, many CI stacks). The shell applies `--stack` to
 * `config.name` and never a positional argument, so `sagectl update-endpoint svl` beside a file
 * naming `web` finds `web` there and gets nothing for `svl`.
 */
export function configFor(ctx: Pick<CommandContext, 'config'>, stack: string): Config | undefined {
  return ctx.config.name === stack ? ctx.config : undefined;
}

/**
 * The context a command aimed at `stack` runs in: the caller's, when its config is that stack's;
 * otherwise the same context with a config that names `stack` and holds none of the file's
 * sections (only the region, which says where to look, not how the stack is set up), so every
 * part of the command works from the stack's live state. In that case one log line says so and
 * names `unchecked`, the checks the command could not make without the stack's own config.
 */
export function stackContext(ctx: CommandContext, stack: string, unchecked: readonly string[] = []): CommandContext {
  if (configFor(ctx, stack)) return ctx;
  warnOtherStack(ctx, stack, unchecked);
  const { region } = ctx.config;
  return { ...ctx, config: { name: stack, ...(region !== undefined ? { region } : {}) } };
}

/**
 * The log line for a command aimed at a stack its config file does not describe: the file's
 * settings are not used, and `unchecked` names what could not be checked without them. Nothing
 * is logged without a file, since then there was nothing to take.
 */
export function warnOtherStack(ctx: Pick<CommandContext, 'config' | 'configFile' | 'logger'>, stack: string, unchecked: readonly string[]): void {
  if (ctx.configFile === undefined) return;
  const source = path.basename(ctx.configFile);
  const about = ctx.config.name !== undefined ? `describes stack ${ctx.config.name}, not ${stack}` : `names no stack (pass --stack ${stack} to apply it)`;
  const skipped = unchecked.length > 0 ? `; not checked: ${unchecked.join('; ')}` : '';
  ctx.logger.warn(`${source} ${about}: none of its settings are used for ${stack}, which keeps its live settings${skipped}`);
}
