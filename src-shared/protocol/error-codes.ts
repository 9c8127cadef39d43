// The error-code table of PROTOCOL.md, executable. `fatal` codes are followed
// by the host closing the connection with `closeCode`.

export const ERROR_CODES = {
  bad_frame: { fatal: false, text: 'That frame is not valid JSON.' },
  frame_too_large: { fatal: false, text: 'That frame is too large.' },
  unsupported_version: { fatal: true, closeCode: 4002, text: 'This client speaks a different protocol version — update the app.' },
  unknown_type: { fatal: false, text: 'Unknown frame type.' },
  invalid_field: { fatal: false, text: 'A field has the wrong type or value.' },
  not_signed_in: { fatal: false, text: 'Sign in first.' },
  already_signed_in: { fatal: false, text: 'This connection is already signed in.' },
  auth_timeout: { fatal: true, closeCode: 4001, text: 'Nobody signed in on this connection in time.' },
  too_many_attempts: { fatal: true, closeCode: 4003, text: 'Too many failed sign-ins on this connection.' },
  name_invalid: { fatal: false, text: 'That name breaks a naming rule.' },
  name_taken: { fatal: false, text: 'That name is taken.' },
  unknown_name: { fatal: false, text: 'Nobody has that name here.' },
  password_invalid: { fatal: false, text: 'That password breaks a password rule.' },
  wrong_password: { fatal: false, text: 'Wrong password.' },
  passcode_required: { fatal: false, text: 'This session needs a passcode.' },
  passcode_wrong: { fatal: false, text: 'Wrong passcode.' },
  token_invalid: { fatal: false, text: 'That sign-in has expired — sign in again.' },
  text_empty: { fatal: false, text: 'The message is empty.' },
  text_too_long: { fatal: false, text: 'The message is too long.' },
  conversation_invalid: { fatal: false, text: 'No such conversation.' },
  user_not_found: { fatal: false, text: 'No such person.' },
  not_a_member: { fatal: false, text: 'Join the channel first.' },
  channel_name_invalid: { fatal: false, text: 'That channel name breaks a naming rule.' },
  channel_exists: { fatal: false, text: 'A channel with that name exists.' },
  channel_not_found: { fatal: false, text: 'No such channel.' },
  cannot_leave_general: { fatal: false, text: 'Everyone stays in #general.' },
  rate_limited: { fatal: false, text: 'Slow down.' },
  flood: { fatal: true, closeCode: 1008, text: 'Too many frames held back.' },
  file_too_large: { fatal: false, text: 'That file is larger than this session accepts.' },
  file_name_invalid: { fatal: false, text: 'That file name cannot be used.' },
  disk_full: { fatal: false, text: 'Not enough free disk space for that file.' },
  too_many_transfers: { fatal: false, text: 'Too many transfers at once.' },
  file_not_found: { fatal: false, text: 'No such file, or it has expired.' },
  upload_incomplete: { fatal: false, text: 'The upload is not complete yet.' },
  checksum_mismatch: { fatal: false, text: 'The file arrived damaged (SHA-256 mismatch).' },
  file_changed: { fatal: false, text: 'The file changed on the sender’s disk since it was offered.' },
  too_slow: { fatal: true, text: 'This connection fell too far behind.' },
  server_error: { fatal: false, text: 'The host could not do that.' },
  shutting_down: { fatal: true, closeCode: 1001, text: 'The host is shutting down.' },
} as const satisfies Record<string, { fatal: boolean; closeCode?: number; text: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** Close codes the host uses (besides the fatal error codes above). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  heartbeatMissed: 4000,
  authTimeout: 4001,
  unsupportedVersion: 4002,
  tooManyAttempts: 4003,
} as const;
