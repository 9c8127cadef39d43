// A page that renders the real App in a scripted state, for screenshots of
// the session-identity screens (test/e2e/helpers/identity-screenshots.ts).
// The desktop screens need platform.trust, which only the Electron preload
// provides, so this page fakes the platform and the ChatClient instead of
// driving a host: ?scene=first-contact|changed|plain|panel|share|find|hosting|offer|moved&kind=desktop|web.
import '../../../src-renderer/csp-safe-zod.js';
import '../../../src-renderer/styles/theme.css';
import '../../../src-renderer/styles/base.css';
import '../../../src-renderer/styles/controls.css';
import '../../../src-renderer/styles/screens.css';
import { createRoot } from 'react-dom/client';
import type { TrustCheck } from '../../../src-shared/ipc/ipc-contract.js';
import { sessionCode } from '../../../src-shared/session-identity.js';
import { App } from '../../../src-renderer/app/App.js';
import { AppServicesProvider } from '../../../src-renderer/app/app-services.js';
import type { Platform, TrustFeature } from '../../../src-renderer/platform/platform.js';
import { createWebPlatform } from '../../../src-renderer/platform/web-platform.js';
import { desktopAvatars } from '../../../src-renderer/platform/desktop-avatars.js';
import type { ParleyApi } from '../../../src-shared/ipc/ipc-contract.js';
import { ChatSession } from '../../../src-renderer/session/chat-session.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { FakeChatClient } from '../helpers/fake-chat-client.js';
import { BOB, CAROL, message, snapshot } from '../helpers/fixtures.js';

const params = new URLSearchParams(location.search);
const scene = params.get('scene') ?? 'first-contact';
const kind = params.get('kind') === 'web' ? 'web' : 'desktop';

const FP = '3f2a9c017b44d0e81a6c5b2e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d';
const FP_NEW = 'e41d77b2a0c3f95e6d1840ab7c29f3e5d6a1b8c7f0e9d2c3b4a5f6e7d8c9b0a1';
const ADDRESS = '192.168.1.20:47800';
const URL_WSS = `wss://${ADDRESS}/ws`;
/** This app hosting "Office LAN" (scene=hosting: the hosting card, with "Start Parley at login…" on). */
const HOSTING = {
  running: true,
  sessionName: 'Office LAN',
  port: 47800,
  urls: [`https://${ADDRESS}/`, 'https://10.0.0.2:47800/'],
  localUrl: 'wss://127.0.0.1:47800/ws',
  passcodeRequired: false,
  identity: FP,
};

const answers: Record<string, TrustCheck> = {
  'first-contact': { status: 'first-contact', address: ADDRESS, fingerprint: FP, code: sessionCode(FP) },
  changed: { status: 'changed', address: ADDRESS, fingerprint: FP_NEW, code: sessionCode(FP_NEW), trustedCode: sessionCode(FP), why: 'remembered', message: '' },
  plain: { status: 'plain', address: ADDRESS },
};

const trust: TrustFeature = {
  check: async () => answers[scene] ?? { status: 'trusted', address: ADDRESS, fingerprint: FP, code: sessionCode(FP) },
  accept: async () => {},
  forget: async () => {},
  follow: async () => {
    throw new Error('not in this harness');
  },
  onRefused: () => () => {},
};

localStorage.clear();
const web = createWebPlatform({ location: { protocol: 'https:', host: ADDRESS, search: '' } });
const platform: Platform =
  kind === 'web'
    ? web
    : {
        ...web,
        kind: 'desktop',
        // Only a browser page navigates to a moved session's new origin; the desktop re-points its socket.
        move: undefined,
        servedSession: () => null,
        getLastSession: async () => null,
        discovery: {
          status: async () => ({
            browsing: true,
            problem: null,
            interfaces: [{ name: 'wlan0', address: '192.168.1.31' }],
            sessions:
              scene === 'find'
                ? [
                    { id: 's-office', name: 'Office LAN', hostName: 'alice-pc.local', addresses: ['192.168.1.20'], port: 47800, online: 3, protocol: 1, passcodeRequired: false, identity: FP, url: URL_WSS },
                    { id: 's-bench', name: 'Benchmarks', hostName: 'lab-7.local', addresses: ['192.168.1.44'], port: 47800, online: 1, protocol: 1, passcodeRequired: false, url: 'ws://192.168.1.44:47800/ws' },
                  ]
                : [],
          }),
          subscribe: () => () => {},
        },
        hosting:
          scene === 'hosting'
            ? {
                status: async () => HOSTING,
                start: async () => HOSTING,
                stop: async () => HOSTING,
                subscribe: () => () => {},
                getHostAtLogin: async () => 'Office LAN',
                setHostAtLogin: async (enabled) => (enabled ? 'Office LAN' : null),
                handOverCandidates: async () => [
                  { id: 2, name: 'Ann', isAdmin: true },
                  { id: 3, name: 'Bob', isAdmin: false },
                ],
                offerHandOver: async () => {},
                takeOver: async () => HOSTING,
              }
            : null,
        opensLinksItself: true,
        trust,
        // scene=avatars: main's avatar:get answered with a picture drawn here (a blue circle on teal).
        ...(scene === 'avatars' && { avatars: desktopAvatars({ 'avatar:get': drawnAvatar } as unknown as ParleyApi['invoke']) }),
      };

