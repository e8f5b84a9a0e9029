/** What the shell knows of where it runs, decided once per command from the process. */
export interface Terminal {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Colour on stderr: see {@link detectTerminal} for the conventions followed. */
  color: boolean;
}

/** The parts of `process` the decision reads; tests pass plain objects. */
export interface TerminalSources {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
  stderr: { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Which streams are terminals and whether to colour; the only place sagectl asks. Colour, first
 * rule that applies: `--no-color` (`noColorFlag`) never; `FORCE_COLOR` set always, even into a
 * file or pipe, unless it is `0` or `false` (as Node itself reads it); `NO_COLOR` set and not
 * empty never (https://no-color.org); otherwise only when stderr is a terminal.
 */
export function detectTerminal(sources: TerminalSources = process, noColorFlag = false): Terminal {
  const stderr = sources.stderr.isTTY === true;
  return {
    stdin: sources.stdin.isTTY === true,
    stdout: sources.stdout.isTTY === true,
    stderr,
    color: colour(stderr, sources.env, noColorFlag),
  };
}

function colour(terminal: boolean, env: TerminalSources['env'], noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if ((env.NO_COLOR ?? '') !== '') return false;
  return terminal;
}
