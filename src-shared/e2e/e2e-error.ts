// The one error type of src-shared/e2e. Its message says what failed and never
// carries key material, plaintext or ciphertext (CONVENTIONS.md: secrets never
// in logs or errors).

export type E2eErrorCode =
  | 'malformed' // not an envelope / bundle of this version, or a field out of its limits
  | 'too_large' // over E2E_MAX_ENVELOPE_BYTES or E2E_MAX_PLAINTEXT_BYTES
  | 'too_many_recipients' // over E2E_MAX_RECIPIENTS, or a device listed twice
  | 'wrong_conversation' // the envelope names another conversation than the one it arrived in
  | 'unknown_sender_device' // the sender's device is not among the keys we know for that person
  | 'bad_signature' // the sender device's signature does not verify: tampered or forged
  | 'not_a_recipient' // this device is not listed in the envelope
  | 'decrypt_failed' // the AEAD refused: tampered, or not encrypted to this device's key
  | 'replayed' // this sender device's counter in this conversation was already accepted
  | 'reordered' // an older counter than one already accepted (and not itself seen)
  | 'file_truncated' // an encrypted file ended before its final chunk
  | 'key_store'; // a stored key could not be read or written

export class E2eError extends Error {
  readonly code: E2eErrorCode;
  constructor(code: E2eErrorCode, message: string) {
    super(message);
    this.name = 'E2eError';
    this.code = code;
  }
}
