/**
 * The function `sagectl wire-api` deploys: an API Gateway proxy event in, SageMaker
 * InvokeEndpoint, a proxy response out. It is zipped alone (as handler.mjs), so it imports
 * nothing but the AWS SDK v3 client the Node.js Lambda runtime provides — no sagectl module.
 */
import { InvokeEndpointCommand, SageMakerRuntimeClient, type InvokeEndpointCommandOutput } from '@aws-sdk/client-sagemaker-runtime';

/** The parts of an API Gateway (REST, Lambda proxy) event the handler reads. */
export interface ProxyEvent {
  httpMethod?: string;
  body?: string | null;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined> | null;
}

/** A Lambda proxy integration response. */
export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/** What the handler is configured with (from the function's environment). */
export interface HandlerSettings {
  endpointName: string;
  /** Sent to the model when the request names none. */
  contentType: string;
  accept?: string;
  /** `Access-Control-Allow-Origin` on every answer; no CORS headers when undefined. */
  corsOrigin?: string;
}

/** The one call the handler makes, so tests can stand in for the client. */
export interface EndpointInvoker {
  send(command: InvokeEndpointCommand): Promise<Pick<InvokeEndpointCommandOutput, 'Body' | 'ContentType'>>;
}

/**
 * InvokeEndpoint takes at most 6 MB (and so does a synchronous Lambda invocation):
 * https://docs.aws.amazon.com/general/latest/gr/sagemaker.html#limits_sagemaker
 */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Content types a request may name instead of the configured one; others (curl's form default) are ignored. */
const REQUEST_TYPES = /^(text\/csv|application\/json|application\/jsonlines|text\/plain|application\/x-recordio-protobuf|application\/x-npy)\b/i;

/** Reads the settings from the environment wire-api gives the function. */
export function settingsFromEnv(env: Record<string, string | undefined>): HandlerSettings {
  const endpointName = env.ENDPOINT_NAME;
  if (!endpointName) throw new Error('ENDPOINT_NAME is not set');
  return {
    endpointName,
    contentType: env.CONTENT_TYPE || 'text/csv',
    ...(env.ACCEPT ? { accept: env.ACCEPT } : {}),
    ...(env.CORS_ORIGIN ? { corsOrigin: env.CORS_ORIGIN } : {}),
  };
}

/** The handler for one endpoint and one client. */
export function createHandler(runtime: EndpointInvoker, settings: HandlerSettings): (event: ProxyEvent) => Promise<ProxyResult> {
  const cors: Record<string, string> = settings.corsOrigin
    ? {
        'Access-Control-Allow-Origin': settings.corsOrigin,
        'Access-Control-Allow-Methods': 'OPTIONS,POST',
        'Access-Control-Allow-Headers': 'Content-Type,X-Api-Key',
      }
    : {};
  const answer = (statusCode: number, body: string, contentType: string, isBase64Encoded = false): ProxyResult => ({
    statusCode,
    headers: { 'Content-Type': contentType, ...cors },
    body,
    ...(isBase64Encoded ? { isBase64Encoded } : {}),
  });
  const problem = (statusCode: number, error: string): ProxyResult => answer(statusCode, JSON.stringify({ error }), 'application/json');

  return async (event) => {
    if (event.httpMethod === 'OPTIONS') return answer(204, '', 'text/plain');
    const requestType = header(event, 'content-type');
    const contentType = requestType && REQUEST_TYPES.test(requestType) ? requestType : settings.contentType;
    const payload = decodeBody(event, contentType);
    if (typeof payload === 'string') return problem(400, payload);

    let out: Pick<InvokeEndpointCommandOutput, 'Body' | 'ContentType'>;
    try {
      out = await runtime.send(
        new InvokeEndpointCommand({
          EndpointName: settings.endpointName,
          ContentType: contentType,
          Body: payload,
          ...(settings.accept ? { Accept: settings.accept } : {}),
        }),
      );
    } catch (error) {
      const e = error as Error & { OriginalMessage?: string };
      // Lambda sends console output to the function's log group; the caller gets the reason.
      // eslint-disable-next-line no-console
      console.error(`InvokeEndpoint ${settings.endpointName} failed: ${e.name}: ${e.message}`);
      if (e.name === 'ModelError') return problem(502, `the model failed: ${e.OriginalMessage ?? e.message}`);
      if (isEndpointMissing(e)) return paused(settings.endpointName, cors);
      if (e.name === 'ModelNotReadyException' || e.name === 'ServiceUnavailable') return problem(503, `the endpoint is not ready: ${e.message}`);
      return problem(500, `could not invoke endpoint ${settings.endpointName}: ${e.message}`);
    }
    const resultType = out.ContentType ?? 'application/octet-stream';
    const body = out.Body ?? new Uint8Array();
    return isText(resultType)
      ? answer(200, Buffer.from(body).toString('utf8'), resultType)
      : answer(200, Buffer.from(body).toString('base64'), resultType, true);
  };
}

/**
 * SageMaker's answer for an endpoint that does not exist: a ValidationError "Endpoint X of
 * account N not found." (the same test as services/runtime.ts `isRuntimeEndpointNotFound`; the
 * handler is zipped alone, so it cannot import it).
 */
function isEndpointMissing(error: Error): boolean {
  return error.name === 'ValidationError' && /^Endpoint .+ not found/i.test(error.message);
}

/**
 * The answer while the stack is paused (`sagectl pause` deleted only the endpoint; the API,
 * this function and the model stay): 503, the service is down for now and comes back, with a
 * JSON body that says so, rather than a 500 from the SDK.
 */
function paused(endpointName: string, cors: Record<string, string>): ProxyResult {
  return {
    statusCode: 503,
    headers: { 'Content-Type': 'application/json', 'Retry-After': '300', ...cors },
    body: JSON.stringify({
      error: `the model is paused: endpoint ${endpointName} is not running; its owner can resume it with \`sagectl resume\``,
      paused: true,
    }),
  };
}

/** The request payload, or why it is refused (a 400). */
function decodeBody(event: ProxyEvent, contentType: string): Uint8Array | string {
  const raw = event.body ?? '';
  let bytes: Buffer;
  if (event.isBase64Encoded) {
    const compact = raw.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return 'the body is marked base64 but is not valid base64';
    bytes = Buffer.from(compact, 'base64');
  } else {
    bytes = Buffer.from(raw, 'utf8');
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') return 'the body is empty: send the input to predict on (e.g. one CSV row)';
  if (bytes.length > MAX_PAYLOAD_BYTES) return `the body is ${bytes.length} bytes; SageMaker takes at most ${MAX_PAYLOAD_BYTES} bytes`;
  if (isText(contentType)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return `the body is not valid UTF-8 text, as ${contentType} must be`;
    }
    if (/json$/i.test(contentType.split(';')[0] ?? '')) {
      try {
        JSON.parse(text);
      } catch (error) {
        return `the body is not valid JSON: ${(error as Error).message}`;
      }
    }
  }
  return bytes;
}

function isText(contentType: string): boolean {
  return /^(text\/|application\/(json|jsonlines|x-ndjson|xml))/i.test(contentType);
}

function header(event: ProxyEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

let client: SageMakerRuntimeClient | undefined;

/** The Lambda entry point (`handler.handler`): one client per container, reused across invocations. */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  client ??= new SageMakerRuntimeClient({});
  return createHandler(client, settingsFromEnv(process.env))(event);
}
