// The messages of bench/dm-open: the same text for the encrypted DM and the
// plain baseline, so the two differ only in the decryption.
import type { StoredDeviceKeys } from '../../src-shared/e2e/device-key-store.js';

const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

/** Message i's text (1-based): "msg <i>: …", 3 to 42 words; every 17th has a second line and a link. */
export function messageText(i: number): string {
  const length = 3 + ((i * 7919) % 40);
  const body = Array.from({ length }, (_, k) => words[(i + k * 13) % words.length]).join(' ');
  return i % 17 === 0 ? `msg ${i}: ${body}\nsecond line, see https://example.com/${i}` : `msg ${i}: ${body}`;
}

/** The client message id (the envelope's messageId) of message i. */
export const messageId = (i: number): string => `bench-dm-${i}`;

/** What one encrypting worker is given (encrypt-worker.ts). */
export interface EncryptJob {
  sender: StoredDeviceKeys;
  /** Signed device bundles, as the host lists them. */
  recipients: unknown[];
  conv: string;
  from: number;
  to: number;
  firstTs: number;
  stepMs: number;
}
