import { MANAGED_BY_VALUE, TagKey } from '../../core/tags.js';
import { messageOf } from '../../core/errors.js';
import type { Logger } from 'pino';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { EndpointInfo, SageMakerService } from '../../services/sagemaker.js';

/** What a listing says of an endpoint now (ListEndpoints: status and LastModifiedTime are current). */
export interface ListedEndpoint {
  name: string;
  arn: string;
  status?: string | undefined;
  lastModifiedTime?: Date | undefined;
}

/**
 * The managed endpoints as SageMaker's Search describes them, by name: read on the first call
 * only (one request per hundred endpoints instead of a DescribeEndpoint each). Undefined when
 * the service has no Search; empty when Search refused (a policy without sagemaker:Search), so
 * each endpoint is then described as before.
 */
export function searchedOnce(
  sagemaker: Partial<Pick<SageMakerService, 'searchEndpoints'>>,
  logger: Pick<Logger, 'debug'>,
): (() => Promise<Map<string, EndpointInfo>>) | undefined {
  const search = sagemaker.searchEndpoints?.bind(sagemaker);
  if (!search) return undefined;
  let read: Promise<Map<string, EndpointInfo>> | undefined;
  return () =>
    (read ??= search(TagKey.ManagedBy, MANAGED_BY_VALUE).then(
      (found) => new Map(found.map((e) => [e.name, e])),
      (error: unknown) => {
        logger.debug(`searching the managed endpoints failed (${messageOf(error)}): describing each`);
        return new Map<string, EndpointInfo>();
      },
    ));
}

/**
 * The Search record of `listed`, when it is the endpoint's current state: Search answers from an
 * index that can lag, so a record is used only when the endpoint is settled (no change under
 * way) and the record has the ARN, status and LastModifiedTime that ListEndpoints gives now
 * (every change to an endpoint, its weights and instance counts included, moves
 * LastModifiedTime: the rule status's went-live shortcut follows too). Otherwise undefined: the
 * caller describes the endpoint.
 */
export function currentRecord(records: ReadonlyMap<string, EndpointInfo>, listed: ListedEndpoint): EndpointInfo | undefined {
  const record = records.get(listed.name);
  if (!record || !listed.status || !listed.lastModifiedTime || endpointStatus.isChanging(listed.status) || listed.status === 'Deleting') return undefined;
  if (record.status !== listed.status || record.lastModifiedTime?.getTime() !== listed.lastModifiedTime.getTime()) return undefined;
  return record.arn.toLowerCase() === listed.arn.toLowerCase() ? record : undefined;
}
