// Entry point: pick the platform (desktop or browser), make the store and the
// chat session service, render, and start.
import './csp-safe-zod.js';
// Global styles first: component styles imported further down must come later in the cascade.
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/screens.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { AppServicesProvider, type AppServices } from './app/app-services.js';
import { afterFirstPaint } from './app/after-first-paint.js';
import { preloadChatScreen } from './app/chat-screen.js';
import { choosePlatform } from './platform/choose-platform.js';
import { ChatSession } from './session/chat-session.js';
import { hpkeSuite } from '../src-shared/e2e/hpke-suite.js';
import { sodium } from '../src-shared/e2e/sodium.js';
import { createAppStore } from './store/app-store.js';

const platform = choosePlatform();
const store = createAppStore();
const session = new ChatSession({ store, platform });
const services: AppServices = { store, session, platform };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppServicesProvider services={services}>
      <App />
    </AppServicesProvider>
  </StrictMode>,
);

void session.start();

// What the first screen (sign-in, the conversation, or Find or host) does not
// need loads when the page is idle after that screen is up and painted, so it
// does not wait for them, and they are usually there before they are needed:
// the chat screen's code (chat-screen.tsx), then the DM crypto
// libraries (libsodium, ~430 kB of script and its WebAssembly, and HPKE).
const unsubscribe = store.subscribe(({ phase }) => {
  if (phase === 'starting' || phase === 'connecting') return;
  unsubscribe();
  afterFirstPaint(() => {
    preloadChatScreen();
    if (platform.e2e) {
      void sodium().catch(() => {});
      void hpkeSuite().catch(() => {});
    }
  });
});
