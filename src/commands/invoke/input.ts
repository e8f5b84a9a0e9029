import { UsageError } from '../../core/errors.js';
import { readFileBounded, readStreamBounded } from '../../payload/read.js';
import type { EndpointKind } from '../../payload/size.js';

/** Where `invoke` reads its payload from: `--data`, `--file` (or `--data @PATH`), else stdin. */
export interface PayloadSource {
  data?: string;
  file?: string;
}

/** A payload as read, before any check. */
export interface RawPayload {
  bytes: Uint8Array;
  /** How messages name it: the file as given, `--data` or `stdin`. */
  source: string;
}

/** The standard input as `invoke` needs it. */
export interface Stdin extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
}

/**
 * Reads the payload from the one place the flags name. A terminal on stdin with no flag is a
 * usage error rather than a silent wait for typing; an empty payload is refused, since no model
 * answers one usefully.
 */
export async function readPayload(flags: PayloadSource, stdin: Stdin, kind: EndpointKind = 'realtime'): Promise<RawPayload> {
  if (flags.data !== undefined && flags.file !== undefined) throw new UsageError('--data and --file both given: pass the payload one way');
  const file = flags.file ?? (flags.data?.startsWith('@') ? flags.data.slice(1) : undefined);
  if (file !== undefined) return readPayloadFile(file, kind);
  let payload: RawPayload;
  if (flags.data !== undefined) payload = { bytes: new TextEncoder().encode(flags.data), source: '--data' };
  else {
    if (stdin.isTTY)
      throw new UsageError(
        'no payload: pass --data, --file PATH, or pipe it on stdin',
        'e.g. `echo "1,2,3" | sagectl invoke` or `sagectl invoke --file rows.csv`',
      );
    payload = { bytes: await readStreamBounded(stdin, 'stdin', kind), source: 'stdin' };
  }
  if (payload.bytes.byteLength === 0) throw new UsageError(`${payload.source}: the payload is empty`);
  return payload;
}

/**
 * Reads a payload file, no further than the endpoint could accept; a missing, unreadable, empty
 * or oversized file is a usage error naming it.
 */
export async function readPayloadFile(file: string, kind: EndpointKind = 'realtime'): Promise<RawPayload> {
  if (file === '') throw new UsageError('--file: expected a path, found nothing');
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(file, kind);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new UsageError(`${file}: cannot read the payload (${why})`);
  }
  if (bytes.byteLength === 0) throw new UsageError(`${file}: the payload is empty`);
  return { bytes, source: file };
}
