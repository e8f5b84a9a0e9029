import type { ApprovalFlags } from './cli.js';
import { parseApprovalArgs } from './flags.js';
import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { ApprovalStatus, RegistryService } from '../../services/registry.js';
import { ServiceFactory } from '../../services/factory.js';

export interface ApprovalOptions {
  stack: string;
  version: number;
  approval: Extract<ApprovalStatus, 'Approved' | 'Rejected'>;
  /** Recorded as the version's ApprovalDescription; required to reject. */
  reason?: string;
}

export interface ApprovalResult {
  stack: string;
  version: number;
  arn: string;
  previous: ApprovalStatus;
  approval: ApprovalStatus;
  reason?: string;
}

/**
 * Sets a version's approval status (`approve`, `reject --reason`), with the reason recorded.
 * Setting the status it already has changes nothing and sends no update.
 */
export async function setApproval(
  ctx: CommandContext,
  registry: Pick<RegistryService, 'listVersions' | 'setApproval'>,
  options: ApprovalOptions,
): Promise<ApprovalResult> {
  assertStackName(options.stack);
  if (options.approval === 'Rejected' && !options.reason?.trim()) throw new UsageError('reject needs --reason TEXT: the reason is recorded with the version');
  const found = (await registry.listVersions(options.stack)).find((v) => v.version === options.version);
  if (!found) throw new UsageError(`stack ${options.stack} has no model version ${options.version}`, `list them with \`sagectl versions ${options.stack}\``);
  const result: ApprovalResult = {
    stack: options.stack,
    version: found.version,
    arn: found.arn,
    previous: found.approval,
    approval: options.approval,
    ...(options.reason ? { reason: options.reason } : {}),
  };
  if (found.approval === options.approval && options.reason === undefined) {
    ctx.logger.info(`${options.stack} v${found.version} is already ${found.approval}`);
    return result;
  }
  await registry.setApproval(found.arn, options.approval, options.reason);
  ctx.logger.info(`${options.stack} v${found.version}: ${found.approval} → ${options.approval}`);
  return result;
}

/** Text for people. */
function renderApproval(r: ApprovalResult): string {
  const change = r.previous === r.approval ? `is ${r.approval} (unchanged)` : `${r.previous} → ${r.approval}`;
  return `${r.stack} v${r.version} ${change}${r.reason ? `\n  reason  ${r.reason}` : ''}`;
}

/** CLI entry for `approve` and `reject`. */
export function main(globals: GlobalOptions, stack: string, version: string, approval: ApprovalOptions['approval'], flags: ApprovalFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const args = parseApprovalArgs(stack, version, flags);
      return setApproval(ctx, await new ServiceFactory(ctx.clientOptions).registry(), { ...args, approval });
    },
    render: renderApproval,
  });
}
