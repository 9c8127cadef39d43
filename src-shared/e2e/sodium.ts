// libsodium (libsodium-wrappers, ISC), loaded once. It provides Ed25519
// signatures, XChaCha20-Poly1305, secretstream, padding, random bytes and
// base64url for the rest of src-shared/e2e (docs/SECURITY.md, "End-to-end
// encrypted DMs"). Its `ready` promise compiles its WebAssembly build; there
// is no asm.js fallback in 0.8, so a page that uses it needs
// 'wasm-unsafe-eval' in its CSP's script-src (WebAssembly compilation only,
// not JavaScript eval).
import type SodiumModule from 'libsodium-wrappers';

export type Sodium = typeof SodiumModule;

let loaded: Promise<Sodium> | undefined;

/**
 * The initialised libsodium instance. The library (~430 kB of script and its
 * WebAssembly) is imported on first use, not with the module: the web
 * client's sign-in screen does not wait for it to be fetched and parsed. A
 * failed load (a chunk the page could not fetch) is tried again at the next call.
 */
export function sodium(): Promise<Sodium> {
  loaded ??= import('libsodium-wrappers').then(
    async ({ default: module }) => {
      await module.ready;
      return module;
    },
    (error: unknown) => {
      loaded = undefined;
      throw error;
    },
  );
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
