import { ResourceFailedError, UsageError } from '../core/errors.js';

// The runtime's errors, apart from its SDK client, so commands can test for them without loading it.

/** The endpoint's CloudWatch log group: SageMaker writes every container's stdout and stderr there. */
export function endpointLogGroup(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}

/**
 * The model's container answered with a 4xx or 5xx (SageMaker's `ModelError`). The endpoint is
 * up; the model refused or failed on this input. Exit 4. The message carries what the container
 * said and where its logs are.
 */
export class ModelInvocationError extends ResourceFailedError {
  constructor(
    readonly endpointName: string,
    readonly originalStatusCode: number | undefined,
    readonly originalMessage: string,
    readonly logGroup: string,
    readonly logStream: string | undefined,
  ) {
    super(
      `endpoint ${endpointName}: the model's container answered${originalStatusCode !== undefined ? ` ${originalStatusCode}` : ''}: ${originalMessage}\n  logs: log group ${logGroup}${logStream ? `, stream ${logStream}` : ''}`,
      `read the container's logs with \`sagectl logs ${endpointName}\` (or in CloudWatch, the log group above)`,
    );
  }
}

/** InvokeEndpoint named an endpoint that does not exist in this account and region. */
export class EndpointNotFoundError extends UsageError {
  constructor(readonly endpointName: string) {
    super(
      `no endpoint named ${endpointName} in this account and region`,
      'run `sagectl status` to see the stacks that exist, or `sagectl deploy` to create it',
    );
  }
}
