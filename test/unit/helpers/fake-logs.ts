import type { LogsReader } from '../../../src/commands/logs/tail.js';
import type { LogEvent, LogPage } from '../../../src/services/logs.js';

/**
 * A small stateful CloudWatch Logs with a tiny page size: streams grow while they are read,
 * forward tokens are opaque cursors that come back unchanged at the end of a stream (as AWS
 * does), empty pages with a fresh token can be scripted mid-stream, and calls can be made to
 * fail (throttling) a given number of times.
 */
export class FakeLogs implements LogsReader {
  pageSize = 2;
  readonly groups = new Map<string, Map<string, LogEvent[]>>();
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly tokens = new Map<string, number>();
  private serial = 0;
  private readonly emptyPages = new Map<string, number>();
  private readonly failures: { method: string; error: Error; times: number }[] = [];

  /** Appends events to a stream, creating the group and stream when new. */
  write(group: string, stream: string, ...events: [number, string][]): void {
    const streams = this.groups.get(group) ?? new Map<string, LogEvent[]>();
    this.groups.set(group, streams);
    const list = streams.get(stream) ?? [];
    streams.set(stream, list);
    list.push(...events.map(([timestamp, message]) => ({ timestamp, message })));
  }

  /** The next `count` reads of `stream` answer an empty page with a new token (AWS does this mid-stream). */
  emptyPagesAhead(stream: string, count: number): void {
    this.emptyPages.set(stream, count);
  }

  /** The next `times` calls of `method` throw `error`. */
  fail(method: 'listStreams' | 'readPage' | 'lastEvents', error: Error, times = 1): void {
    this.failures.push({ method, error, times });
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
  }

  private token(index: number): string {
    const t = `tok-${++this.serial}`;
    this.tokens.set(t, index);
    return t;
  }

  async listStreams(group: string, prefix: string): Promise<string[]> {
    this.record('listStreams', group, prefix);
    return [...(this.groups.get(group)?.keys() ?? [])].filter((s) => s.startsWith(prefix)).sort();
  }

  async readPage(group: string, stream: string, token: string | undefined): Promise<LogPage> {
    this.record('readPage', group, stream, token);
    const events = this.groups.get(group)?.get(stream);
    if (!events) throw Object.assign(new Error('The specified log stream does not exist.'), { name: 'ResourceNotFoundException' });
    const start = token === undefined ? 0 : this.tokens.get(token);
    if (start === undefined) throw Object.assign(new Error('The specified nextToken is invalid.'), { name: 'InvalidParameterException' });
    const empties = this.emptyPages.get(stream) ?? 0;
    if (empties > 0 && start < events.length) {
      this.emptyPages.set(stream, empties - 1);
      return { events: [], nextToken: this.token(start) };
    }
    const page = events.slice(start, start + this.pageSize);
    if (page.length === 0 && token !== undefined) return { events: [], nextToken: token };
    return { events: page, nextToken: this.token(start + page.length) };
  }

  async lastEvents(group: string, stream: string, limit: number): Promise<LogEvent[]> {
    this.record('lastEvents', group, stream, limit);
    return (this.groups.get(group)?.get(stream) ?? []).slice(-limit);
  }
}
