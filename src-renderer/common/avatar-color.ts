// Deterministic avatar colours: the same person gets the same colour in every
// window. Twelve colours, each dark enough for white initials (WCAG AA, ≥4.5:1).
// By user id where there is one: the host numbers people 1, 2, 3…, so id mod 12
// gives the first twelve people twelve different colours (a hash of the name
// gave collisions among as few as three or four). The name's hash only where
// no id is known.
import { userNameKey } from '../../src-shared/names.js';

export const AVATAR_COLOR_COUNT = 12;

/** By `id` when known; else FNV-1a over the name's uniqueness key, so "alice" and "Alice" match. */
export function avatarColorIndex(name: string, id?: number): number {
  if (id !== undefined && Number.isInteger(id) && id >= 0) return id % AVATAR_COLOR_COUNT;
  let hash = 0x811c9dc5;
  for (const ch of userNameKey(name)) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % AVATAR_COLOR_COUNT;
}

/** "Alice" → "A", "Mary Jane" → "MJ", "ümit" → "Ü". */
export function initials(name: string): string {
  const words = name.trim().split(/[\s._-]+/u).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0]!.toLocaleUpperCase());
  return letters.join('') || '?';
}
