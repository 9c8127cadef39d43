import { describe, expect, it } from 'vitest';
import { AVATAR_COLOR_COUNT, avatarColorIndex, initials } from '../../../src-renderer/common/avatar-color.js';

describe('avatars', () => {
  it('gives a name the same colour every time, whatever its case', () => {
    expect(avatarColorIndex('Alice')).toBe(avatarColorIndex('alice'));
    expect(avatarColorIndex('Alice')).toBe(avatarColorIndex('Alice'));
    const used = new Set(['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi'].map((name) => avatarColorIndex(name)));
    expect(used.size).toBeGreaterThan(3);
    for (const index of used) expect(index).toBeLessThan(AVATAR_COLOR_COUNT);
  });

  it('gives twelve people who joined one after another twelve different colours, the same in every window', () => {
    const colours = Array.from({ length: AVATAR_COLOR_COUNT }, (_, i) => avatarColorIndex(`Person ${i}`, 1 + i));
    expect(new Set(colours).size).toBe(AVATAR_COLOR_COUNT);
    // The id decides, not the name (a rename keeps the colour; another window agrees).
    expect(avatarColorIndex('Alice', 5)).toBe(avatarColorIndex('Bob', 5));
  });

  it('uses up to two initials', () => {
    expect(initials('Alice')).toBe('A');
    expect(initials('Mary Jane Watson')).toBe('MJ');
    expect(initials('ümit')).toBe('Ü');
    expect(initials('dave_okafor')).toBe('DO');
  });
});
