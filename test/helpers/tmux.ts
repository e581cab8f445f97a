// A pseudo-terminal for end-to-end tests: the real program in a tmux pane of a given size, on a
// tmux server of its own (`-S SOCKET`, so tests never meet each other's or the developer's tmux).
// Keys are sent as a terminal would send them, the pane is read as text (`capture-pane -p`, with
// `-e` for the colour escapes), waits poll the pane until the text is there (no fixed sleeps), and
// the exit status is kept (`remain-on-exit`). The status line is off: the pane is the whole window.
// Use `withTmux` so the server is killed even when the test fails. Guard tests with
// needProgram('tmux', ['-V']).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TmuxOptions {
  readonly cols?: number;
  readonly rows?: number;
  /** set in the pane's environment (tmux's `-e`), e.g. TERM, LANG, NO_COLOR; TERM defaults to xterm-256color */
  readonly env?: Readonly<Record<string, string>>;
  /** names removed from the pane's environment (e.g. NO_COLOR inherited from the test's) */
  readonly unset?: readonly string[];
  /** runs the command inside this network namespace (`ip netns exec NS ...`) */
  readonly netns?: string;
  readonly cwd?: string;
  /** the program's stderr goes to this file instead of the pane (terminfo noise checks) */
  readonly stderrFile?: string;
}

export type ScreenTest = string | RegExp | ((screen: string) => boolean);

export interface Pane {
  /** the pane's text, one line per row, trailing blanks removed (`capture-pane -p`) */
  screen(): string;
  /** the same with SGR escapes (`capture-pane -p -e`): colour checks */
  screenWithEscapes(): string;
  /** key names as tmux knows them: Escape, Tab, BTab, Enter, Space, C-u, Up, Down, Left, Right, ... */
  keys(...names: string[]): void;
  /**
   * Sends one key and waits until the screen (colours and cursor included) changes. For Escape
   * before another key: sent together, a terminal program reads ESC and the next key as one Alt
   * chord, so an admin's pause is stood in for by waiting for Escape's own redraw.
   */
  press(name: string, timeoutMs?: number): Promise<void>;
  /** literal text, each character typed (`send-keys -l`) */
  type(text: string): void;
  /**
   * Polls the screen until `what` shows (a substring, a regex or a test of the whole screen);
   * returns that screen. On time-out throws with the last screen, so a failing test says what was
   * there instead.
   */
  waitFor(what: ScreenTest, timeoutMs?: number): Promise<string>;
  /** Polls until `what` is no longer on the screen. */
  waitForGone(what: ScreenTest, timeoutMs?: number): Promise<string>;
  /** Waits for the pane's program to exit; its exit status as sh reports it (128+N when killed by signal N). */
  waitForExit(timeoutMs?: number): Promise<number>;
  /** null while running */
  exitStatus(): number | null;
  /** pid of the pane's program (the command given to withTmux; waits until it has started) */
  pid(timeoutMs?: number): Promise<number>;
  /** tmux's view of the terminal: alternate screen on, cursor shown, mouse reporting, ... */
  flags(): { alternateScreen: boolean; cursorVisible: boolean; mouse: boolean; keypad: boolean };
  resize(cols: number, rows: number): void;
  /** tmux's own answer to a format (`display-message -p`) */
  format(fmt: string): string;
}

const DEFAULT_WAIT_MS = 20_000;
const POLL_MS = 50;

let counter = 0;

/**
 * Starts `command` (an argument array: never a shell string) in a detached tmux session of its
 * own, runs `fn` on the pane, then kills the server and removes its socket, whatever happens.
 */
