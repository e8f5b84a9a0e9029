import { mapLimit } from '../../core/concurrency.js';
import { joinKey, type S3Location } from '../../core/s3-uri.js';
import type { ObjectInfo, S3Service } from '../../services/s3.js';
import { captureHourPrefix, hourFolders, parseCaptureLine, type CapturedRecord } from './capture.js';
import { forEachInOrder } from './in-order.js';
import { BufferReclaimer } from '../../core/buffer-reclaimer.js';
import { forEachLine } from './lines.js';

/** The S3 calls a read of captured traffic makes. */
export type CaptureS3 = Pick<S3Service, 'listObjects' | 'read'>;

/** The production variants with captured traffic: the folders under `<capture>/<endpoint>/`, in name order. */
export async function capturedVariants(s3: Pick<S3Service, 'listFolders'>, capture: S3Location, endpoint: string): Promise<string[]> {
  return (await s3.listFolders(capture.bucket, `${joinKey(capture.key, endpoint)}/`)).sort();
}

/** One variant's captured traffic in a window. */
export interface CaptureWindow {
  endpoint: string;
  variant: string;
  from: number;
  to: number;
  /** Capture files requested at once. */
  concurrency: number;
  /** Read at most this many records, newest files first. */
  maxRecords?: number;
}

/** What a read of captured traffic saw. */
export interface CaptureCount {
  files: number;
  records: number;
  /** Records or payloads that did not parse: counted, never fatal. */
  unparsable: number;
  /** Records in the window's hour folders but outside the window itself. */
  outsideWindow: number;
  /** `maxRecords` stopped the read before every file of the window was read. */
  sampled: boolean;
}

/** A capture record holds a request and its answer (each up to 6 MB, base64 a third more). */
const MAX_RECORD_BYTES = 20 * 1024 * 1024;

/**
 * Streams one variant's capture files of the window (SageMaker's hour folders), newest first, and
 * hands each record of the window to `onRecord`; a record that does not parse, or that
 * `onRecord` throws on, is counted as unparsable. Memory stays flat: one line at a time, one body
 * read at a time with the next ones requested ahead (see in-order.ts).
 */
export async function readCapture(s3: CaptureS3, capture: S3Location, w: CaptureWindow, onRecord: (record: CapturedRecord) => void): Promise<CaptureCount> {
  const { bucket } = capture;
  const listed = await mapLimit(hourFolders(w.from, w.to), w.concurrency, (folder) =>
    s3.listObjects(bucket, captureHourPrefix(capture.key, w.endpoint, w.variant, folder)),
  );
  // Newest first: a sample cut short by maxRecords is the most recent traffic.
  const files: ObjectInfo[] = listed.flat().sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const count: CaptureCount = { files: files.length, records: 0, unparsable: 0, outsideWindow: 0, sampled: false };
  const full = (): boolean => w.maxRecords !== undefined && count.records >= w.maxRecords;
  const reclaimer = new BufferReclaimer();
  const onLine = (line: string): boolean => {
    if (line.trim() === '') return true;
    reclaimer.tick();
    if (full()) {
      count.sampled = true;
      return false;
    }
    try {
      const record = parseCaptureLine(line);
      if (record.time !== undefined && (record.time < w.from || record.time > w.to)) {
        count.outsideWindow++;
        return true;
      }
      count.records++;
      onRecord(record);
    } catch {
      count.unparsable++;
    }
    return true;
  };
  await forEachInOrder(
    files,
    w.concurrency,
    (file) => s3.read(bucket, file.key),
    async (body, file) => {
      const seen = await forEachLine(body, onLine, MAX_RECORD_BYTES);
      count.unparsable += seen.tooLong;
      if (!full()) return true;
      // Files left unread are a sample's cut too, not only lines.
      if (file !== files[files.length - 1]) count.sampled = true;
      return false;
    },
  );
  return count;
}
