import type { CommandContext } from '../../core/context.js';
import { ResourceFailedError, UsageError } from '../../core/errors.js';
import { validatePayload } from '../../payload/validate.js';
import { ModelInvocationError } from '../../services/runtime-errors.js';
import { readPayloadFile } from '../invoke/input.js';
import { DEFAULT_CONTENT_TYPE, payloadRules, type InvokeRuntime, type PayloadRules } from '../invoke/index.js';

/** A smoke-test payload, read and checked before anything changes. */
export interface SmokePayload {
  body: Uint8Array;
  contentType: string;
  source: string;
}

export interface SmokeTestResult {
  passed: true;
  latencyMs: number;
  invokedVariant?: string;
  contentType?: string;
  /** The start of the answer, for the record. */
  preview: string;
}

const PREVIEW_CHARS = 200;

/**
 * Reads the smoke-test file and checks it as `invoke` would (endpoint.input, size, encoding), so
 * a bad file stops the command before it changes anything (exit 2).
 */
export async function readSmokePayload(
  ctx: CommandContext,
  file: string,
  contentType?: string,
  rules: PayloadRules = payloadRules(ctx.config),
): Promise<SmokePayload> {
  const { spec, endpointKind } = rules;
  const raw = await readPayloadFile(file, endpointKind);
  const type = contentType ?? spec?.contentType ?? DEFAULT_CONTENT_TYPE;
  const checked = validatePayload(raw.bytes, { source: raw.source, contentType: type, ...(spec ? { spec } : {}), endpointKind, schema: true });
  for (const warning of checked.warnings) ctx.logger.warn(warning);
  return { body: checked.body, contentType: type, source: raw.source };
}

/**
 * Sends the smoke-test payload to an InService endpoint. A model that fails on it is a failed
 * deployment (exit 4): the message carries what the container said and where its logs are.
 * Takes a payload from {@link readSmokePayload}, or a file path to read and check now.
 * `deploy --smoke-test` uses it; `update-endpoint --smoke-test` can call it the same way.
 */
export async function smokeTest(
  ctx: CommandContext,
  runtime: InvokeRuntime,
  endpointName: string,
  payload: SmokePayload | string,
  options: { variant?: string } = {},
): Promise<SmokeTestResult> {
  const smoke = typeof payload === 'string' ? await readSmokePayload(ctx, payload) : payload;
  ctx.logger.info(`smoke test: sending ${smoke.source} to endpoint ${endpointName}${options.variant ? ` (variant ${options.variant})` : ''}`);
  const started = ctx.clock.now().getTime();
  try {
    const answer = await runtime.invoke({
      endpointName,
      body: smoke.body,
      contentType: smoke.contentType,
      ...(options.variant ? { variant: options.variant } : {}),
    });
    const latencyMs = ctx.clock.now().getTime() - started;
    ctx.logger.info(`smoke test passed in ${latencyMs} ms`);
    return {
      passed: true,
      latencyMs,
      ...(answer.invokedVariant ? { invokedVariant: answer.invokedVariant } : {}),
      ...(answer.contentType ? { contentType: answer.contentType } : {}),
      preview: Buffer.from(answer.body).toString('utf8').slice(0, PREVIEW_CHARS),
    };
  } catch (error) {
    if (error instanceof ModelInvocationError) {
      throw new ResourceFailedError(
        `smoke test failed: ${error.message}`,
        `endpoint ${endpointName} is InService but its model fails on ${smoke.source}: read its logs with \`sagectl logs ${endpointName}\`; \`sagectl teardown ${endpointName}\` removes it`,
      );
    }
    throw error;
  }
}

/**
 * A smoke test invokes an InService endpoint, so it cannot run when the command does not wait
 * for one (a dry run skips it anyway). Deploy and update-endpoint both check this first.
 */
export function assertSmokeTestCanRun(options: { smokeTest?: unknown; wait: boolean; dryRun?: boolean }): void {
  if (options.smokeTest && !options.wait && !options.dryRun) {
    throw new UsageError(
      '--smoke-test needs the endpoint InService: it cannot run with --no-wait',
      'drop --no-wait, or run `sagectl invoke` once the endpoint is InService',
    );
  }
}
