// A passphrase asked on the terminal without echo (for an encrypted SSH key). null when there is
// no terminal, or on Ctrl-C / Ctrl-D: the key is then skipped.

export type AskSecret = (question: string) => Promise<string | null>;

export function terminalSecret(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): AskSecret {
  return (question) =>
    new Promise((resolve) => {
      if (!input.isTTY || typeof input.setRawMode !== 'function') return resolve(null);
      output.write(question);
      const wasRaw = input.isRaw;
      input.setRawMode(true);
      input.resume();
      let text = '';
      const done = (value: string | null) => {
        input.removeListener('data', onData);
        input.setRawMode(wasRaw);
        input.pause();
        output.write('\n');
        resolve(value);
      };
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(text);
          if (ch === '\u0003' || ch === '\u0004') return done(null);
          if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
          else text += ch;
        }
      };
      input.on('data', onData);
    });
}
