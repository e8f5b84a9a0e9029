import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { confirmOnTerminal } from '../../../src/core/prompt.js';
import { InterruptedError } from '../../../src/core/errors.js';
import { memoryStream } from '../helpers/streams.js';

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

  it('Ctrl-C while asking (the signal aborts) is an interrupt (exit 130), not a no (exit 0)', async () => {
    const controller = new AbortController();
    const question = confirmOnTerminal('Delete?', controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(question).rejects.toBeInstanceOf(InterruptedError);
  });

  it('an already aborted signal is an interrupt without waiting for input', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(confirmOnTerminal('Delete?', controller.signal)).rejects.toMatchObject({ exitCode: 130 });
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

describe('confirmOnTerminal on a terminal in raw mode (readline reads ^C itself)', () => {
  /** A fake terminal: readline sees TTYs, switches to raw mode and reads keys, as on a real one. */
  function fakeTerminal(): {
    input: PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void };
    output: ReturnType<typeof memoryStream> & { isTTY: boolean; columns: number };
  } {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
    const output = Object.assign(memoryStream(), { isTTY: true, columns: 80 });
    return { input, output };
  }

  it('a typed Ctrl-C is an interrupt (exit 130): before the fix readline closed and it read as "no", exit 0', async () => {
    const streams = fakeTerminal();
    const question = confirmOnTerminal('Delete these 4 resources?', undefined, streams);
    streams.input.write('\x03');
    await expect(question).rejects.toMatchObject({ exitCode: 130 });
    expect(streams.output.text()).toContain('Delete these 4 resources? [y/N] ');
    // The open question line is ended, so the error message starts on a line of its own.
    expect(streams.output.text().endsWith('\n')).toBe(true);
  });

  it('typed answers still work in raw mode', async () => {
    const streams = fakeTerminal();
    const question = confirmOnTerminal('Delete?', undefined, streams);
    streams.input.write('y\r');
    expect(await question).toBe(true);
  });
});
