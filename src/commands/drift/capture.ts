import { joinKey } from '../../core/s3-uri.js';

/**
 * SageMaker's data capture files: `<s3Uri>/<endpoint>/<variant>/yyyy/mm/dd/hh/<name>.jsonl`, one
 * JSON record per request, with the request and response under `captureData.endpointInput` and
 * `endpointOutput`, each `{observedContentType, mode, data, encoding}` where encoding is CSV or
 * JSON (data is the text) or BASE64
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture-endpoint.html).
 */

/** One side of a captured request, decoded to text. */
export interface CapturedBody {
  contentType: string;
  text: string;
}

export interface CapturedRecord {
  /** `eventMetadata.inferenceTime`, in milliseconds since the epoch, when present. */
  time?: number;
  input?: CapturedBody;
  output?: CapturedBody;
}

interface RawCaptureBody {
  observedContentType?: unknown;
  data?: unknown;
  encoding?: unknown;
}

/** One line of a capture file; throws when it is not a capture record. */
export function parseCaptureLine(line: string): CapturedRecord {
  const record = JSON.parse(line) as {
    captureData?: { endpointInput?: RawCaptureBody; endpointOutput?: RawCaptureBody };
    eventMetadata?: { inferenceTime?: unknown };
  };
  const data = record?.captureData;
  if (typeof data !== 'object' || data === null) throw new Error('no captureData');
  const time = typeof record.eventMetadata?.inferenceTime === 'string' ? Date.parse(record.eventMetadata.inferenceTime) : Number.NaN;
  // Built field by field, not by spreading: drift parses a million of these per run.
  const captured: CapturedRecord = {};
  if (Number.isFinite(time)) captured.time = time;
  if (data.endpointInput) captured.input = decodeBody(data.endpointInput);
  if (data.endpointOutput) captured.output = decodeBody(data.endpointOutput);
  return captured;
}

/** Base64 bodies up to this size are decoded into one reused buffer rather than a new one each. */
const SCRATCH_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

function decodeBase64(data: string): string {
  // Decoded bytes are at most three quarters of the text; larger bodies get their own buffer.
  if (data.length > (SCRATCH_BYTES / 3) * 4) return Buffer.from(data, 'base64').toString('utf8');
  const size = scratch.write(data, 'base64');
  return scratch.toString('utf8', 0, size);
}

function decodeBody(body: RawCaptureBody): CapturedBody {
  if (typeof body.data !== 'string') throw new Error('captured data is not a string');
  const contentType = typeof body.observedContentType === 'string' ? body.observedContentType : 'text/csv';
  const encoding = typeof body.encoding === 'string' ? body.encoding.toUpperCase() : 'CSV';
  if (encoding === 'BASE64') return { contentType, text: decodeBase64(body.data) };
  if (encoding === 'CSV' || encoding === 'JSON') return { contentType, text: body.data };
  throw new Error(`unknown capture encoding ${String(body.encoding)}`);
}

/** The hour folders (`yyyy/mm/dd/hh/`, UTC) a window touches, oldest first. */
export function hourFolders(fromMs: number, toMs: number): string[] {
  const hour = 3_600_000;
  const folders: string[] = [];
  for (let t = Math.floor(fromMs / hour) * hour; t <= toMs; t += hour) {
    const d = new Date(t);
    const two = (n: number): string => String(n).padStart(2, '0');
    folders.push(`${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCHours())}/`);
  }
  return folders;
}

/** The key prefix of one variant's capture files in one hour folder. */
export function captureHourPrefix(capturePrefix: string, endpoint: string, variant: string, folder: string): string {
  return `${joinKey(capturePrefix, endpoint, variant)}/${folder}`;
}
