import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectTerminal } from '../../../src/cli/terminal.js';

const tty = fc.constantFrom<boolean | undefined>(true, false, undefined);

describe('detectTerminal', () => {
  it('reports each stream as a terminal only when its isTTY is true', () => {
    fc.assert(
      fc.property(tty, tty, tty, (stdin, stdout, stderr) => {
        const t = detectTerminal({ stdin: { isTTY: stdin }, stdout: { isTTY: stdout }, stderr: { isTTY: stderr }, env: {} });
        expect(t).toEqual({ stdin: stdin === true, stdout: stdout === true, stderr: stderr === true, color: stderr === true });
      }),
    );
  });

  it.each([
    [undefined, true],
    ['', true],
    ['1', false],
    ['0', false],
  ])('NO_COLOR=%j on a terminal → colour %s', (noColor, color) => {
    const env = noColor === undefined ? {} : { NO_COLOR: noColor };
    expect(detectTerminal({ stdin: {}, stdout: {}, stderr: { isTTY: true }, env }).color).toBe(color);
  });

  it('never colours a stderr that is not a terminal', () => {
    expect(detectTerminal({ stdin: { isTTY: true }, stdout: { isTTY: true }, stderr: { isTTY: false }, env: {} }).color).toBe(false);
  });
});
