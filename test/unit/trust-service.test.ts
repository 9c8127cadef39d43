// The desktop's trust decisions (src-main/trust/trust-service.ts over
// session-trust.ts's table), with the probe replaced by "this address
// presents that certificate": who may override what is remembered, what a
// discovery record may and may not claim, and that a first contact is
// trusted only after the person accepts exactly what they were shown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionCode } from '../../src-shared/session-identity.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { ProbeError } from '../../src-main/trust/certificate-probe.js';
import { KnownSessions } from '../../src-main/trust/known-sessions.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import { TrustService } from '../../src-main/trust/trust-service.js';

const pin = (digit: string): SessionPin => ({ fingerprint: digit.repeat(64), certPem: `-----BEGIN CERTIFICATE-----\n${digit}\n-----END CERTIFICATE-----\n` });
const REAL = pin('a');
const OTHER = pin('b');
const url = (port: number, host = '192.168.1.20') => `wss://${host}:${port}/ws`;

/** What each host:port presents; an absent one is unreachable. */
let presented: Map<string, SessionPin>;
let known: KnownSessions;
let trust: TrustService;

beforeEach(() => {
  presented = new Map();
  known = new KnownSessions(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-trust-')));
  trust = new TrustService({
    known,
    probe: async (host, port) => {
      const found = presented.get(`${host}:${port}`);
      if (!found) throw new ProbeError(`Could not reach ${host}:${port} securely: nothing is listening there.`);
      return found;
    },
  });
});

async function ipcError(promise: Promise<unknown> | (() => unknown)): Promise<IpcError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof IpcError) return error;
    throw error;
  }
  throw new Error('expected an IpcError');
}

