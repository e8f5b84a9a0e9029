import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { validatePayload } from '../../payload/validate.js';
import { mediaType, type InputSpec } from '../../payload/spec.js';
import type { EndpointKind } from '../../payload/size.js';
import { EndpointNotFoundError } from '../../services/runtime-errors.js';
import type { RuntimeService } from '../../services/runtime.js';

import { checkInvokeHeaders, type InvokeHeaders } from './headers.js';
import { readPayload, type RawPayload } from './input.js';
import type { InvokeFlags } from './cli.js';
import { parseInvokeFlags } from './flags.js';
import { unknownStackError, type StackLister } from '../stack/listing.js';
import { ServiceFactory } from '../../services/factory.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import type { Config } from '../../core/schema.js';
import { configFor, warnOtherStack } from '../stack/config.js';

/** The runtime call invoke makes. */
export type InvokeRuntime = Pick<RuntimeService, 'invoke'>;

/** The SageMaker calls invoke makes: the stacks that exist (for a typo), and the endpoint's kind when the config is another stack's. */
export type InvokeSageMaker = StackLister & EndpointDescriber;

export interface InvokeOptions {
  /** The stack, whose endpoint has the stack's name. */
  stack: string;
  payload: RawPayload;
  /** `--content-type`; default `endpoint.input.contentType`, else `text/csv`. */
  contentType?: string;
  accept?: string;
  variant?: string;
  customAttributes?: string;
  /** False for `--no-validate`. */
  validate: boolean;
}

/** The answer, as the JSON document shows it. */
export interface InvokeResult {
  endpoint: string;
  /** Parsed when the answer is JSON, else the text; binary answers come as `bodyBase64`. */
  body?: unknown;
  bodyBase64?: string;
  contentType?: string;
  invokedVariant?: string;
  customAttributes?: string;
  latencyMs: number;
  /** The answer's bytes, exactly as they came (the text output). */
  raw: Uint8Array;
}

export const DEFAULT_CONTENT_TYPE = 'text/csv';

function optionalHeaders(options: InvokeOptions): Omit<InvokeHeaders, 'contentType'> {
  return {
    ...(options.accept !== undefined ? { accept: options.accept } : {}),
    ...(options.variant !== undefined ? { variant: options.variant } : {}),
    ...(options.customAttributes !== undefined ? { customAttributes: options.customAttributes } : {}),
  };
}

/** What a payload is checked against: the stack's `endpoint.input`, and whether its endpoint is serverless (4 MB, not 6 MB). */
export interface PayloadRules {
  spec?: InputSpec;
  endpointKind: EndpointKind;
}

/** The payload rules from a stack's own config: `endpoint.input`, and whether the endpoint is serverless. */
export function payloadRules(config: Config): PayloadRules {
  const endpoint = config.endpoint;
  return { ...(endpoint?.input ? { spec: endpoint.input } : {}), endpointKind: endpoint?.serverless ? 'serverless' : 'realtime' };
}

/** The SageMaker call {@link stackPayloadRules} makes for a stack without its config. */
export type EndpointDescriber = Pick<SageMakerService, 'describeEndpoint'>;

/**
 * The payload rules for `stack`: from its own config ({@link configFor}); else from its live
 * endpoint, which says whether it is serverless (so the size limit is the endpoint's own) but not
 * what input it expects, so that check is skipped and a log line says so.
 */
async function stackPayloadRules(ctx: CommandContext, sagemaker: EndpointDescriber, stack: string): Promise<PayloadRules> {
  const own = configFor(ctx, stack);
  if (own) return payloadRules(own);
  warnOtherStack(ctx, stack, [`the payload against ${stack}'s endpoint.input (only its size, for the live endpoint's kind, and its encoding)`]);
  return livePayloadRules(sagemaker, stack);
}

/** The payload rules a live endpoint gives: its kind (a serverless endpoint takes 4 MB, not 6 MB), and no input spec. */
export async function livePayloadRules(sagemaker: EndpointDescriber, stack: string): Promise<PayloadRules> {
  const live = await sagemaker.describeEndpoint(stack);
  return { endpointKind: live?.variants.some((v) => v.serverless) ? 'serverless' : 'realtime' };
}

