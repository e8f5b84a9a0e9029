import type { CommandContext } from '../../core/context.js';
import { ResourceFailedError } from '../../core/errors.js';
import { smokeTest, type SmokePayload, type SmokeTestResult } from '../endpoint/smoke-test.js';
import type { InvokeRuntime } from '../invoke/index.js';

/** What `update-endpoint --smoke-test` (and `--rollback-on-smoke-failure`) hands the workflow. */
export interface UpdateSmokeTest {
  runtime: InvokeRuntime;
  payload: SmokePayload;
  /** Put the previous endpoint config back when the smoke test fails. */
  rollback: boolean;
}

/**
 * The smoke test of an updated endpoint (issue 7's {@link smokeTest}), aimed at `variant` when
 * the update gave one variant a new model, so a 10 % A/B variant is the one tested. A model that
 * fails on the payload exits 4, with what to do next for an update rather than for a deploy.
 */
export async function runSmokeTest(ctx: CommandContext, smoke: UpdateSmokeTest, stack: string, variant?: string): Promise<SmokeTestResult> {
  try {
    return await smokeTest(ctx, smoke.runtime, stack, smoke.payload, variant !== undefined ? { variant } : {});
  } catch (error) {
    if (!(error instanceof ResourceFailedError)) throw error;
    throw new ResourceFailedError(
      error.message,
      `read the model's logs with \`sagectl logs ${stack}\`; return to the previous config with \`sagectl update-endpoint ${stack} --rollback\``,
    );
  }
}
