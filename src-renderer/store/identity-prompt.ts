// What the desktop asks or tells a person about a session's identity before
// (or instead of) connecting: built from main's trust check
// (TrustCheck, src-shared/ipc/ipc-contract.ts) or from a refusal of the chat
// socket mid-session (IdentityRefusal, platform.ts).

export type IdentityPrompt =
  /** Never seen, nothing expected: show the code, the person compares it with the host's screen. */
  | { kind: 'first-contact'; url: string; address: string; fingerprint: string; code: string }
  /** A host run with --plain: nothing is encrypted, nothing can be checked. */
  | { kind: 'plain'; url: string; address: string }
  /**
   * Another identity than the one trusted. `code` is null when the host
   * presented no usable certificate. `why`: remembered for this address,
   * not the one the person (or discovery) asked for, or remembered for the
   * same session elsewhere (another computer announcing itself as it).
   */
  | { kind: 'changed'; url: string; address: string; code: string | null; trustedCode: string; why: 'remembered' | 'expected' | 'session'; sessionName?: string };
