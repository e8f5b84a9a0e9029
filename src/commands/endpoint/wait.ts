import type { CommandContext } from '../../core/context.js';
import { pollUntilFinal } from '../../core/poller.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { EndpointInfo, SageMakerService } from '../../services/sagemaker.js';
import { ResourceFailedError } from '../../core/errors.js';

/** The SageMaker calls a wait needs. */
export type EndpointReader = Pick<SageMakerService, 'describeEndpoint'>;

/**
 * Waits until the endpoint's status is final, showing progress, and returns it.
 * The caller decides whether the final status is a success.
 */
export async function waitForEndpoint(ctx: CommandContext, sagemaker: EndpointReader, name: string, phase: string, timeoutMs: number): Promise<EndpointInfo> {
  return pollUntilFinal({
    what: `endpoint ${name}`,
    phase,
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs,
    onProgress: (p) => ctx.progress.report(p),
    resolution: `the endpoint goes on in AWS: follow it with \`sagectl status ${name}\`, remove it with \`sagectl teardown ${name}\``,
    check: async () => {
      const endpoint = await sagemaker.describeEndpoint(name);
      if (!endpoint) throw new ResourceFailedError(`endpoint ${name} disappeared while waiting for it (deleted by someone else?)`);
      return endpoint;
    },
    state: (e) => ({ status: e.status, final: endpointStatus.isFinal(e.status) }),
  });
}

/** Waits until the endpoint is gone (DeleteEndpoint returns at once; the name is free only afterwards). */
export async function waitForEndpointGone(ctx: CommandContext, sagemaker: EndpointReader, name: string, timeoutMs: number): Promise<void> {
  await pollUntilFinal({
    what: `endpoint ${name}`,
    phase: 'deleting endpoint',
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs,
    onProgress: (p) => ctx.progress.report(p),
    resolution: `the deletion goes on in AWS: follow it with \`sagectl status ${name}\``,
    check: () => sagemaker.describeEndpoint(name),
    state: (e) => ({ status: e?.status ?? 'Deleted', final: e === undefined || endpointStatus.isFinal(e.status) }),
  });
}
