import { describe, expect, it } from 'vitest';
import { stderrLogSink } from '../../../../src/commands/training/wait.js';
import { testContext } from '../../helpers/context.js';

describe('stderrLogSink', () => {
  it('writes plain lines through the context when logs are pretty, never through the logger', () => {
    const ctx = testContext({}, { logFormat: 'pretty' });
    stderrLogSink(ctx)('[algo-1] epoch 1');
    expect(ctx.stderrLines).toEqual(['[algo-1] epoch 1']);
    expect(ctx.log.lines()).toEqual([]);
  });

  it('makes each line a log record when stderr is JSON lines', () => {
    const ctx = testContext({}, { logFormat: 'json' });
    stderrLogSink(ctx)('[algo-1] epoch 1');
    expect(ctx.stderrLines).toEqual([]);
    expect(ctx.log.lines()).toEqual([expect.objectContaining({ source: 'cloudwatch', msg: '[algo-1] epoch 1' })]);
  });
});
