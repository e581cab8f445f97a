// Failures of the SSH transport, each with a code the CLI and the TUI can act on and a message an
// admin can act on (which host, what went wrong, what to do).

export type SshErrorCode = 'refused' | 'timeout' | 'auth-failed' | 'host-key-unknown' | 'host-key-changed' | 'permission-denied' | 'disconnected' | 'io';

export class SshError extends Error {
  constructor(
    readonly code: SshErrorCode,
    message: string,
    /** host-key-unknown / -changed: the fingerprint the server presented */
    readonly fingerprint?: string,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

/** The code of an SshError (recognised by name: it may come from another copy of this module), else null. */
export function sshErrorCode(err: unknown): SshErrorCode | null {
  return err instanceof Error && err.name === 'SshError' ? ((err as { code?: SshErrorCode }).code ?? 'io') : null;
}
