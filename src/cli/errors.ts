// Exit codes and the CLI's own typed errors. 0 fine (warnings allowed); 1 the file has errors or a
// change was refused (also: lock held, file changed on disk, a key or block that does not exist);
// 2 usage error; 3 I/O error.

export const EXIT = { ok: 0, refused: 1, usage: 2, io: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line is wrong: unknown command or option, missing or extra argument. */
export class UsageError extends Error {
  readonly code = 'usage';
  /** the command whose usage line to show, when known */
  constructor(
    message: string,
    readonly command: string | null = null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The change is well-formed but lvs-tui will not make it (unknown key, bad value, ...). */
export class RefusedError extends Error {
  readonly code = 'refused';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}
