import { describe, expect, it } from 'vitest';
import { BufferReclaimer, CHECK_EVERY } from '../../../src/core/buffer-reclaimer.js';

describe('BufferReclaimer', () => {
  it('collects every CHECK_EVERY records while the buffers are past the limit, and not below it', () => {
    let buffers = 10;
    let collected = 0;
    const reclaimer = new BufferReclaimer(
      5,
      () => buffers,
      () => () => collected++,
    );
    for (let i = 0; i < CHECK_EVERY - 1; i++) reclaimer.tick();
    expect(collected).toBe(0);
    reclaimer.tick();
    expect(collected).toBe(1);
    buffers = 4;
    for (let i = 0; i < CHECK_EVERY; i++) reclaimer.tick();
    expect(collected).toBe(1);
    expect(reclaimer.collections).toBe(1);
  });

  it('reaches a real gc in a running process', () => {
    const reclaimer = new BufferReclaimer(0);
    for (let i = 0; i < CHECK_EVERY; i++) reclaimer.tick();
    expect(reclaimer.collections).toBe(1);
  });
});
