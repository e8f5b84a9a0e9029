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
