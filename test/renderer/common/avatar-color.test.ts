import { describe, expect, it } from 'vitest';
import { AVATAR_COLOR_COUNT, avatarColorIndex, initials } from '../../../src-renderer/common/avatar-color.js';

describe('avatars', () => {
  it('gives a name the same colour every time, whatever its case', () => {
    expect(avatarColorIndex('Alice')).toBe(avatarColorIndex('alice'));
    expect(avatarColorIndex('Alice')).toBe(avatarColorIndex('Alice'));
    const used = new Set(['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi'].map(avatarColorIndex));
    expect(used.size).toBeGreaterThan(3);
    for (const index of used) expect(index).toBeLessThan(AVATAR_COLOR_COUNT);
  });

  it('uses up to two initials', () => {
    expect(initials('Alice')).toBe('A');
    expect(initials('Mary Jane Watson')).toBe('MJ');
    expect(initials('ümit')).toBe('Ü');
    expect(initials('dave_okafor')).toBe('DO');
  });
});
