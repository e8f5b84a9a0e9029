import { describe, expect, it } from 'vitest';
import { formatLine, instanceOf, LogTail, recentLines, trainingLogs, endpointLogs, type LogLine } from '../../../../src/commands/logs/tail.js';
import { AwsRequestError } from '../../../../src/core/errors.js';
import { FakeLogs } from '../../helpers/fake-logs.js';
import { recordingLogger } from '../../helpers/logger.js';

const JOB = 'churn-20261125100000';
const GROUP = '/aws/sagemaker/TrainingJobs';
const ALGO1 = `${JOB}/algo-1-1764064800`;
const ALGO2 = `${JOB}/algo-2-1764064800`;
const throttled = (): AwsRequestError => new AwsRequestError('GetLogEvents', 'ThrottlingException', 'Rate exceeded');

function setup(): { logs: FakeLogs; tail: LogTail; print: (lines: LogLine[]) => string[] } {
  const logs = new FakeLogs();
  const source = trainingLogs(JOB);
  const tail = new LogTail(logs, source, recordingLogger().logger);
  return { logs, tail, print: (lines) => lines.map((l) => formatLine(l, source, tail.streamCount > 1)) };
}

describe('LogTail against a fake CloudWatch Logs with two events a page', () => {
  it('reads a stream across pages, once each, and only what is new on the next poll', async () => {
    const { logs, tail, print } = setup();
    logs.write(GROUP, ALGO1, [1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']);
    expect(print(await tail.poll())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await tail.poll()).toEqual([]);
    logs.write(GROUP, ALGO1, [6, 'f'], [7, 'g\n']);
    expect(print(await tail.poll())).toEqual(['f', 'g']);
    expect(await tail.poll()).toEqual([]);
  });

  it('interleaves several instances in time order, prefixed with the instance', async () => {
    const { logs, tail, print } = setup();
    logs.write(GROUP, ALGO1, [1, 'one-a'], [3, 'one-b'], [5, 'one-c']);
    logs.write(GROUP, ALGO2, [2, 'two-a'], [3, 'two-b'], [4, 'two-c']);
    expect(print(await tail.poll())).toEqual(['[algo-1] one-a', '[algo-2] two-a', '[algo-1] one-b', '[algo-2] two-b', '[algo-2] two-c', '[algo-1] one-c']);
  });

  it('picks up a stream that appears later, from its first event', async () => {
    const { logs, tail, print } = setup();
    expect(await tail.poll()).toEqual([]); // no group yet
    logs.write(GROUP, ALGO1, [10, 'first']);
    expect(print(await tail.poll())).toEqual(['first']);
    logs.write(GROUP, ALGO2, [5, 'late-1'], [11, 'late-2'], [12, 'late-3']);
    logs.write(GROUP, ALGO1, [13, 'second']);
    expect(print(await tail.poll())).toEqual(['[algo-2] late-1', '[algo-2] late-2', '[algo-2] late-3', '[algo-1] second']);
  });

  it('reads through empty pages with fresh tokens in the middle of a stream', async () => {
    const { logs, tail, print } = setup();
    logs.write(GROUP, ALGO1, [1, 'a'], [2, 'b'], [3, 'c']);
    logs.emptyPagesAhead(ALGO1, 2);
    expect(print(await tail.poll())).toEqual(['a', 'b', 'c']);
  });

  it('stops a poll on a repeated token and asks once more per poll, not in a loop', async () => {
    const { logs, tail } = setup();
    logs.write(GROUP, ALGO1, [1, 'a'], [2, 'b']);
    await tail.poll();
    const reads = logs.calls.filter((c) => c.method === 'readPage').length;
    expect(reads).toBe(2); // one page of events, one answered with the same token
    await tail.poll();
    expect(logs.calls.filter((c) => c.method === 'readPage').length).toBe(reads + 1);
  });

  it('throttling keeps the cursor: the events come at the next poll, once', async () => {
    const { logs, tail, print } = setup();
    logs.write(GROUP, ALGO1, [1, 'a'], [2, 'b'], [3, 'c']);
    logs.fail('readPage', throttled(), 1);
    expect(await tail.poll()).toEqual([]);
    expect(print(await tail.poll())).toEqual(['a', 'b', 'c']);
    logs.write(GROUP, ALGO1, [4, 'd']);
    logs.fail('readPage', throttled(), 1);
    expect(await tail.poll()).toEqual([]);
    expect(print(await tail.poll())).toEqual(['d']);
  });

  it('throttling in the middle of a stream loses nothing and repeats nothing', async () => {
    const { logs, tail, print } = setup();
    logs.write(GROUP, ALGO1, [1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']);
    await tail.poll();
    logs.write(GROUP, ALGO1, [5, 'e'], [6, 'f'], [7, 'g'], [8, 'h'], [9, 'i']);
    // The first page of the new events reads, the second is throttled.
    const original = logs.readPage.bind(logs);
    let n = 0;
    logs.readPage = async (...args) => {
      if (++n === 2) throw throttled();
      return original(...args);
    };
    expect(print(await tail.poll())).toEqual(['e', 'f']);
    expect(print(await tail.poll())).toEqual(['g', 'h', 'i']);
  });

  it('a throttled stream listing still reads the streams already known', async () => {
    const { logs, tail, print } = setup();
    logs.write(GROUP, ALGO1, [1, 'a']);
    await tail.poll();
    logs.write(GROUP, ALGO1, [2, 'b']);
    logs.fail('listStreams', new AwsRequestError('DescribeLogStreams', 'ThrottlingException', 'Rate exceeded'));
    expect(print(await tail.poll())).toEqual(['b']);
  });

  it('other errors are not swallowed', async () => {
    const { logs, tail } = setup();
    logs.write(GROUP, ALGO1, [1, 'a']);
    logs.fail('readPage', new AwsRequestError('GetLogEvents', 'AccessDeniedException', 'no'));
    await expect(tail.poll()).rejects.toThrow(/AccessDenied/);
  });

  it('many polls over a growing stream print every event exactly once, in order', async () => {
    const { logs, tail, print } = setup();
    const printed: string[] = [];
    for (let i = 0; i < 40; i++) {
      if (i % 3 === 0) logs.write(GROUP, ALGO1, [i, `e${i}`]);
      if (i % 7 === 0) logs.emptyPagesAhead(ALGO1, 1);
      if (i % 5 === 0) logs.fail('readPage', throttled());
      printed.push(...print(await tail.poll()));
    }
    printed.push(...print(await tail.poll()));
    expect(printed).toEqual(Array.from({ length: 14 }, (_, k) => `e${k * 3}`));
  });
});

describe('helpers', () => {
  it('instanceOf names training instances and keeps endpoint streams whole', () => {
    expect(instanceOf(ALGO2, trainingLogs(JOB))).toBe('algo-2');
    expect(instanceOf('AllTraffic/i-0abc', endpointLogs('churn'))).toBe('AllTraffic/i-0abc');
  });

  it('recentLines merges the last lines of every stream', async () => {
    const logs = new FakeLogs();
    logs.write(GROUP, ALGO1, [1, 'a'], [3, 'c'], [5, 'e']);
    logs.write(GROUP, ALGO2, [2, 'b'], [4, 'd']);
    expect(await recentLines(logs, trainingLogs(JOB), 3)).toEqual(['[algo-1] c', '[algo-2] d', '[algo-1] e']);
    expect(await recentLines(new FakeLogs(), trainingLogs(JOB), 3)).toEqual([]);
  });
});
