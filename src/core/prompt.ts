import { createInterface } from 'node:readline/promises';
import { InterruptedError } from './errors.js';

/** Where the question is asked; the process's stdin and stderr unless a test passes its own. */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/**
 * Asks a yes/no question on the terminal (on stderr, so stdout stays the result); only "y" or
 * "yes" confirms. Ctrl-C while asking is an interrupt, not a "no": it throws
 * {@link InterruptedError} (exit 130), whether the terminal delivers it to readline as a typed
 * ^C (raw mode) or to the process as SIGINT (the signal aborts).
 */
export async function confirmOnTerminal(
  question: string,
  signal?: AbortSignal,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<boolean> {
  if (signal?.aborted) throw interruptedWhileAsking();
  const rl = createInterface({ input: streams.input, output: streams.output });
  // On Node 20 a pending question never settles when the input ends (Ctrl-D): treat the close as no answer.
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  // In raw mode readline reads ^C itself and, with no listener, just closes: the answer would be "no", exit 0.
  const typedCtrlC = new Promise<never>((_, reject) => rl.once('SIGINT', () => reject(interruptedWhileAsking())));
  let answered = false;
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `, signal ? { signal } : {}).then((a) => ((answered = true), a)), closed, typedCtrlC]);
    return /^(y|yes)$/i.test(answer.trim());
  } catch (error) {
    if (error instanceof InterruptedError || signal?.aborted) throw error instanceof InterruptedError ? error : interruptedWhileAsking();
    // End of input while asking: the safe answer is no.
    return false;
  } finally {
    rl.close();
    // Without an Enter, the question's line is still open: end it, so what follows starts a line.
    if (!answered) streams.output.write('\n');
  }
}

/**
 * Asks a question on the terminal whose answer is text (stderr, as {@link confirmOnTerminal});
 * an empty answer takes the suggestion, shown in brackets; end of input gives the suggestion (or "").
 * Ctrl-C is an interrupt (exit 130), as at every other prompt.
 */
export async function askOnTerminal(question: string, suggestion?: string, signal?: AbortSignal): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  const shown = suggestion ? `${question} [${suggestion}] ` : `${question} `;
  // In raw mode readline reads ^C itself: without this listener it would just close.
  const typedCtrlC = new Promise<never>((_, reject) => rl.once('SIGINT', () => reject(interruptedWhileAsking())));
  try {
    const answer = (await Promise.race([rl.question(shown, signal ? { signal } : {}), closed, typedCtrlC])).trim();
    return answer === '' ? (suggestion ?? '') : answer;
  } catch (error) {
    if (error instanceof InterruptedError || signal?.aborted) throw error instanceof InterruptedError ? error : interruptedWhileAsking();
    return suggestion ?? '';
  } finally {
    rl.close();
  }
}

function interruptedWhileAsking(): InterruptedError {
  return new InterruptedError('interrupted while asking for confirmation; nothing was done after the question');
}
