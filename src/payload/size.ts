import { PayloadError } from './errors.js';

/**
 * The largest request body SageMaker accepts: 6 MB for a real-time endpoint (InvokeEndpoint's
 * `Body` is at most 6291456 bytes, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html)
 * and 4 MB for a serverless one (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-invoke.html).
 */
export const MAX_PAYLOAD_BYTES = { realtime: 6 * 1024 * 1024, serverless: 4 * 1024 * 1024 } as const;

export type EndpointKind = keyof typeof MAX_PAYLOAD_BYTES;

/** Refuses a body larger than the endpoint accepts, saying the size found and the limit. */
export function checkSize(byteLength: number, kind: EndpointKind, source: string): void {
  const limit = MAX_PAYLOAD_BYTES[kind];
  if (byteLength <= limit) return;
  throw new PayloadError(
    source,
    {},
    `${formatBytes(byteLength)} (${byteLength} bytes) is over the ${formatBytes(limit)} a ${kind === 'serverless' ? 'serverless' : 'real-time'} endpoint accepts`,
    'split the payload into smaller requests, or use batch transform or asynchronous inference for large inputs',
  );
}

/** `6 MB`, `4.50 MB`, `812 bytes`. */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 2)} MB` : `${n} bytes`;
}