export async function withTmux<T>(command: readonly string[], opts: TmuxOptions, fn: (pane: Pane) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-tmux-'));
  const socket = join(dir, 'socket');
  const conf = join(dir, 'tmux.conf');
  // remain-on-exit keeps the dead pane and its last screen (without the "Pane is dead" line, which
  // would scroll it); no status line, so the pane is exactly cols x rows.
  // TERM in the pane is tmux's default-terminal (it overrides the session environment's TERM)
  const term = opts.env?.TERM ?? 'xterm-256color';
  if (!/^[\w.+-]+$/.test(term)) throw new Error(`not a TERM value: ${term}`);
  writeFileSync(conf, `set -g remain-on-exit on\nset -g status off\nset -g history-limit 200\nset -g escape-time 0\nset -g default-terminal ${term}\nset -g remain-on-exit-format ''\n`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  // a fresh server takes its global environment from this process: the pane inherits it
  for (const name of ['TMUX', 'TMUX_PANE', ...(opts.unset ?? [])]) delete env[name];
  const tmux = (args: readonly string[], check = true): string => {
    const r = spawnSync('tmux', ['-S', socket, '-f', conf, ...args], { encoding: 'utf8', env, timeout: 10_000 });
    if (r.error) throw r.error;
    if (check && r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  };
  const paneEnv = { ...opts.env, TERM: term };
  // The command runs under a small sh that writes its exit status to a file: tmux 3.3a sometimes
  // leaves the exited program an unreaped zombie with no #{pane_dead_status}. The file names and
  // the command are positional parameters of sh, never part of its script.
  const statusFile = join(dir, 'status');
  const script = 'st=$1; err=$2; shift 2; if [ -n "$err" ]; then "$@" 2>"$err"; else "$@"; fi; echo $? >"$st"';
  const wrapped = ['sh', '-c', script, 'sh', statusFile, opts.stderrFile ?? '', ...command];
  const run = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...wrapped] : wrapped;
  const target = `t${process.pid}-${++counter}`;
  try {
    tmux([
      'new-session', '-d', '-s', target, '-x', String(opts.cols ?? 80), '-y', String(opts.rows ?? 24),
      ...(opts.cwd ? ['-c', opts.cwd] : []),
      ...Object.entries(paneEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ...run,
    ]);
    const pane = makePane(tmux, target, statusFile);
    return await fn(pane);
  } finally {
    tmux(['kill-server'], false);
    rmSync(dir, { recursive: true, force: true });
  }
}

function makePane(tmux: (args: readonly string[], check?: boolean) => string, target: string, statusFile: string): Pane {
  const format = (fmt: string) => tmux(['display-message', '-p', '-t', target, fmt]).replace(/\n$/, '');
  const screen = () => tmux(['capture-pane', '-p', '-t', target]).replace(/\n$/, '');
  const matches = (text: string, what: ScreenTest) => (typeof what === 'string' ? text.includes(what) : typeof what === 'function' ? what(text) : what.test(text));
  const exitStatus = (): number | null => {
    let text: string;
    try {
      text = readFileSync(statusFile, 'utf8');
    } catch {
      return null;
    }
    return /^\d+\n$/.test(text) ? Number(text) : null;
  };
  const wrapperPid = () => Number(format('#{pane_pid}'));
  const poll = async (ok: () => boolean, timeoutMs: number): Promise<boolean> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (ok()) return true;
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  return {
    screen,
    screenWithEscapes: () => tmux(['capture-pane', '-p', '-e', '-t', target]).replace(/\n$/, ''),
    keys: (...names) => {
      if (names.length) tmux(['send-keys', '-t', target, ...names]);
    },
    async press(name, timeoutMs = DEFAULT_WAIT_MS) {
      const look = () => `${format('#{cursor_x},#{cursor_y}')}\n${tmux(['capture-pane', '-p', '-e', '-t', target])}`;
      const before = look();
      tmux(['send-keys', '-t', target, name]);
      if (!(await poll(() => look() !== before, timeoutMs))) throw new Error(`the screen did not change after ${name} within ${timeoutMs} ms:\n${screen()}`);
    },
    type: (text) => {
      if (text !== '') tmux(['send-keys', '-t', target, '-l', '--', text]);
    },
    async waitFor(what, timeoutMs = DEFAULT_WAIT_MS) {
      let last = '';
      if (await poll(() => matches((last = screen()), what), timeoutMs)) return last;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(what)} on the screen:\n${last}`);
    },
    async waitForGone(what, timeoutMs = DEFAULT_WAIT_MS) {
      let last = '';
      if (await poll(() => !matches((last = screen()), what), timeoutMs)) return last;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(what)} to leave the screen:\n${last}`);
    },
    async waitForExit(timeoutMs = DEFAULT_WAIT_MS) {
      let status: number | null = null;
      // pane_dead: tmux has read the pty to its end, so the screen holds everything written
      if (await poll(() => (status = exitStatus()) !== null && format('#{pane_dead}') === '1', timeoutMs)) return status as unknown as number;
      throw new Error(`timed out after ${timeoutMs} ms waiting for the program to exit; the screen:\n${screen()}`);
    },
    exitStatus,
    async pid(timeoutMs = DEFAULT_WAIT_MS) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const [child] = childrenOf(wrapperPid());
        if (child !== undefined) return child;
        if (Date.now() > until) throw new Error(`the pane's program did not start within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    flags: () => {
      const [alt, cursor, mouse, keypad] = format('#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}').split(' ');
      return { alternateScreen: alt === '1', cursorVisible: cursor === '1', mouse: mouse === '1', keypad: keypad === '1' };
    },
    resize: (cols, rows) => {
      tmux(['resize-window', '-t', target, '-x', String(cols), '-y', String(rows)]);
    },
    format,
  };
}

/** The pids whose parent is `pid` (from /proc; a shell's running command). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // the command name in parentheses may hold spaces: the fields after the last ')' are fixed
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // the process exited while we looked
    }
  }
  return out;
}

/** Waits until `pid` has a child process whose command line contains `needle`; its pid. */
export async function waitForChild(pid: number, needle: string, timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const c of childrenOf(pid)) {
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0').join(' ').includes(needle)) return c;
      } catch {
        // gone already
      }
    }
    if (Date.now() > until) throw new Error(`no child of ${pid} running ${needle} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
