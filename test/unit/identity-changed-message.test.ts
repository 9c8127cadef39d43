// What the terminal client prints when the host is not the session expected
// (src-main/trust/session-trust.ts): the codes to compare, or, when a whole
// fingerprint was expected and the code alone cannot tell them apart, the
// fingerprint the host presented.
import { describe, expect, it } from 'vitest';
import { IdentityChangedError } from '../../src-main/trust/session-trust.js';
import { sessionCode, type SessionFingerprint } from '../../src-shared/session-identity.js';

const fingerprint = (tail: string) => `3f2a9c017b44d0e81a6c${tail.padEnd(44, '5')}` as SessionFingerprint;

describe('IdentityChangedError, a session other than the one asked for', () => {
  it('says both codes when they differ', () => {
    const error = new IdentityChangedError('10.0.0.2:47800', 'AAAA BBBB CCCC DDDD EEEE', fingerprint('1'), 'expected');
    expect(error.message).toBe('The session at 10.0.0.2:47800 is not the one you asked for: it presents the code 3F2A 9C01 7B44 D0E8 1A6C, not AAAA BBBB CCCC DDDD EEEE. Nothing was sent.');
  });
  it('says the fingerprint presented when only the digits after the code differ, not the same code twice', () => {
    const presented = fingerprint('9');
    const error = new IdentityChangedError('10.0.0.2:47800', sessionCode(fingerprint('1')), presented, 'expected');
    expect(error.message).toContain(`its fingerprint starts with the code 3F2A 9C01 7B44 D0E8 1A6C but differs after it (${presented})`);
    expect(error.message).not.toMatch(/code (.+), not \1/);
  });
});
