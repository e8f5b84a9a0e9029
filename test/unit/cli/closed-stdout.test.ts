import { describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { endQuietlyOnClosedPipe } from '../../../src/cli/closed-stdout.js';

describe('endQuietlyOnClosedPipe', () => {
  it.each(['EPIPE', 'ERR_STREAM_DESTROYED'])('%s on the stream ends the process with 0', (code) => {
    const stream = new PassThrough();
    const exit = vi.fn();
    endQuietlyOnClosedPipe([stream], exit);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code }));
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('any other stream error is not swallowed', () => {
    const stream = new PassThrough();
    const exit = vi.fn();
    endQuietlyOnClosedPipe([stream], exit);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
    expect(exit).not.toHaveBeenCalled();
  });
});
