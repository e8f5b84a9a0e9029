import { UsageError } from '../core/errors.js';

/**
 * Where in a payload a problem is. Rows, columns, records and lines count from 1, as editors
 * and spreadsheets do; byte offsets count from 0, as `xxd` and `cmp` do.
 */
export interface PayloadLocation {
  offset?: number;
  line?: number;
  column?: number;
  row?: number;
  record?: number;
  key?: string;
}

/**
 * A payload that would fail at the endpoint, refused before anything is sent (exit 2). The
 * message names the source (`data.csv`, `stdin`, `--data`) and the place; `location` carries the
 * same place for programs (tests, the wire-api Lambda).
 */
export class PayloadError extends UsageError {
  constructor(
    readonly source: string,
    readonly location: PayloadLocation,
    readonly problem: string,
    resolution?: string,
  ) {
    super(`${source}: ${describeLocation(location)}${problem}`, resolution);
  }
}

function describeLocation(at: PayloadLocation): string {
  const parts: string[] = [];
  if (at.offset !== undefined) parts.push(`byte offset ${at.offset}`);
  if (at.record !== undefined) parts.push(`record ${at.record}`);
  if (at.row !== undefined) parts.push(`row ${at.row}`);
  if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.column !== undefined) parts.push(`column ${at.column}`);
  if (at.key !== undefined) parts.push(`key ${JSON.stringify(at.key)}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
