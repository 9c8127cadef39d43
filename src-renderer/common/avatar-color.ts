// Deterministic avatar colours: the same name gets the same colour in every
// window. Twelve colours, each dark enough for white initials (WCAG AA, ≥4.5:1).
import { userNameKey } from '../../src-shared/names.js';

export const AVATAR_COLOR_COUNT = 12;

/** FNV-1a over the name's uniqueness key, so "alice" and "Alice" match. */
export function avatarColorIndex(name: string): number {
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
