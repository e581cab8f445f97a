// Yes/no questions on the terminal. No answer is possible without one: then the caller says what
// to pass instead (--yes), rather than hanging on a pipe.

export type Ask = (question: string) => Promise<boolean | null>;

/** Asks on stderr, reads one line from stdin; null when stdin is not a terminal. Default: no. */
export function terminalAsk(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Ask {
  return async (question) => {
    if (!input.isTTY) return null;
    const readline = require('node:readline') as typeof import('node:readline');
    const rl = readline.createInterface({ input, output });
    try {
      const answer = await new Promise<string>((resolve) => {
        rl.question(`${question} [y/N] `, resolve);
        rl.on('close', () => resolve(''));
      });
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
