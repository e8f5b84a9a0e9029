/**
 * Where an AWS request went, noted by the HTTP handler (core/clients.ts) on the error or the
 * response it produced, so an error can say "no answer from <endpoint>" rather than repeat the
 * SDK's words. Hidden (non-enumerable) so that logs of the error stay as they were.
 */
export interface RequestWhere {
  /** `https://api.sagemaker.us-east-1.amazonaws.com`, or the `--endpoint-url` in use. */
  endpoint: string;
  /** The region the request was signed for, when it was signed. */
  region?: string;
  /** The request timeout of the attempt. */
  requestTimeoutMs: number;
}

const KEY = Symbol.for('sagectl.requestWhere');

function attach(target: object, where: RequestWhere): void {
  try {
    Object.defineProperty(target, KEY, { value: where, enumerable: false, configurable: true });
  } catch {
    // A frozen object: the error is reported without the endpoint.
  }
}

/** Notes on a failed request's error where it went; returns the error. */
export function annotateRequestError(error: unknown, where: RequestWhere): unknown {
  if (error !== null && typeof error === 'object') attach(error, where);
  return error;
}

/** Notes on an HTTP response where it came from (the SDK keeps it as a failed parse's `$response`). */
export function annotateResponse(response: object, where: RequestWhere): void {
  attach(response, where);
}

/** Where the request behind an SDK error went: from the error itself, else from its `$response`. */
export function requestWhereOf(error: unknown): RequestWhere | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const own = (error as Record<symbol, unknown>)[KEY] as RequestWhere | undefined;
  if (own) return own;
  const response = (error as { $response?: unknown }).$response;
  return response !== null && typeof response === 'object' ? ((response as Record<symbol, unknown>)[KEY] as RequestWhere | undefined) : undefined;
}
