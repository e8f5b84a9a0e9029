import { writeFileSync } from 'node:fs';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { CommandContext } from '../../core/context.js';
import type { JanitorInstallFlags, JanitorTemplateFlags } from './cli.js';
import { parseJanitorFlags } from './flags.js';
import { installJanitor, janitorZip, type InstallResult, type JanitorServices } from './install.js';
import { janitorStatus, removeJanitor, renderJanitorStatus, renderRemove, describeSettings } from './manage.js';
import { janitorTemplate } from './template.js';
import { fleetJanitorStatus, realJanitorServices, renderFleetJanitorStatus } from './fleet.js';
import { asksForTargets, type TargetFlags } from '../../cli/target-options.js';
import { parseTargetFlags } from '../fleet/targets.js';
import { fleetExitCode } from '../fleet/run.js';

function services(ctx: CommandContext): Promise<JanitorServices> {
  return realJanitorServices(ctx.clientOptions);
}

function renderInstall(r: InstallResult): string {
  return [
    `Janitor ${r.outcome === 'created' ? 'installed' : 'updated'}: ${describeSettings(r.settings)}, ${r.expression}.`,
    `  function   ${r.function}`,
    `  schedule   ${r.schedule}`,
    `  log group  ${r.logGroup} (kept ${r.logRetentionDays} days)`,
    `  alarm      ${r.alarm} (on the function's errors)`,
    'See its runs with `sagectl janitor status`; remove it with `sagectl janitor remove`.',
  ].join('\n');
}

/** `sagectl janitor install`. */
export function install(globals: GlobalOptions, flags: JanitorInstallFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const options = parseJanitorFlags(flags, ctx.clientOptions.region);
      return installJanitor(ctx, await services(ctx), options);
    },
    render: renderInstall,
  });
}

/**
 * `sagectl janitor status`: the janitor of this region; with --regions, --all-regions, --accounts
 * or --organization, the janitor of every (account, region), grouped as `status` groups stacks.
 */
export function status(globals: GlobalOptions, flags: TargetFlags = {}): Promise<void> {
  if (asksForTargets(flags))
    return runCommand(globals, {
      needsConfig: false,
      run: (ctx) => fleetJanitorStatus(ctx, parseTargetFlags(flags, ctx.clientOptions.region)),
      render: renderFleetJanitorStatus,
      exitCode: (r) => fleetExitCode(r.targets),
    });
  return runCommand(globals, { needsConfig: false, run: async (ctx) => janitorStatus(ctx, await services(ctx)), render: renderJanitorStatus });
}

/** `sagectl janitor remove`. */
export function remove(globals: GlobalOptions): Promise<void> {
  return runCommand(globals, { needsConfig: false, run: async (ctx) => removeJanitor(ctx, await services(ctx)), render: renderRemove });
}

/** `sagectl janitor template`: the template on stdout (it is JSON either way); `--zip` writes the code beside it. */
export function template(globals: GlobalOptions, flags: JanitorTemplateFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: (ctx) => {
      const options = parseJanitorFlags(flags, ctx.clientOptions.region);
      if (flags.zip !== undefined) writeFileSync(flags.zip, janitorZip());
      return Promise.resolve(janitorTemplate(options.settings, options.expression, options.logRetentionDays));
    },
    render: (t) => JSON.stringify(t, null, 2),
  });
}
