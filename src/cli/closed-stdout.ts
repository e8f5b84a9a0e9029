/** What a closed pipe looks like on the stream: the reader went away (`| head -1`). */
function isClosedPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Ends the process quietly, exit 0, when the reader of stdout (or stderr) goes away, as `| head -1`
 * does: a reader that stops reading has what it wanted, so it is neither a failure nor a bug.
 * Exit 0 rather than the 141 of a shell killed by SIGPIPE: `set -o pipefail` scripts that cut
 * output short (`sagectl status | head -1`) keep working, and nothing sagectl does is left half
 * done by it, since results are written only once the work is over (`logs --follow` just stops).
 * Any other stream error is left to Node's default, which reports it.
 */
export function endQuietlyOnClosedPipe(streams: NodeJS.WritableStream[], exit: (code: number) => void = (code) => process.exit(code)): void {
  for (const stream of streams) {
    stream.on('error', (error: unknown) => {
      if (isClosedPipe(error)) exit(0);
      else throw error;
    });
  }
}
