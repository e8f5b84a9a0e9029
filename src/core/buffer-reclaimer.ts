import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Frees network buffers that are garbage but not yet collected, when they pass `limitBytes`.
 *
 * Why: a capture file's network chunks that wait (read ahead, or buffered while the line before
 * them is parsed) outlive two young-generation collections and are promoted; their memory is
 * outside V8's heap, and V8 collects the old generation for it only after tens of megabytes
 * (its external-memory limit). Over a million captured records that kept about 15 MB more
 * than over a hundred thousand (issue 14: drift's memory must stay flat). A full collection of
 * drift's small heap takes a few milliseconds; checking every {@link CHECK_EVERY} records costs
 * nothing measurable. `gc` is reached the documented way for a running process: the flag, then
 * a new context, which is given the function.
 */
export class BufferReclaimer {
  private seen = 0;
  private gc: (() => void) | undefined;
  /** Full collections run so far. */
  collections = 0;

  constructor(
    private readonly limitBytes = 4 * 1024 * 1024,
    private readonly buffers: () => number = () => process.memoryUsage().arrayBuffers,
    private readonly collect: () => () => void = exposeGc,
  ) {}

  /** Counts one record; every {@link CHECK_EVERY} records, collects when the buffers pass the limit. */
  tick(): void {
    if (++this.seen % CHECK_EVERY !== 0) return;
    if (this.buffers() < this.limitBytes) return;
    this.gc ??= this.collect();
    this.gc();
    this.collections++;
  }
}

/** Records between two looks at the buffers' size. */
export const CHECK_EVERY = 4096;

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
