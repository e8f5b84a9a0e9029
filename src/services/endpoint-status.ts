/**
 * SageMaker endpoint statuses and what they mean, in one place.
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeEndpoint.html#sagemaker-DescribeEndpoint-response-EndpointStatus
 */
export type EndpointStatus =
  'OutOfService' | 'Creating' | 'Updating' | 'SystemUpdating' | 'RollingBack' | 'InService' | 'Deleting' | 'Failed' | 'UpdateRollbackFailed';

const FINAL: ReadonlySet<string> = new Set(['InService', 'Failed', 'OutOfService', 'UpdateRollbackFailed']);
const FAILED: ReadonlySet<string> = new Set(['Failed', 'UpdateRollbackFailed', 'OutOfService']);
const CHANGING: ReadonlySet<string> = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack']);

/** Predicates over an endpoint status. */
export const endpointStatus = {
  /** No further change is coming without a new request. */
  isFinal: (status: string): boolean => FINAL.has(status),
  /** The endpoint cannot serve: it must be fixed or recreated. */
  isFailed: (status: string): boolean => FAILED.has(status),
  /** SageMaker is working on it; an update now would be refused. */
  isChanging: (status: string): boolean => CHANGING.has(status),
  isInService: (status: string): boolean => status === 'InService',
};
