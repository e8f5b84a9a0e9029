import { closeSync, openSync, readSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { firstInvalidUtf8 } from '../payload/encoding.js';

/**
 * The largest config file read. A real sagectl.yaml is a few KB; the largest one AWS's own limits
 * allow (100 hyperparameters of 2,500 characters, environment maps, 50 tags) stays under 400 KB.
 * Checked before parsing, so `--config /dev/zero` or a log file passed by mistake is refused at once.
 */
export const MAX_CONFIG_BYTES = 512 * 1024;

/**
 * How deep `[` and `{` may nest. Real configs nest a few levels; the YAML parser recurses per
 * level and, some thousands deep, exhausts the stack or the memory of the process.
 */
export const MAX_FLOW_DEPTH = 64;

const BOM = '\ufeff';

/**
 * Reads a config file as text: at most {@link MAX_CONFIG_BYTES} (one byte more proves it too
 * large, without reading further), valid UTF-8 (the byte offset of the first bad byte otherwise,
 * as payloads are checked: silently replacing it would deploy `caf\uFFFD`), without a leading
 * byte-order mark, and with `[`/`{` nested at most {@link MAX_FLOW_DEPTH} deep.
 */
export function readConfigText(file: string, display: string): string {
  const bytes = readAtMost(file, MAX_CONFIG_BYTES + 1, display);
  if (bytes.byteLength > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      `${display}: larger than ${MAX_CONFIG_BYTES / 1024} KB, which no sagectl config needs`,
      'is this the right file? pass the config with --config PATH',
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    throw new ConfigError(
      `${display}: byte offset ${invalid}: not valid UTF-8 (byte 0x${(bytes[invalid] ?? 0).toString(16).padStart(2, '0')})`,
      'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)',
    );
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  checkFlowDepth(body, display);
  return body;
}

function readAtMost(file: string, limit: number, display: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ConfigError(`${display}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const buffer = Buffer.alloc(limit);
    let total = 0;
    while (total < limit) {
      const read = readSync(fd, buffer, total, limit - total, null);
      if (read === 0) break;
      total += read;
    }
    return buffer.subarray(0, total);
  } catch (error) {
    throw new ConfigError(`${display}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses `[`/`{` nested deeper than {@link MAX_FLOW_DEPTH}. Brackets inside quoted strings and
 * comments count too: a bracket that opens and closes is harmless, and 64 unclosed ones in
 * legitimate text do not occur.
 */
function checkFlowDepth(text: string, display: string): void {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) throw new ConfigError(`${display}:${line}: nested more than ${MAX_FLOW_DEPTH} levels deep`);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
}
