import { createInterface } from 'node:readline/promises';

/** Asks a yes/no question on the terminal (on stderr, so stdout stays the result); only "y" or "yes" confirms. */
export async function confirmOnTerminal(question: string, signal?: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // On Node 20 a pending question never settles when the input ends (Ctrl-D): treat the close as no answer.
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `, signal ? { signal } : {}), closed]);
    return /^(y|yes)$/i.test(answer.trim());
  } catch {
    // Ctrl-C or end of input while asking: the safe answer is no.
    return false;
  } finally {
    rl.close();
  }
}

/**
 * Asks a question on the terminal whose answer is text (stderr, as {@link confirmOnTerminal});
 * an empty answer takes the suggestion, shown in brackets. Ctrl-C or end of input gives the suggestion (or "").
 */
export async function askOnTerminal(question: string, suggestion?: string, signal?: AbortSignal): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  const shown = suggestion ? `${question} [${suggestion}] ` : `${question} `;
  try {
    const answer = (await Promise.race([rl.question(shown, signal ? { signal } : {}), closed])).trim();
    return answer === '' ? (suggestion ?? '') : answer;
  } catch {
    return suggestion ?? '';
  } finally {
    rl.close();
  }
}