async function drawnAvatar() {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 96;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#1e8c8c';
  g.fillRect(0, 0, 96, 96);
  g.fillStyle = '#f4d35e';
  g.beginPath();
  g.arc(48, 40, 22, 0, Math.PI * 2);
  g.fill();
  g.fillRect(16, 70, 64, 26);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((made) => resolve(made!), 'image/png'));
  return { ok: true, value: { type: 'image/png', bytes: new Uint8Array(await blob.arrayBuffer()) } };
}

const session = { id: 'session-1', name: 'Office LAN', passcodeRequired: false, protocol: 1, identity: FP };
const history = [
  message({ seq: 1, from: BOB.id, fromName: BOB.name, text: 'Morning! The printer on floor 2 is fixed.' }),
  message({ seq: 2, from: CAROL.id, fromName: CAROL.name, text: 'Great — I’ll send the slides over here in a minute.' }),
];
// Polish scenes (test/e2e/helpers/identity-screenshots.ts, polish-*): a run of
// join/leave notices, a long name, search results with Markdown, and loading.
const LONG = { id: 4, name: 'Maximiliana Konstantinopoulou-Vandenberghe', isAdmin: false, online: true };
const polishHistory = [
  ...history,
  ...[['Ann', 5], ['Ben', 6], ['Dan', 7], ['Eve', 8]].map(([name, id], i) =>
    message({ seq: 3 + i, kind: 'join', from: id as number, fromName: name as string, text: '' }),
  ),
  message({ seq: 7, kind: 'leave', from: CAROL.id, fromName: CAROL.name, text: '' }),
  message({ seq: 8, from: LONG.id, fromName: LONG.name, text: 'Hi all — the **deploy** checklist is in *the wiki*.' }),
];
const polish = scene.startsWith('polish');
const store = createAppStore();
let client = null as FakeChatClient | null;
const chat = new ChatSession({
  store,
  platform,
  createClient: (url) => {
    const made = new FakeChatClient(url);
    made.welcome = session;
    const base = snapshot({ session });
    made.resumeResult = polish ? { ...base, users: [...base.users, LONG] } : base;
    made.handlers.history = ({ conv }) =>
      scene === 'polish-loading'
        ? new Promise(() => {})
        : { conv, messages: conv === 'ch:1' ? (polish ? polishHistory : history) : [], hasMore: false, hasNewer: false };
    made.handlers.search = () => ({ hits: [{ message: polishHistory[polishHistory.length - 1]!, highlights: [[15, 21]] }], hasMore: false });
    client = made;
    return made;
  },
});
void platform.saveToken('session-1', 'token-alice');

createRoot(document.getElementById('root')!).render(
  <AppServicesProvider services={{ store, session: chat, platform }}>
    <App />
  </AppServicesProvider>,
);

void (async () => {
  await chat.start();
  if (kind === 'desktop' && scene !== 'find' && scene !== 'hosting') await chat.join({ url: scene === 'plain' ? `ws://${ADDRESS}/ws` : URL_WSS, label: ADDRESS });
  // scene=offer: the host offers this person the session; scene=moved: the session moved to another host.
  if (scene === 'offer') client?.fire('handoverOffer', { offer: 'o-1', from: { id: 2, name: 'Bob' }, makesAdmin: true });
  if (scene === 'polish-search') await chat.search.run('deploy', null);
  if (scene === 'avatars') client?.fire('user', { ...BOB, online: true, avatar: 'ab'.repeat(32) });
  if (scene === 'moved') client?.fire('moved', { session: 'session-1', identity: FP, to: ['https://10.0.0.7:47800'] });
  document.body.dataset.ready = 'true';
})();
