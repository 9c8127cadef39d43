// A browser page following a moved session (platform/web-move.ts,
// move-fragment.ts, session/session-move.ts): what the old page carries in the
// URL fragment, how the new page takes it in (and out of the address bar), and
// that only a browser does this.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MOVE_FRAGMENT_MAX_CHARS } from '../../../src-shared/limits.js';
import { loadItems, memoryOutboxStorage, saveItems, type OutboxItem } from '../../../src-shared/outbox-store.js';
import { moveUrl, readMoveFragment } from '../../../src-renderer/platform/move-fragment.js';
import { createMoveFeature, type MoveSeams } from '../../../src-renderer/platform/web-move.js';
import { MOVING_BANNER } from '../../../src-renderer/session/session-move.js';
import { createFakePlatform, FP_OFFICE } from '../helpers/fake-platform.js';
import { signedInServices } from '../helpers/render-app.js';

const send = (id: string, text: string, ts = 1): OutboxItem => ({ kind: 'send', id, ts, conv: 'c:1', text });
const KEY = { sessionId: 'session-1', userId: 1 };

function seams(overrides: Partial<MoveSeams> = {}) {
  const tokens = new Map<string, string>();
  const navigated: string[] = [];
  const history = { state: null, replaceState: vi.fn() };
  const base: MoveSeams = {
    location: { hash: '', pathname: '/', search: '', origin: 'https://10.0.0.5:47800' },
    history,
    saveToken: (sessionId, token) => void tokens.set(sessionId, token),
    outboxStorage: memoryOutboxStorage(),
    navigate: (url) => void navigated.push(url),
    noticeMs: 100,
    ...overrides,
  };
  return { seams: base, tokens, navigated, history };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the move fragment', () => {
  it('carries token, session, person and outbox (any text) to the new origin, and reads back the same', () => {
    const outbox = [send('m-1', 'grüße 👋 "quoted" & #hash'), { kind: 'edit', id: 'e-1', ts: 2, seq: 4, text: 'fixed' } as const];
    const { url } = moveUrl('https://10.0.0.7:47801', { session: 'session-1', user: 1, token: 'tok', from: 'https://10.0.0.5:47800', outbox });
    expect(url.startsWith('https://10.0.0.7:47801/#parley-move=')).toBe(true);
    // base64url: nothing a browser would re-encode or cut at.
    expect(url.split('#')[1]).toMatch(/^parley-move=[A-Za-z0-9_-]+$/);
    expect(readMoveFragment(new URL(url).hash)).toEqual({ v: 1, session: 'session-1', user: 1, token: 'tok', from: 'https://10.0.0.5:47800', outbox, left: 0 });
  });

  it('when the outbox does not fit, carries the newest entries and counts the older ones left behind', () => {
    const outbox = Array.from({ length: 500 }, (_, i) => send(`m-${i}`, `message number ${i} `.repeat(10), i));
    const { url, carry } = moveUrl('https://h:1', { session: 's', user: 1, token: 't', from: '', outbox });
    expect(new URL(url).hash.length).toBeLessThanOrEqual(MOVE_FRAGMENT_MAX_CHARS);
    expect(carry.left).toBeGreaterThan(0);
    expect(carry.left + carry.outbox.length).toBe(500);
    expect(carry.outbox.at(-1)!.id).toBe('m-499');
    expect(carry.outbox[0]!.id).toBe(`m-${carry.left}`);
  });

  it('reads nothing from a fragment that is not a move, or is damaged', () => {
    expect(readMoveFragment('')).toBeNull();
    expect(readMoveFragment('#general')).toBeNull();
    expect(readMoveFragment('#parley-move=not-json!!')).toBeNull();
  });
});

