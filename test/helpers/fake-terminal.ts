// In-process terminals for blessed screens: an input and an output stream that say they are a TTY of
// a given size, with everything written kept for inspection.

import { PassThrough, Writable } from 'node:stream';

export interface FakeTerminal {
  readonly input: NodeJS.ReadableStream & { isTTY: boolean; setRawMode(mode: boolean): void };
  readonly output: NodeJS.WritableStream & { columns: number; rows: number; isTTY: boolean };
  /** bytes written since the last reset */
  written(): number;
  text(): string;
  reset(): void;
  /** sends keys as a terminal would */
  type(keys: string): void;
}

/** `onWrite`: called for each chunk instead of keeping it (benchmarks: no memory growth). */
export function fakeTerminal(columns = 80, rows = 24, onWrite?: (chunk: Buffer) => void): FakeTerminal {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (onWrite) onWrite(bytes);
      else chunks.push(bytes);
      cb();
    },
  }) as unknown as FakeTerminal['output'];
  output.columns = columns;
  output.rows = rows;
  output.isTTY = true;
  const input = new PassThrough() as unknown as FakeTerminal['input'];
  input.isTTY = true;
  input.setRawMode = () => undefined;
  return {
    input,
    output,
    written: () => chunks.reduce((n, c) => n + c.length, 0),
    text: () => Buffer.concat(chunks).toString('utf8'),
    reset: () => {
      chunks.length = 0;
    },
    type: (keys) => (input as unknown as PassThrough).write(keys),
  };
}
