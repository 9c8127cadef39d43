// The HPKE cipher suite (RFC 9180) that wraps a message's content key for each
// recipient device: Base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
// ChaCha20-Poly1305 (suite ids 0x0020/0x0001/0x0003, the suite MLS uses too).
// From the @hpke family (MIT): X25519 and ChaCha20-Poly1305 are the
// @hpke/dhkem-x25519 and @hpke/chacha20poly1305 modules (pure TypeScript, built
// on noble's audited code), so no WebCrypto X25519 support is needed.
import type { CipherSuite } from '@hpke/core';

let loaded: Promise<CipherSuite> | undefined;

/**
 * The suite, its modules imported on first use (like libsodium, sodium.ts):
 * the web client's first screen does not wait for them. A failed load (a
 * chunk the page could not fetch) is tried again at the next call.
 */
export function hpkeSuite(): Promise<CipherSuite> {
  loaded ??= Promise.all([import('@hpke/core'), import('@hpke/chacha20poly1305'), import('@hpke/dhkem-x25519')]).then(
    ([{ CipherSuite }, { Chacha20Poly1305 }, { DhkemX25519HkdfSha256, HkdfSha256 }]) =>
      new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Chacha20Poly1305() }),
    (error: unknown) => {
      loaded = undefined;
      throw error;
    },
  );
  return loaded;
}