describe('arriving from the old address', () => {
  it('removes the fragment from the address bar and history first, keeps the token and merges the outbox by id', () => {
    const storage = memoryOutboxStorage();
    saveItems(storage, KEY, [send('m-0', 'saved here before', 1), send('m-1', 'typed twice?', 2)]);
    const { url } = moveUrl('https://10.0.0.7:47801', { session: 'session-1', user: 1, token: 'tok', from: 'https://10.0.0.5:47800', outbox: [send('m-1', 'typed twice?', 2), send('m-2', 'typed at the old address', 3)] });
    const { seams: s, tokens, history } = seams({ location: { hash: new URL(url).hash, pathname: '/', search: '' }, outboxStorage: storage });
    const feature = createMoveFeature(s);
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(tokens.get('session-1')).toBe('tok');
    expect(loadItems(storage, KEY).map((item) => item.id)).toEqual(['m-0', 'm-1', 'm-2']);
    expect(feature.arrival()).toEqual({ from: 'https://10.0.0.5:47800', left: 0 });
  });

  it('removes a damaged fragment too, and takes nothing from it', () => {
    const { seams: s, tokens, history } = seams({ location: { hash: '#parley-move=AAAA', pathname: '/', search: '?x=1' } });
    expect(createMoveFeature(s).arrival()).toBeNull();
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
    expect(tokens.size).toBe(0);
  });

  it('a page opened normally takes in nothing and leaves the address alone', () => {
    const { seams: s, history } = seams();
    expect(createMoveFeature(s).arrival()).toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});

describe('leaving for the new address', () => {
  it('goes after the notice, carrying the outbox as it is then (what was typed during the notice too), once', () => {
    vi.useFakeTimers();
    const storage = memoryOutboxStorage();
    saveItems(storage, KEY, [send('m-1', 'held during the hand-over')]);
    const { seams: s, navigated } = seams({ outboxStorage: storage });
    const feature = createMoveFeature(s);
    const request = { to: ['https://10.0.0.7:47801', 'https://192.168.1.7:47801'], sessionId: 'session-1', userId: 1, token: 'tok' };
    expect(feature.follow(request)).toEqual({ origin: 'https://10.0.0.7:47801' });
    expect(feature.follow(request)).toBeNull(); // the old host says "moved" again on each reconnect
    saveItems(storage, KEY, [send('m-1', 'held during the hand-over'), send('m-2', 'typed during the notice', 2)]);
    expect(navigated).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(navigated).toHaveLength(1);
    const carried = readMoveFragment(new URL(navigated[0]!).hash)!;
    expect(new URL(navigated[0]!).origin).toBe('https://10.0.0.7:47801');
    expect(carried.token).toBe('tok');
    expect(carried.outbox.map((item) => item.id)).toEqual(['m-1', 'm-2']);
  });
});

describe('the chat screen when the session moves', () => {
  const moved = { session: 'session-1', identity: FP_OFFICE, to: ['https://10.0.0.7:47801'] };

  it('in a browser: says where it goes, that the browser asks about the certificate once, and the same code', async () => {
    const follow = vi.fn(() => ({ origin: 'https://10.0.0.7:47801' }));
    const platform = Object.assign(createFakePlatform('web'), { move: { follow, arrival: () => null } });
    const services = await signedInServices({ platform });
    Object.assign(services.client, { token: 'token-alice' });
    services.client.fire('moved', moved);
    expect(follow).toHaveBeenCalledWith({ to: moved.to, sessionId: 'session-1', userId: services.store.getState().me!.id, token: 'token-alice' });
    const banner = services.store.getState().banner!;
    expect(banner.code).toBe(MOVING_BANNER);
    expect(banner.text).toContain('10.0.0.7:47801');
    expect(banner.text).toMatch(/warn once about the new address’s certificate/);
    expect(banner.text).toContain('3F2A 9C01 7B44 D0E8 1A6C');
  });

  it('on the desktop the page does not navigate: its socket goes to the new address (main trusted it there)', async () => {
    const platform = createFakePlatform('desktop');
    platform.lastSession = { url: 'wss://10.0.0.5:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
    platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
    const services = await signedInServices({ platform });
    expect(platform.move).toBeUndefined();
    services.client.fire('moved', moved);
    expect(services.client.moves).toEqual([moved.to.map((origin) => `${origin.replace(/^https:/, 'wss:')}/ws`)]);
    expect(services.store.getState().banner?.text).toMatch(/^The session moved to .* — reconnecting…$/);
  });

  it('after arriving, says where it came from and how many old unsent messages did not fit', async () => {
    const platform = Object.assign(createFakePlatform('web'), { move: { follow: vi.fn(), arrival: () => ({ from: 'https://10.0.0.5:47800', left: 3 }) } });
    const services = await signedInServices({ platform });
    expect(services.store.getState().phase).toBe('chat');
    expect(services.store.getState().banner?.text).toBe(
      'The session moved here from 10.0.0.5:47800 (hand-over). You are still signed in. 3 older unsent messages or changes were too many to carry along and were not sent.',
    );
  });
});
