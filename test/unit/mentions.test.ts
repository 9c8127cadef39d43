import { describe, expect, it } from 'vitest';
import { mentionsName } from '../../src-shared/mentions.js';

describe('mentionsName', () => {
  it('finds @Name anywhere, whatever the case', () => {
    expect(mentionsName('@Alice lunch?', 'Alice')).toBe(true);
    expect(mentionsName('lunch, @alice?', 'Alice')).toBe(true);
    expect(mentionsName('LUNCH @ALICE', 'Alice')).toBe(true);
  });

  it('wants the whole name', () => {
    expect(mentionsName('@Al lunch?', 'Alice')).toBe(false);
    expect(mentionsName('@Alicea lunch?', 'Alice')).toBe(false);
    expect(mentionsName('Alice lunch?', 'Alice')).toBe(false);
    expect(mentionsName('mail alice@alice.com', 'Alice')).toBe(false);
  });

  it('handles names with spaces and regex characters', () => {
    expect(mentionsName('thanks @Mary Jane!', 'Mary Jane')).toBe(true);
    expect(mentionsName('thanks @mary.j', 'mary.j')).toBe(true);
    expect(mentionsName('thanks @maryxj', 'mary.j')).toBe(false);
  });
});
