import type { InvokeRequest, InvokeResponse, RuntimeService } from '../../../src/services/runtime.js';
import { EndpointNotFoundError, ModelInvocationError } from '../../../src/services/runtime.js';

/**
 * A SageMaker Runtime that records every request (the request counter of unit tests: a refused
 * payload must leave `requests` empty) and answers from a script: a body, a model error, or
 * "no such endpoint" for names not in `endpoints`.
 */
export class FakeRuntime implements Pick<RuntimeService, 'invoke'> {
  readonly requests: InvokeRequest[] = [];
  /** Endpoints that exist; any other name is not found. */
  endpoints = new Set(['churn']);
  answer: InvokeResponse = { body: new TextEncoder().encode('0.93'), contentType: 'text/csv', invokedVariant: 'AllTraffic' };
  /** When set, the container fails on every request with this message. */
  modelError: string | undefined;

  async invoke(request: InvokeRequest): Promise<InvokeResponse> {
    this.requests.push(request);
    if (!this.endpoints.has(request.endpointName)) throw new EndpointNotFoundError(request.endpointName);
    if (this.modelError !== undefined) {
      throw new ModelInvocationError(request.endpointName, 500, this.modelError, `/aws/sagemaker/Endpoints/${request.endpointName}`, 'AllTraffic/i-0abc');
    }
    return this.answer;
  }

  /** The text of each body sent. */
  bodies(): string[] {
    return this.requests.map((r) => Buffer.from(r.body).toString('utf8'));
  }
}
