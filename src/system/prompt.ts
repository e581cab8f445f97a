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

/** Creates a directory and its missing parents (the last one with `mode`). */
export function makeDirectory(dir: string, mode = 0o700): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const { dirname } = require('node:path') as typeof import('node:path');
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: d === dir ? mode : 0o755 });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
}
