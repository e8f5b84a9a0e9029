import type { InvokeFlags } from './cli.js';
import type { PayloadSource } from './input.js';

/** What `sagectl invoke`'s flags ask for. */
export interface InvokeFlagOptions {
  /** Where the payload comes from: --data, --file (or `--data @PATH`), else stdin. */
  payload: PayloadSource;
  validate: boolean;
  contentType?: string;
  accept?: string;
  variant?: string;
  customAttributes?: string;
}

/** Reads invoke's flags (readPayload refuses --data with --file, as it reads). */
export function parseInvokeFlags(flags: InvokeFlags): InvokeFlagOptions {
  return {
    payload: { ...(flags.data !== undefined ? { data: flags.data } : {}), ...(flags.file !== undefined ? { file: flags.file } : {}) },
    validate: flags.validate,
    ...(flags.contentType !== undefined ? { contentType: flags.contentType } : {}),
    ...(flags.accept !== undefined ? { accept: flags.accept } : {}),
    ...(flags.variant !== undefined ? { variant: flags.variant } : {}),
    ...(flags.customAttributes !== undefined ? { customAttributes: flags.customAttributes } : {}),
  };
}
