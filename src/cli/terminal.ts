/** What the shell knows of where it runs, decided once per command from the process. */
export interface Terminal {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Colour on stderr: it is a terminal and `NO_COLOR` is unset or empty (https://no-color.org). */
  color: boolean;
}

/** The parts of `process` the decision reads; tests pass plain objects. */
export interface TerminalSources {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
  stderr: { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** Which streams are terminals and whether to colour; the only place sagectl asks. */
export function detectTerminal(sources: TerminalSources = process): Terminal {
  const stderr = sources.stderr.isTTY === true;
  return {
    stdin: sources.stdin.isTTY === true,
    stdout: sources.stdout.isTTY === true,
    stderr,
    color: stderr && (sources.env.NO_COLOR ?? '') === '',
  };
}
