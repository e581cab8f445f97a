// Client authentication for connectSsh, in ssh's order: the agent (SSH_AUTH_SOCK), then the key
// files (~/.ssh/id_ed25519, id_ecdsa, id_rsa, or the given ones). An encrypted key asks for its
// passphrase when the caller can ask (up to three times); otherwise it is skipped.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultIdentityFiles(home = homedir()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => join(home, '.ssh', n));
}

export type AuthAttempt = { type: 'agent'; username: string; agent: string } | { type: 'publickey'; username: string; key: Buffer; passphrase?: string };

export interface AuthPlan {
  readonly username: string;
  readonly agentSocket: string | null;
  readonly identityFiles: readonly string[];
  readonly askPassphrase?: (file: string) => Promise<string | null>;
  /** the time spent waiting for the admin does not count against the connect timeout */
  readonly pauseTimer: (paused: boolean) => void;
  /** ssh2's key parser (loaded with ssh2) */
  readonly parseKey: (data: Buffer, passphrase?: string) => unknown;
}

/** What was tried, for the auth-failed message. */
export interface AuthLog {
  readonly tried: string[];
  readonly skipped: string[];
}

/** Yields auth attempts lazily: a passphrase is asked only when the earlier methods failed. */
export async function* authAttempts(plan: AuthPlan, log: AuthLog): AsyncGenerator<AuthAttempt> {
  if (plan.agentSocket) {
    log.tried.push(`ssh-agent (${plan.agentSocket})`);
    yield { type: 'agent', username: plan.username, agent: plan.agentSocket };
  }
  for (const file of plan.identityFiles) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') log.skipped.push(`${file} (${(err as Error).message})`);
      continue;
    }
    const parsed = plan.parseKey(data);
    if (!(parsed instanceof Error)) {
      log.tried.push(file);
      yield { type: 'publickey', username: plan.username, key: data };
      continue;
    }
    if (!/encrypt|passphrase/i.test(parsed.message)) {
      log.skipped.push(`${file} (${parsed.message})`);
      continue;
    }
    if (!plan.askPassphrase) {
      log.skipped.push(`${file} (encrypted; no terminal to ask its passphrase)`);
      continue;
    }
    let accepted: string | null = null;
    for (let i = 0; i < 3 && accepted === null; i++) {
      plan.pauseTimer(true);
      let pass: string | null;
      try {
        pass = await plan.askPassphrase(file);
      } finally {
        plan.pauseTimer(false);
      }
      if (pass === null) break;
      if (!(plan.parseKey(data, pass) instanceof Error)) accepted = pass;
    }
    if (accepted === null) {
      log.skipped.push(`${file} (no valid passphrase given)`);
      continue;
    }
    log.tried.push(file);
    yield { type: 'publickey', username: plan.username, key: data, passphrase: accepted };
  }
}
