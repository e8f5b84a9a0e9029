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

  it.each([
    // [stderr a terminal, NO_COLOR, FORCE_COLOR, --no-color, colour]
    [true, undefined, undefined, true, false],
    [true, undefined, '1', true, false],
    [false, undefined, '1', false, true],
    [false, '1', '1', false, true],
    [true, undefined, '0', false, false],
    [true, undefined, 'false', false, false],
    [false, undefined, '', false, true],
    [false, undefined, undefined, false, false],
  ])('stderr terminal %s, NO_COLOR=%j, FORCE_COLOR=%j, --no-color %s → colour %s', (isTTY, noColor, forceColor, flag, color) => {
    const env = { ...(noColor !== undefined ? { NO_COLOR: noColor } : {}), ...(forceColor !== undefined ? { FORCE_COLOR: forceColor } : {}) };
    expect(detectTerminal({ stdin: {}, stdout: {}, stderr: { isTTY }, env }, flag).color).toBe(color);
  });

  it('--no-color always wins', () => {
    const env = fc.record({ NO_COLOR: fc.option(fc.string(), { nil: undefined }), FORCE_COLOR: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(fc.property(tty, env, (stderr, e) => !detectTerminal({ stdin: {}, stdout: {}, stderr: { isTTY: stderr }, env: e }, true).color));
  });
});
