// libsodium (libsodium-wrappers, ISC), loaded once. It provides Ed25519
// signatures, XChaCha20-Poly1305, secretstream, padding, random bytes and
// base64url for the rest of src-shared/e2e (docs/SECURITY.md, "End-to-end
// encrypted DMs"). Its `ready` promise compiles its WebAssembly build; there
// is no asm.js fallback in 0.8, so a page that uses it needs
// 'wasm-unsafe-eval' in its CSP's script-src (WebAssembly compilation only,
// not JavaScript eval).
import sodiumModule from 'libsodium-wrappers';

export type Sodium = typeof sodiumModule;

let loaded: Promise<Sodium> | undefined;

/** The initialised libsodium instance. */
export function sodium(): Promise<Sodium> {
  loaded ??= sodiumModule.ready.then(() => sodiumModule);
  return loaded;
}

/** Bytes as unpadded base64url (the envelope's and bundle's encoding). */
export function toBase64Url(s: Sodium, bytes: Uint8Array): string {
  return s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING);
}

/** Unpadded base64url to bytes; throws on anything else. */
export function fromBase64Url(s: Sodium, text: string): Uint8Array {
  return s.from_base64(text, s.base64_variants.URLSAFE_NO_PADDING);
}
