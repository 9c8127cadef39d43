// The HPKE cipher suite (RFC 9180) that wraps a message's content key for each
// recipient device: Base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
// ChaCha20-Poly1305 (suite ids 0x0020/0x0001/0x0003, the suite MLS uses too).
// From the @hpke family (MIT): X25519 and ChaCha20-Poly1305 are the
// @hpke/dhkem-x25519 and @hpke/chacha20poly1305 modules (pure TypeScript, built
// on noble's audited code), so no WebCrypto X25519 support is needed.
import { CipherSuite } from '@hpke/core';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/dhkem-x25519';

let suite: CipherSuite | undefined;

export function hpkeSuite(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Chacha20Poly1305() });
  return suite;
}
