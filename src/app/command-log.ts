// The log of every command lvs-tui ran, or would run (demo), in this TUI session: the `:`/`@`
// view shows it. (tui-flow owns and extends this; the shell only passes it around.)

import type { Command } from '../system/runner';

export interface CommandLogEntry {
  /** wall-clock milliseconds */
  readonly at: number;
  readonly command: Command;
  /** what happened: the exit status, or a note such as "DEMO: not run" */
  readonly outcome: string;
}

export class CommandLog {
  private readonly list: CommandLogEntry[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly limit = 500) {}

  add(entry: CommandLogEntry): void {
    this.list.push(entry);
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit);
    for (const l of [...this.listeners]) l();
  }

  entries(): readonly CommandLogEntry[] {
    return this.list;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
