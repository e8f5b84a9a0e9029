/** What {@link forEachLine} saw. */
export interface LineCount {
  lines: number;
  /** Lines longer than the limit, skipped whole. */
  tooLong: number;
}

/**
 * Calls `onLine` for each line of a byte stream (LF or CRLF; a blank line is passed too), holding
 * at most one line in memory: a line longer than `maxLineBytes` is skipped to its end and counted,
 * so one huge or endless record cannot exhaust memory. `onLine` returning false stops the read
 * (the stream is closed).
 */
export async function forEachLine(chunks: AsyncIterable<Uint8Array>, onLine: (line: string) => boolean | void, maxLineBytes: number): Promise<LineCount> {
  const count: LineCount = { lines: 0, tooLong: 0 };
  let stopped = false;
  let rest: Buffer | undefined;
  let skipping = false;
  const emit = (buf: Buffer, start: number, end: number): void => {
    if (end > start && buf[end - 1] === 13) end--;
    count.lines++;
    if (onLine(buf.toString('utf8', start, end)) === false) stopped = true;
  };
  for await (const chunk of chunks) {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (rest) {
      // Only the line that spans the chunks is joined, not the whole chunk: a copy per chunk is
      // most of what a million-record read allocates.
      const nl = buf.indexOf(10);
      if (nl === -1) buf = Buffer.concat([rest, buf]);
      else {
        // A held remainder means no line was being skipped.
        emit(Buffer.concat([rest, buf.subarray(0, nl)]), 0, rest.length + nl);
        start = nl + 1;
        if (stopped) return count;
      }
      rest = undefined;
    }
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      if (skipping) skipping = false;
      else emit(buf, start, nl);
      start = nl + 1;
      if (stopped) return count;
    }
    if (skipping) continue;
    if (buf.length - start > maxLineBytes) {
      count.tooLong++;
      skipping = true;
    } else if (start < buf.length) rest = Buffer.from(buf.subarray(start));
  }
  if (rest && rest.length > 0 && !stopped) emit(rest, 0, rest.length);
  return count;
}
