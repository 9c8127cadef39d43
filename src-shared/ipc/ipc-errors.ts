// Errors an IPC handler reports to the renderer as { ok: false, error: { code, message } }.
// The message is for a person (CONVENTIONS.md #11: what happened, what to do);
// the code is for the renderer's logic. The error half of ipc-contract.ts, so
// it lives beside it: thrown by src-main/app and by the desktop transfer
// manager (src-main/transfer/file-transfers.ts), which may not import the app.
// Codes used by the main process:
//
// | code                  | when                                                         |
// | --------------------- | ------------------------------------------------------------ |
// | invalid_payload       | the payload does not match the channel's schema              |
// | forbidden_sender      | the request came from a frame that is not the app's own page |
// | host_already_running  | host:start while hosting a different session                 |
// | host_start_failed     | the session host could not start (port, disk, database)      |
// | url_not_allowed       | shell:open-external with a scheme outside http/https/mailto  |
// | storage_failed        | settings or tokens could not be written to disk              |
// | unknown_pick          | files:upload with a pick token main did not hand out         |
// | not_a_file            | a dropped path that is not an absolute path to a regular file|
// | unknown_transfer      | files:pause/resume/cancel/open with an id main does not know |
// | not_allowed           | files:open on something main did not finish writing itself,  |
// |                       | or Open on a program or script                               |
// | dialog_failed         | the native open/save dialog could not be shown               |
// | disk_failed           | a pasted file could not be written to main's private folder  |
// | unreachable           | trust:check could not reach the host securely (down, wrong   |
// |                       | port, not TLS, network in between)                           |
// | not_pending           | trust:accept of an identity trust:check did not just show    |
// | not_followed          | trust:follow to an address that is not provably the same     |
// |                       | session (another identity, or another session trusted there) |
// | not_hosting           | settings:set-host-at-login on while no session is hosted     |
// | no_keyring            | host at login for a session with a passcode where no OS      |
// |                       | keyring could keep the passcode encrypted                    |
// | handover_failed       | host:offer-handover / host:take-over did not work (nobody to |
// |                       | offer it to, not an admin, the session could not be fetched) |
// | avatar_invalid        | avatar:get: the host sent something that is not that avatar  |
// |                       | (too big, not PNG/JPEG/WebP, other bytes than the hash says) |
// |                       | avatar:set: the picture breaks the avatar rules (the message |
// |                       | says which and what to pick instead)                         |
// | avatar_unavailable    | avatar:get/set: the host could not be reached securely, did  |
// |                       | not answer in time (not trusted yet, another identity, down) |
// | (E2eErrorCode)        | e2e:* — the code of the E2eError main met (src-shared/e2e/   |
// |                       | e2e-error.ts): key_store (keys unreadable, none for that     |
// |                       | account yet), decrypt_failed, malformed, too_large, …        |
// | internal              | a bug in the main process; the message says what threw       |

import type { E2eErrorCode } from '../e2e/e2e-error.js';

export type IpcErrorCode =
  | 'invalid_payload'
  | 'forbidden_sender'
  | 'host_already_running'
  | 'host_start_failed'
  | 'url_not_allowed'
  | 'storage_failed'
  | 'unknown_pick'
  | 'not_a_file'
  | 'unknown_transfer'
  | 'not_allowed'
  | 'dialog_failed'
  | 'disk_failed'
  | 'unreachable'
  | 'not_pending'
  | 'not_followed'
  | 'not_hosting'
  | 'no_keyring'
  | 'handover_failed'
  | 'avatar_invalid'
  | 'avatar_unavailable'
  | E2eErrorCode
  | 'internal';

/** Thrown by a handler to send a specific { code, message } to the renderer. */
export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}
