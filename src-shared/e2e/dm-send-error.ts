// Why an encrypted DM was not sent (DmSession.send / edit / verify): a code
// for programs and a message that says what to do.
export type DmSendErrorCode = 'no_devices' | 'confirm_needed' | 'not_a_dm' | 'unavailable';

/** Why an encrypted DM was not sent; the message says what to do. */
export class DmSendError extends Error {
  readonly code: DmSendErrorCode;
  constructor(code: DmSendErrorCode, message: string) {
    super(message);
    this.name = 'DmSendError';
    this.code = code;
  }
}

export function noDevices(peer: number): DmSendError {
  return new DmSendError('no_devices', `user ${peer} has no device that can read encrypted messages yet; they need to sign in with an updated app.`);
}
