import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Logger } from 'pino';
import { clientConfig, TIMEOUTS, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';
import { endpointLogGroup, EndpointNotFoundError, ModelInvocationError } from './runtime-errors.js';

export { endpointLogGroup, EndpointNotFoundError, ModelInvocationError } from './runtime-errors.js';

/** One InvokeEndpoint request. */
export interface InvokeRequest {
  endpointName: string;
  body: Uint8Array;
  contentType: string;
  accept?: string;
  /** TargetVariant: send to this production variant, bypassing the traffic weights. */
  variant?: string;
  customAttributes?: string;
}

/** What the endpoint answered. */
export interface InvokeResponse {
  body: Uint8Array;
  contentType?: string;
  invokedVariant?: string;
  customAttributes?: string;
}

/**
 * The runtime reports a missing endpoint as a `ValidationError` worded "Endpoint X of account N
 * not found." (not with a dedicated error name). This is the one place that knows it.
 */
export function isRuntimeEndpointNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /^Endpoint .+ not found/i.test(error.message);
}

/** The parts of the SDK's ModelError sagectl reads. */
interface ModelErrorShape {
  message: string;
  OriginalStatusCode?: number;
  OriginalMessage?: string;
  LogStreamArn?: string;
}

/** `arn:aws:logs:r:a:log-group:/aws/sagemaker/Endpoints/x:log-stream:AllTraffic/i-0abc` → group and stream. */
export function parseLogStreamArn(arn: string | undefined): { group: string; stream: string } | undefined {
  const match = arn ? /:log-group:(.+?):log-stream:(.+)$/.exec(arn) : null;
  return match?.[1] && match[2] ? { group: match[1], stream: match[2] } : undefined;
}

/** SageMaker Runtime in sagectl's vocabulary: one call, its errors made actionable. */
export class RuntimeService {
  constructor(
    private readonly client: SageMakerRuntimeClient,
    private readonly logger: Logger,
  ) {}

  /** Builds the service with a client configured by the one client factory. */
  static create(options: ClientOptions): RuntimeService {
    return new RuntimeService(new SageMakerRuntimeClient(clientConfig(options, { requestTimeoutMs: TIMEOUTS.invokeMs })), options.logger);
  }

  /**
   * Sends the payload to the endpoint and returns its answer. Throws {@link ModelInvocationError}
   * when the container fails on it, {@link EndpointNotFoundError} when there is no such endpoint,
   * and the translated AWS error otherwise (throttling is retried by the client first).
   */
  async invoke(request: InvokeRequest): Promise<InvokeResponse> {
    try {
      const out = await this.client.send(
        new InvokeEndpointCommand({
          EndpointName: request.endpointName,
          Body: request.body,
          ContentType: request.contentType,
          ...(request.accept !== undefined ? { Accept: request.accept } : {}),
          ...(request.variant !== undefined ? { TargetVariant: request.variant } : {}),
          ...(request.customAttributes !== undefined ? { CustomAttributes: request.customAttributes } : {}),
        }),
      );
      return {
        body: out.Body ?? new Uint8Array(),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
        ...(out.InvokedProductionVariant ? { invokedVariant: out.InvokedProductionVariant } : {}),
        ...(out.CustomAttributes ? { customAttributes: out.CustomAttributes } : {}),
      };
    } catch (error) {
      if (isRuntimeEndpointNotFound(error)) {
        this.logger.debug({ operation: 'InvokeEndpoint' }, 'InvokeEndpoint: endpoint not found');
        throw new EndpointNotFoundError(request.endpointName);
      }
      if (error instanceof Error && error.name === 'ModelError') {
        const e = error as Error & ModelErrorShape;
        const logs = parseLogStreamArn(e.LogStreamArn);
        throw new ModelInvocationError(
          request.endpointName,
          e.OriginalStatusCode,
          e.OriginalMessage ?? e.message,
          logs?.group ?? endpointLogGroup(request.endpointName),
          logs?.stream,
        );
      }
      throw translateAwsError('InvokeEndpoint', error);
    }
  }
}
