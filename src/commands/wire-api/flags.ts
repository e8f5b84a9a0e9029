import type { WireApiFlags } from './cli.js';

/** What `sagectl wire-api`'s flags ask for. */
export interface WireApiFlagOptions {
  dryRun: boolean;
  /** --force: wire an endpoint sagectl does not manage for this stack. */
  force: boolean;
  /** --page: where to write the one-file web page. */
  page?: string;
}

/** Reads wire-api's flags. */
export function parseWireApiFlags(flags: WireApiFlags): WireApiFlagOptions {
  return { dryRun: Boolean(flags.dryRun), force: Boolean(flags.force), ...(flags.page !== undefined ? { page: flags.page } : {}) };
}
