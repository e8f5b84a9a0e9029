import type { Logger } from 'pino';
import { isThrottling } from '../../core/errors.js';
import type { LogsService } from '../../services/logs.js';

/** The CloudWatch Logs calls reading logs needs. */
export type LogsReader = Pick<LogsService, 'listStreams' | 'readPage' | 'lastEvents'>;

/** Where a resource's logs are: a group, and the prefix of its streams in it. */
export interface LogSource {
  group: string;
  prefix: string;
}

/** SageMaker writes one stream per training instance, `<job>/algo-<n>-<epoch>`, in this group. */
export const trainingLogs = (job: string): LogSource => ({ group: '/aws/sagemaker/TrainingJobs', prefix: `${job}/` });

/** An endpoint's container logs: one stream per variant and instance, `<variant>/<instance id>`. */
export const endpointLogs = (endpoint: string): LogSource => ({ group: `/aws/sagemaker/Endpoints/${endpoint}`, prefix: '' });

/** One event with the stream it came from. */
export interface LogLine {
  stream: string;
  timestamp: number;
  message: string;
}

/** A stream's instance for people: `job/algo-1-1700000000` → `algo-1`; `AllTraffic/i-0abc` stays whole. */
export function instanceOf(stream: string, source: LogSource): string {
  const rest = source.prefix && stream.startsWith(source.prefix) ? stream.slice(source.prefix.length) : stream;
  return /^(algo-\d+)-\d+$/.exec(rest)?.[1] ?? rest;
}

/** Formats a line, prefixed with its instance when several instances log. */
export function formatLine(line: LogLine, source: LogSource, multi: boolean): string {
  const message = line.message.replace(/\s+$/, '');
  return multi ? `[${instanceOf(line.stream, source)}] ${message}` : message;
}

/** A guard against a stream that never repeats its token: read on at the next poll instead. */
const MAX_PAGES_PER_POLL = 500;

/**
 * Follows every stream of a log source, printing each event exactly once, in time order.
 *
 * Why GetLogEvents per stream and not FilterLogEvents across the group: FilterLogEvents pages
 * by time over an eventually consistent index, so following it means choosing a start time
 * and de-duplicating by event id, and an event ingested late behind that time is lost.
 * GetLogEvents' forward token is a per-stream cursor: events come once each, in order, and a
 * late event is still after the cursor. Streams that appear later (instances starting) are
 * picked up on the next poll; throttling leaves the cursor where it was.
 */
export class LogTail {
  /** Stream → forward token (undefined: not read yet), in discovery order. */
  private readonly cursors = new Map<string, string | undefined>();

  constructor(
    private readonly logs: LogsReader,
    readonly source: LogSource,
    private readonly logger: Logger,
  ) {}

  /** How many streams have been seen. */
  get streamCount(): number {
    return this.cursors.size;
  }

  /** Every event written since the last poll, ordered by time across streams. */
  async poll(): Promise<LogLine[]> {
    await this.discover();
    const lines: LogLine[] = [];
    for (const [stream, start] of this.cursors) {
      let token = start;
      for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
        let next;
        try {
          next = await this.logs.readPage(this.source.group, stream, token);
        } catch (error) {
          if (!isThrottling(error)) throw error;
          this.logger.debug({ stream }, 'log reads throttled; reading on at the next poll');
          break;
        }
        for (const e of next.events) lines.push({ stream, timestamp: e.timestamp, message: e.message });
        const end = next.nextToken === undefined || next.nextToken === token;
        if (next.nextToken !== undefined) token = next.nextToken;
        this.cursors.set(stream, token);
        if (end) break;
      }
    }
    // Array.prototype.sort is stable: equal timestamps keep stream order, and a stream's own order.
    return lines.sort((a, b) => a.timestamp - b.timestamp);
  }

  private async discover(): Promise<void> {
    try {
      for (const stream of await this.logs.listStreams(this.source.group, this.source.prefix)) {
        if (!this.cursors.has(stream)) this.cursors.set(stream, undefined);
      }
    } catch (error) {
      if (!isThrottling(error)) throw error;
      this.logger.debug('listing log streams throttled; looking for new streams at the next poll');
    }
  }
}

/** The last `count` lines across a source's streams, formatted; empty when it has no logs. */
export async function recentLines(logs: LogsReader, source: LogSource, count: number): Promise<string[]> {
  const streams = await logs.listStreams(source.group, source.prefix);
  const lines: LogLine[] = [];
  for (const stream of streams) {
    for (const e of await logs.lastEvents(source.group, stream, count)) lines.push({ stream, ...e });
  }
  lines.sort((a, b) => a.timestamp - b.timestamp);
  return lines.slice(-count).map((l) => formatLine(l, source, streams.length > 1));
}