/**
 * Checks the payload against what the model expects (nothing is sent when it fails), sends it to
 * the stack's endpoint and returns the answer with the variant that served it and the latency.
 */
export async function invoke(ctx: CommandContext, runtime: InvokeRuntime, sagemaker: InvokeSageMaker, options: InvokeOptions): Promise<InvokeResult> {
  assertStackName(options.stack);
  // The flags' header values are checked before any request, even the one reading another stack's endpoint.
  checkInvokeHeaders({ ...(options.contentType !== undefined ? { contentType: options.contentType } : {}), ...optionalHeaders(options) });
  const { spec, endpointKind } = await stackPayloadRules(ctx, sagemaker, options.stack);
  const contentType = options.contentType ?? spec?.contentType ?? DEFAULT_CONTENT_TYPE;
  if (options.contentType === undefined) checkInvokeHeaders({ contentType }, 'endpoint.input.contentType');
  const checked = validatePayload(options.payload.bytes, {
    source: options.payload.source,
    contentType,
    ...(spec ? { spec } : {}),
    endpointKind,
    schema: options.validate,
  });
  for (const warning of checked.warnings) ctx.logger.warn(warning);
  if (!options.validate) ctx.logger.warn('--no-validate: the payload was not checked against endpoint.input (its size was)');

  ctx.logger.info(`invoking endpoint ${options.stack} (${checked.body.byteLength} bytes, ${contentType})`);
  const started = ctx.clock.now().getTime();
  try {
    const answer = await runtime.invoke({
      endpointName: options.stack,
      body: checked.body,
      contentType,
      ...(options.accept !== undefined ? { accept: options.accept } : {}),
      ...(options.variant !== undefined ? { variant: options.variant } : {}),
      ...(options.customAttributes !== undefined ? { customAttributes: options.customAttributes } : {}),
    });
    return {
      endpoint: options.stack,
      ...describeBody(answer.body, answer.contentType),
      ...(answer.contentType ? { contentType: answer.contentType } : {}),
      ...(answer.invokedVariant ? { invokedVariant: answer.invokedVariant } : {}),
      ...(answer.customAttributes ? { customAttributes: answer.customAttributes } : {}),
      latencyMs: ctx.clock.now().getTime() - started,
      raw: answer.body,
    };
  } catch (error) {
    if (error instanceof EndpointNotFoundError) throw await unknownStackError(sagemaker, options.stack);
    throw error;
  }
}

/** The body for the JSON document: parsed JSON, else text, else base64 for binary answers. */
export function describeBody(bytes: Uint8Array, contentType: string | undefined): { body: unknown } | { bodyBase64: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { bodyBase64: Buffer.from(bytes).toString('base64') };
  }
  const type = mediaType(contentType ?? '');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { body: JSON.parse(text) as unknown };
    } catch {
      // A container that labels non-JSON as JSON: show what it sent.
    }
  }
  return { body: text };
}

/** The JSON document: everything but the raw bytes. */
export function invokeDocument(r: InvokeResult): Omit<InvokeResult, 'raw'> {
  const { raw: _raw, ...document } = r;
  return document;
}

/** CLI entry. The stack comes from the argument, else `--stack` / the config's `name`. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: InvokeFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const make = new ServiceFactory(ctx.clientOptions);
      const name = stack ?? ctx.config.name;
      if (name === undefined) throw new UsageError('no stack: name one (`sagectl invoke churn-xgb`), pass --stack, or run where sagectl.yaml names it');
      const { payload: source, ...options } = parseInvokeFlags(flags);
      // Read at most one byte past the stack's limit: its own config says its kind; for another
      // stack the larger, real-time limit bounds the read, and invoke checks the live kind's.
      const own = configFor(ctx, name);
      const payload = await readPayload(source, ctx.stdin, own ? payloadRules(own).endpointKind : 'realtime');
      return invoke(ctx, await make.runtime(), await make.sagemaker(), { stack: name, payload, ...options });
    },
    render: () => '',
    renderBytes: (r) => r.raw,
    json: invokeDocument,
  });
}