describe('TrustService', () => {
  describe('#check', () => {
    it('answers plain for a ws:// host without reaching it', async () => {
      expect(await trust.check({ url: 'ws://192.168.1.20:47800/ws' })).toEqual({ status: 'plain', address: '192.168.1.20:47800' });
    });

    it('reports an unreachable host as an error that says what to check', async () => {
      const error = await ipcError(trust.check({ url: url(1) }));
      expect(error.code).toBe('unreachable');
      expect(error.message).toMatch(/nothing is listening there.*still running.*same network as 192\.168\.1\.20:1/);
    });

    it('first contact: shows the code and remembers nothing until the person accepts', async () => {
      presented.set('192.168.1.20:1', REAL);
      const first = await trust.check({ url: url(1) });
      expect(first).toEqual({ status: 'first-contact', address: '192.168.1.20:1', fingerprint: REAL.fingerprint, code: sessionCode(REAL.fingerprint) });
      expect(trust.pinForUrl(url(1))).toBeNull();
      expect(known.lookup('192.168.1.20:1')).toBeUndefined();

      trust.accept(url(1), REAL.fingerprint);
      expect(trust.pinForUrl(url(1))).toEqual(REAL);
      expect(trust.pinForUrl('https://192.168.1.20:1/api/files/3')).toEqual(REAL);
      expect(await trust.check({ url: url(1) })).toMatchObject({ status: 'trusted', fingerprint: REAL.fingerprint });
    });

    it('refuses to accept another fingerprint than the one shown, or one never shown', async () => {
      presented.set('192.168.1.20:1', REAL);
      await trust.check({ url: url(1) });
      expect((await ipcError(() => trust.accept(url(1), OTHER.fingerprint))).code).toBe('not_pending');
      expect((await ipcError(() => trust.accept(url(2), REAL.fingerprint))).code).toBe('not_pending');
      expect(trust.pinForUrl(url(1))).toBeNull();
      // A later check replaces what was shown: the earlier certificate can no longer be accepted.
      presented.set('192.168.1.20:1', OTHER);
      await trust.check({ url: url(1) });
      expect((await ipcError(() => trust.accept(url(1), REAL.fingerprint))).code).toBe('not_pending');
    });

    it('a remembered session presenting another identity at its address is changed (remembered)', async () => {
      presented.set('192.168.1.20:1', REAL);
      await trust.check({ url: url(1) });
      trust.accept(url(1), REAL.fingerprint);
      presented.set('192.168.1.20:1', OTHER);
      const changed = await trust.check({ url: url(1) });
      expect(changed).toMatchObject({ status: 'changed', why: 'remembered', code: sessionCode(OTHER.fingerprint), trustedCode: sessionCode(REAL.fingerprint) });
      expect(changed.status === 'changed' && changed.message).toMatch(/HAS CHANGED.*Nothing was sent/);
      expect(trust.pinForUrl(url(1))).toEqual(REAL);

      trust.forget(url(1));
      expect(trust.pinForUrl(url(1))).toBeNull();
      expect(await trust.check({ url: url(1) })).toMatchObject({ status: 'first-contact', fingerprint: OTHER.fingerprint });
    });

    it('the person’s code (typed, share link, own session) must match, then overrides what was remembered', async () => {
      presented.set('192.168.1.20:1', REAL);
      await trust.check({ url: url(1) });
      trust.accept(url(1), REAL.fingerprint);
      presented.set('192.168.1.20:1', OTHER);

      const wrong = await trust.check({ url: url(1), expected: sessionCode(REAL.fingerprint), expectedFrom: 'person' });
      expect(wrong).toMatchObject({ status: 'changed', why: 'expected' });
      const vouched = await trust.check({ url: url(1), expected: sessionCode(OTHER.fingerprint).toLowerCase(), expectedFrom: 'person' });
      expect(vouched).toMatchObject({ status: 'trusted', fingerprint: OTHER.fingerprint });
      expect(trust.pinForUrl(url(1))).toEqual(OTHER);
    });

    it('discovery’s identity must match and may not overrule what is remembered at the address', async () => {
      presented.set('192.168.1.20:1', REAL);
      const announced = await trust.check({ url: url(1), expected: REAL.fingerprint, expectedFrom: 'discovery', sessionId: 's-1', sessionName: 'Office' });
      expect(announced).toMatchObject({ status: 'trusted' });
      expect(known.lookup('192.168.1.20:1')).toMatchObject({ fingerprint: REAL.fingerprint, sessionId: 's-1', sessionName: 'Office' });

      // Someone now answers at that address and announces their own identity for it.
      presented.set('192.168.1.20:1', OTHER);
      const spoof = await trust.check({ url: url(1), expected: OTHER.fingerprint, expectedFrom: 'discovery' });
      expect(spoof).toMatchObject({ status: 'changed', why: 'remembered' });
      expect(trust.pinForUrl(url(1))).toEqual(REAL);
    });

    it('a session id trusted with one identity refuses another identity announced under it anywhere (changed: session)', async () => {
      presented.set('192.168.1.20:1', REAL);
      await trust.check({ url: url(1), sessionId: 's-1', sessionName: 'Office' });
      trust.accept(url(1), REAL.fingerprint);

      presented.set('192.168.1.66:47800', OTHER);
      const spoof = await trust.check({ url: url(47800, '192.168.1.66'), expected: OTHER.fingerprint, expectedFrom: 'discovery', sessionId: 's-1', sessionName: 'Office' });
      expect(spoof).toMatchObject({ status: 'changed', why: 'session', trustedCode: sessionCode(REAL.fingerprint), code: sessionCode(OTHER.fingerprint) });
      expect(trust.pinForUrl(url(47800, '192.168.1.66'))).toBeNull();

      // The real session at a new address (DHCP) is recognised by its id and identity.
      presented.set('192.168.1.21:1', REAL);
      expect(await trust.check({ url: url(1, '192.168.1.21'), expected: REAL.fingerprint, expectedFrom: 'discovery', sessionId: 's-1' })).toMatchObject({ status: 'trusted' });

      // Forgetting at the refused address forgets that session everywhere (the person compared the new code).
      trust.forget(url(47800, '192.168.1.66'));
      expect(trust.pinForUrl(url(1))).toBeNull();
      expect(await trust.check({ url: url(47800, '192.168.1.66'), expected: OTHER.fingerprint, expectedFrom: 'discovery', sessionId: 's-1' })).toMatchObject({ status: 'trusted' });
    });

    it('learns the session id of an address trusted before discovery named it', async () => {
      presented.set('192.168.1.20:1', REAL);
      await trust.check({ url: url(1) });
      trust.accept(url(1), REAL.fingerprint);
      expect(await trust.check({ url: url(1), expected: REAL.fingerprint, expectedFrom: 'discovery', sessionId: 's-1' })).toMatchObject({ status: 'trusted' });
      presented.set('192.168.1.66:1', OTHER);
      expect(await trust.check({ url: url(1, '192.168.1.66'), expected: OTHER.fingerprint, expectedFrom: 'discovery', sessionId: 's-1' })).toMatchObject({ status: 'changed', why: 'session' });
    });

    it('refuses an expected value that is not a code', async () => {
      presented.set('192.168.1.20:1', REAL);
      expect((await ipcError(trust.check({ url: url(1), expected: 'not a code' }))).code).toBe('invalid_payload');
    });
  });

  describe('known-sessions.json', () => {
    it('reads files written before entries had a session id', async () => {
      fs.writeFileSync(known.file, JSON.stringify({ version: 1, sessions: { '192.168.1.20:1': { fingerprint: REAL.fingerprint, certPem: REAL.certPem, firstSeen: '2026-01-01T00:00:00.000Z' } } }));
      presented.set('192.168.1.20:1', REAL);
      expect(await trust.check({ url: url(1) })).toMatchObject({ status: 'trusted' });
      expect(trust.pinForUrl(url(1))).toEqual(REAL);
    });
  });
  describe('#follow (the session came back at another address)', () => {
    const OLD = url(47800, '192.168.1.20');
    const NEW = url(47800, '192.168.1.77');
    const follow = (to = NEW) => trust.follow({ from: OLD, to, sessionId: 'office', sessionName: 'Office' });

    beforeEach(() => {
      known.remember('192.168.1.20:47800', REAL, { sessionId: 'office', sessionName: 'Office' });
    });

    it('trusts the new address for the session when the host there presents its identity, without asking', async () => {
      presented.set('192.168.1.77:47800', REAL);
      expect(await follow()).toEqual({ address: '192.168.1.77:47800', code: sessionCode(REAL.fingerprint) });
      expect(trust.pinForUrl(NEW)).toEqual(REAL);
      expect(known.lookup('192.168.1.77:47800')).toMatchObject({ sessionId: 'office', sessionName: 'Office' });
      // The old address stays trusted too: the host may come back there.
      expect(trust.pinForUrl(OLD)).toEqual(REAL);
    });

    it('refuses a host that announced the session but presents another identity (a spoof), and trusts nothing there', async () => {
      presented.set('192.168.1.77:47800', OTHER);
      const error = await ipcError(follow());
      expect(error.code).toBe('not_followed');
      expect(error.message).toMatch(/could not be confirmed as yours; Parley keeps trying the old address/);
      expect(trust.pinForUrl(NEW)).toBeNull();
    });

    it('does not overwrite another session trusted at the new address', async () => {
      known.remember('192.168.1.77:47800', OTHER, { sessionId: 'lab' });
      presented.set('192.168.1.77:47800', REAL);
      expect((await ipcError(follow())).code).toBe('not_followed');
      expect(trust.pinForUrl(NEW)).toEqual(OTHER);
    });

    it('follows nothing from an address that was never trusted', async () => {
      presented.set('192.168.1.77:47800', REAL);
      const error = await ipcError(trust.follow({ from: url(1), to: NEW, sessionId: 'office' }));
      expect(error.code).toBe('not_followed');
      expect(trust.pinForUrl(NEW)).toBeNull();
    });

    it('reports an unreachable new address as unreachable', async () => {
      expect((await ipcError(follow())).code).toBe('unreachable');
    });
  });
});
