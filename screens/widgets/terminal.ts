// The one owner of the terminal. blessed 0.1.81 has traps (design.md): under tmux and screen it
// takes the ACS path and draws box lines as `lqqk`, and its terminfo compiler prints
// "Error on screen-256color.plab_norm" to stderr. So: Unicode lines on UTF-8 locales (blessed
// honours NCURSES_NO_UTF8_ACS), the compiler's noise kept out of the admin's terminal, and the
// terminal restored on every way out (q, SIGINT, SIGTERM, SIGHUP, an uncaught error).

import type { Widgets } from 'blessed';

export interface TerminalOptions {
  readonly title: string;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** the environment to read the locale from (tests) */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Terminal {
  readonly screen: Widgets.Screen;
  /** true when lines and symbols may be Unicode */
  readonly unicode: boolean;
  /** what blessed's terminfo compiler said while starting (not shown to the admin) */
  readonly startupNoise: readonly string[];
  /** Restores the terminal; safe to call more than once. */
  close(): void;
}

export function isUtf8Locale(env: NodeJS.ProcessEnv): boolean {
  const value = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(value);
}

export function openTerminal(opts: TerminalOptions): Terminal {
  const env = opts.env ?? process.env;
  const unicode = isUtf8Locale(env);
  // blessed reads this when it builds its terminfo: draw box lines as Unicode, not ACS.
  if (unicode && process.env.NCURSES_NO_UTF8_ACS === undefined) process.env.NCURSES_NO_UTF8_ACS = '1';
  const blessed = require('blessed') as typeof import('blessed');
  const noise: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    noise.push(args.map(String).join(' '));
  };
  let screen: Widgets.Screen;
  try {
    screen = blessed.screen({
      smartCSR: true,
      fullUnicode: unicode,
      forceUnicode: unicode,
      dockBorders: true,
      autoPadding: true,
      warnings: false,
      title: opts.title,
      input: opts.input,
      output: opts.output,
    } as Widgets.IScreenOptions);
  } finally {
    console.error = consoleError;
  }

  let closed = false;
  const onSignal = (signal: NodeJS.Signals) => {
    close();
    process.kill(process.pid, signal);
  };
  const onUncaught = (err: Error) => {
    close();
    process.stderr.write(`lvs-tui: internal error: ${err.stack ?? err.message}\n`);
    process.exit(1);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.once(s, onSignal);
  process.on('uncaughtException', onUncaught);
  process.once('exit', () => close());

  function close(): void {
    if (closed) return;
    closed = true;
    for (const s of signals) process.removeListener(s, onSignal);
    process.removeListener('uncaughtException', onUncaught);
    try {
      screen.destroy();
    } catch {
      // the terminal is going away anyway; nothing more to restore
    }
  }
  return { screen, unicode, startupNoise: noise, close };
}
