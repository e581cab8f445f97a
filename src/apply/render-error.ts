// The renderers are pure and fed validated values; a value they cannot turn into a rule or a
// sysctl line is a bug upstream (the validator let it through), reported with a code, never a
// rule iptables would read differently from what the admin asked.

export type RenderErrorCode = 'invalid-address' | 'invalid-prefix' | 'invalid-port' | 'invalid-mark' | 'invalid-protocol' | 'invalid-sysctl-key' | 'invalid-sysctl-value' | 'restore-would-fail';

export class RenderError extends Error {
  constructor(
    readonly code: RenderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}
