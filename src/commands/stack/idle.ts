import { endpointStatus } from '../../services/endpoint-status.js';

/** What the idle rule reads of an endpoint. */
export interface IdleFacts {
  status: string;
  createdAt?: Date | undefined;
  lastModifiedAt?: Date | undefined;
}

/**
 * Whether an endpoint may count as idle over a window that began at `windowStart`: it is settled
 * (not being created, updated or deleted) and was created or last updated before the window
 * began, since a fresh endpoint has had no chance to be used. Its invocations are the caller's
 * to count. The one rule `status --idle` and `teardown --idle` share.
 */
export function mayBeIdle(endpoint: IdleFacts, windowStart: Date): boolean {
  if (endpointStatus.isChanging(endpoint.status) || endpoint.status === 'Deleting') return false;
  const changed = endpoint.lastModifiedAt ?? endpoint.createdAt;
  return changed !== undefined && changed.getTime() <= windowStart.getTime();
}
