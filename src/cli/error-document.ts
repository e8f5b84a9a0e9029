import { ExitCode, SagectlError, messageOf } from '../core/errors.js';

/** The one JSON document `--output json` writes when a command fails, so a script can parse every run. */
export interface ErrorDocument {
  error: {
    /** What kind of failure, named after its exit code: `usage`, `aws-refused`, `timed-out`, … */
    code: string;
    exitCode: number;
    message: string;
    /** What the user can do about it; `null` when sagectl knows of nothing. */
    resolution: string | null;
  };
}

const BUG_RESOLUTION = 'this is a bug in sagectl: please report it with the output of --log-level debug';

/** `TimedOut` → `timed-out`: the exit code's name in DESIGN.md's table, as a stable string. */
function codeName(exitCode: number): string {
  const entry = Object.entries(ExitCode).find(([, value]) => value === exitCode);
  return entry ? entry[0].replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase() : 'internal';
}

/** The error document of anything a command threw: ours carry their exit code, anything else is a bug (1). */
export function errorDocument(error: unknown): ErrorDocument {
  if (error instanceof SagectlError) {
    return { error: { code: codeName(error.exitCode), exitCode: error.exitCode, message: error.message, resolution: error.resolution ?? null } };
  }
  return {
    error: { code: codeName(ExitCode.Internal), exitCode: ExitCode.Internal, message: `internal error: ${messageOf(error)}`, resolution: BUG_RESOLUTION },
  };
}

/** The error document of a usage error the parser raised before any command ran (unknown option, missing argument). */
export function usageErrorDocument(message: string): ErrorDocument {
  return { error: { code: codeName(ExitCode.Usage), exitCode: ExitCode.Usage, message, resolution: 'run with --help for usage' } };
}

/**
 * Whether argv asks for `--output json`, read before (or without) the parser, so a usage error
 * the parser raises still ends in a JSON document. The last occurrence wins, as in the parser.
 */
export function asksForJson(argv: readonly string[]): boolean {
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--output' || arg === '-o') format = argv[++i];
    else if (arg.startsWith('--output=')) format = arg.slice('--output='.length);
    else if (/^-o[^-]/.test(arg)) format = arg.slice(2).replace(/^=/, '');
  }
  return format === 'json';
}

/** The document as stdout carries it: pretty-printed as every result is, one line break at the end. */
export function renderErrorDocument(document: ErrorDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
