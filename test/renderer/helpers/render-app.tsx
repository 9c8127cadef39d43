// Renders UI with real store and ChatSession, a fake ChatClient and a fake
// platform — the ChatClient's events drive the UI as the host's would.
import type { DmServiceFactory } from '../../../src-renderer/session/encrypted-dms.js';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { AppServicesProvider } from '../../../src-renderer/app/app-services.js';
import { ChatSession } from '../../../src-renderer/session/chat-session.js';
import type { FocusSource } from '../../../src-renderer/session/focus-source.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { FakeChatClient } from './fake-chat-client.js';
import { createFakePlatform, type FakePlatform } from './fake-platform.js';

export interface FakeFocus extends FocusSource {
  set(focused: boolean): void;
}

export function fakeFocus(initial = true): FakeFocus {
  let focused = initial;
  const listeners = new Set<(focused: boolean) => void>();
  return {
    isFocused: () => focused,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set: (value) => {
      focused = value;
      for (const l of listeners) l(value);
    },
  };
}

export interface TestServices {
  store: AppStore;
  session: ChatSession;
  platform: FakePlatform;
  focus: FakeFocus;
  /** Every client the session created, newest last. */
  clients: FakeChatClient[];
  readonly client: FakeChatClient;
}

export function createServices(options: { platform?: FakePlatform; configure?: (client: FakeChatClient) => void; createDms?: DmServiceFactory } = {}): TestServices {
  const store = createAppStore();
  const platform = options.platform ?? createFakePlatform();
  const focus = fakeFocus();
  const clients: FakeChatClient[] = [];
  const session = new ChatSession({
    store,
    platform,
    focus,
    ...(options.createDms && { createDms: options.createDms }),
    createClient: (url) => {
      const client = new FakeChatClient(url);
      options.configure?.(client);
      clients.push(client);
      return client;
    },
  });
  return {
    store,
    session,
    platform,
    focus,
    clients,
    get client() {
      const last = clients[clients.length - 1];
      if (!last) throw new Error('no client yet');
      return last;
    },
  };
}

/** Signed in as Alice (resumed with a saved token), through the real session code. */
export async function signedInServices(options: Parameters<typeof createServices>[0] = {}): Promise<TestServices> {
  const services = createServices(options);
  services.platform.tokens.set('session-1', 'token-alice');
  await services.session.start();
  return services;
}

/**
 * Renders inside the services and a Virtuoso mock viewport. Virtuoso shows
 * its rows a few animation frames after mounting: query them with findBy….
 */
export function renderWithServices(ui: ReactElement, services: TestServices): RenderResult & { user: ReturnType<typeof userEvent.setup> } {
  const user = userEvent.setup();
  const wrap = (element: ReactNode) => (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 4000, itemHeight: 40 }}>
      <AppServicesProvider services={services}>{element}</AppServicesProvider>
    </VirtuosoMockContext.Provider>
  );
  const result = render(wrap(ui));
  return { ...result, rerender: (next: ReactNode) => result.rerender(wrap(next)), user };
}
