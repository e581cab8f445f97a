// A command line for the far side's POSIX sh, built from an argument array: sshd hands the exec
// request's string to the user's login shell, so every argument is single-quoted (a quote inside
// becomes '\''), which keeps spaces, $(...), backquotes, globs and newlines literal. Pure.

export class QuoteError extends Error {
  readonly code = 'bad-argument';
  constructor(message: string) {
    super(message);
    this.name = 'QuoteError';
  }
}

/** Characters safe without quotes in every POSIX shell (and in csh). */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, quoted for sh when it needs to be. NUL cannot be passed in argv at all. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new QuoteError('an argument holds a NUL byte, which no program can receive');
  if (arg !== '' && BARE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Words sh would read as syntax in a command's first place even when bare-safe. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function', 'select', 'time']);

/** `file args...` as one sh command line. The program name is quoted when sh would read it as a
 * reserved word or an assignment (`a=b`). */
export function shellCommandLine(file: string, args: readonly string[]): string {
  if (file === '') throw new QuoteError('empty program name');
  if (file.includes('\0')) throw new QuoteError('the program name holds a NUL byte');
  const program = RESERVED.has(file) || file.includes('=') ? `'${file.replace(/'/g, `'\\''`)}'` : shellQuote(file);
  return [program, ...args.map(shellQuote)].join(' ');
}
