import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { confirmOnTerminal } from '../../../src/core/prompt.js';

const saved = { stdinTTY: process.stdin.isTTY, stderrTTY: process.stderr.isTTY };
const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');

afterEach(() => {
  process.stdin.isTTY = saved.stdinTTY;
  process.stderr.isTTY = saved.stderrTTY;
});

describe('confirmOnTerminal', () => {
  let input: PassThrough;
  let asked: string;

  beforeEach(() => {
    input = new PassThrough();
    // readline reads process.stdin when asked: a stream the test types into stands in for the terminal.
    Object.defineProperty(process, 'stdin', { value: input, configurable: true, enumerable: true, writable: true });
    asked = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      asked += chunk.toString();
      return true;
    });
  });

  afterEach(() => {
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
  });

  async function answer(typed: string, signal?: AbortSignal): Promise<boolean> {
    const question = confirmOnTerminal('Delete stack churn (endpoint, 2 configs, 2 models)?', signal);
    input.write(typed);
    return question;
  }

  it('asks on stderr with [y/N]', async () => {
    await answer('n\n');
    expect(asked).toBe('Delete stack churn (endpoint, 2 configs, 2 models)? [y/N] ');
  });

  it.each(['y\n', 'Y\n', 'yes\n', 'YES\n', '  yes  \n'])('%j confirms', async (typed) => {
    expect(await answer(typed)).toBe(true);
  });

  it.each(['\n', 'n\n', 'no\n', 'yeah\n', 'y es\n', 'ok\n', 'sure\n'])('%j does not', async (typed) => {
    expect(await answer(typed)).toBe(false);
  });

  it('Ctrl-C while asking (the signal aborts) is a no', async () => {
    const controller = new AbortController();
    const question = confirmOnTerminal('Delete?', controller.signal);
    controller.abort(new Error('interrupted'));
    expect(await question).toBe(false);
  });

  it('an already aborted signal is a no without waiting for input', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    expect(await confirmOnTerminal('Delete?', controller.signal)).toBe(false);
  });

  it('end of input while asking (Ctrl-D) is a no, and does not hang', async () => {
    const question = confirmOnTerminal('Delete?');
    input.end();
    expect(await question).toBe(false);
  });

  it('"y" without Enter before the input ends is no answer, so a no', async () => {
    const question = confirmOnTerminal('Delete?');
    input.end('y');
    expect(await question).toBe(false);
  });
});
