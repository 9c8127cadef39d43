// The safety code of a DM: what two people compare in person (digits, or by
// scanning a QR code) to know that the devices they encrypt to are really each
// other's and not a device the host slipped in.
//
// It follows Signal's published safety-number scheme (NumericFingerprint,
// version 1 of its display format): each person's fingerprint is
//   h = version(2 bytes) || keys || userId;  repeat E2E_SAFETY_CODE_ITERATIONS
//   times: h = SHA-512(h || keys)
// where `keys` is the person's device signing keys (Ed25519, 32 bytes each)
// sorted bytewise and concatenated — Signal's multi-key form — so every device
// of the person counts: a new device or a changed key changes the code. The
// hash is SHA-512 from @noble/hashes (audited). Turning the digest into digits
// is encoding, not cryptography: 6 groups of 5 bytes, each a 40-bit big-endian
// number mod 100000, as 5 digits (30 digits per person). The DM's code is both
// people's 30 digits, the smaller first, so both sides compute the same
// 60 digits. No JavaScript library with a compatible licence implements this
// (libsignal is AGPL), hence these few lines.
import { sha512 } from '@noble/hashes/sha2.js';
import { E2E_SAFETY_CODE_CACHE_ENTRIES, E2E_SAFETY_CODE_ITERATIONS, E2E_SAFETY_CODE_SLICE_ITERATIONS } from '../limits.js';

const VERSION = new Uint8Array([0x00, 0x01]);
/** Bytes of each fingerprint used for the digits (Signal: 30) and carried in the QR payload (32). */
const DIGIT_BYTES = 30;
const QR_BYTES = 32;
const QR_PREFIX = 'PARLEY-SAFETY-1:';

export interface SafetyCodeParty {
  userId: string;
  /** Ed25519 public keys of every device of the person (order does not matter). */
  signingKeys: Uint8Array[];
}

export interface SafetyCode {
  /** 60 digits. */
  digits: string;
  /** The digits in 12 groups of 5, for people to read out. */
  groups: string[];
  /** Text for a QR code (alphanumeric mode: upper-case hex): both fingerprints, sorted. */
  qrPayload: string;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

// Made once per person and key set (E2E_SAFETY_CODE_CACHE_ENTRIES, oldest
// dropped first): 5200 SHA-512s took ~45 ms of a DM open in Chromium
// (bench/dm-open, profile). A fingerprint is derived from public keys only, so
// keeping it in memory reveals nothing; the key is the exact hashed input.
const remembered = new Map<string, Uint8Array>();

function remember(seed: string, print: Uint8Array): Uint8Array {
  if (remembered.size >= E2E_SAFETY_CODE_CACHE_ENTRIES) remembered.delete(remembered.keys().next().value!);
  remembered.set(seed, print);
  return print;
}

function start(party: SafetyCodeParty): { keys: Uint8Array; hash: Uint8Array } {
  if (party.signingKeys.length === 0) throw new TypeError('a safety code needs at least one device key');
  const keys = concat([...party.signingKeys].sort(compareBytes));
  return { keys, hash: concat([VERSION, keys, new TextEncoder().encode(party.userId)]) };
}

/** One person's fingerprint (64 bytes). */
export function fingerprint(party: SafetyCodeParty, iterations = E2E_SAFETY_CODE_ITERATIONS): Uint8Array {
  const { keys, hash: first } = start(party);
  const seed = `${iterations}:${hex(first)}`;
  const known = remembered.get(seed);
  if (known) return known.slice();
  let hash = first;
  for (let i = 0; i < iterations; i++) hash = sha512(concat([hash, keys]));
  return remember(seed, hash).slice();
}

/** Time left to work in (ms): what a browser's IdleDeadline gives. */
export interface IdleBudget {
  timeRemaining(): number;
}

/**
 * The same fingerprint, hashed in slices: each waits for `idle()` and hashes
 * while its budget lasts (at least E2E_SAFETY_CODE_SLICE_ITERATIONS, so it
 * always gets on), so a page can draw in between.
 */
export async function fingerprintInSlices(party: SafetyCodeParty, idle: () => Promise<IdleBudget>, iterations = E2E_SAFETY_CODE_ITERATIONS): Promise<Uint8Array> {
  const { keys, hash: first } = start(party);
  const seed = `${iterations}:${hex(first)}`;
  let hash = first;
  let i = 0;
  while (i < iterations) {
    const known = remembered.get(seed);
    if (known) return known.slice(); // made meanwhile (another DM open, verify())
    const budget = await idle();
    const least = Math.min(iterations, i + E2E_SAFETY_CODE_SLICE_ITERATIONS);
    while (i < iterations && (i < least || budget.timeRemaining() > 1)) {
      hash = sha512(concat([hash, keys]));
      i++;
    }
  }
  return remember(seed, hash).slice();
}

function digitsOf(print: Uint8Array): string {
  let digits = '';
  for (let chunk = 0; chunk < DIGIT_BYTES; chunk += 5) {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + print[chunk + i]!; // 40 bits: exact in a double
    digits += String(value % 100_000).padStart(5, '0');
  }
  return digits;
}

/** The DM's safety code; the same whichever person is `a`. */
export function safetyCode(a: SafetyCodeParty, b: SafetyCodeParty): SafetyCode {
  return codeOf(fingerprint(a), fingerprint(b));
}

/** safetyCode made in slices (fingerprintInSlices): what a front end computes while it opens a DM. */
export async function safetyCodeInSlices(a: SafetyCodeParty, b: SafetyCodeParty, idle: () => Promise<IdleBudget>): Promise<SafetyCode> {
  return codeOf(await fingerprintInSlices(a, idle), await fingerprintInSlices(b, idle));
}

function codeOf(...prints: [Uint8Array, Uint8Array]): SafetyCode {
  const sides = prints
    .map((print) => ({ digits: digitsOf(print), qr: hex(print.subarray(0, QR_BYTES)) }))
    .sort((x, y) => (x.digits < y.digits ? -1 : x.digits > y.digits ? 1 : x.qr < y.qr ? -1 : 1));
  const digits = sides[0]!.digits + sides[1]!.digits;
  return {
    digits,
    groups: digits.match(/\d{5}/g) ?? [],
    qrPayload: `${QR_PREFIX}${sides[0]!.qr}:${sides[1]!.qr}`,
  };
}
