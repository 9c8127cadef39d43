// The chat screen, loaded on demand. ChatLayout and everything only it uses
// (the message list and its virtualisation, markdown, the sidebar, threads,
// search, the composer, file cards) are their own chunk, so the first screen
// a browser draws — sign-in, or Find or host — does not download and parse
// them first. main.tsx fetches the chunk as soon as that screen is painted and
// the page is idle, so signing in usually finds it there; a returning person
// (resumed straight into the chat) waits for it behind the same blank busy
// screen as the start.
//
// If the chunk cannot be fetched (the host went away in that moment), the
// screen says so and offers a reload instead of staying blank.
import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';

/** ChatLayout once its chunk has loaded. */
let loaded: ComponentType | null = null;

const loadChatLayout = () =>
  import('../chat/ChatLayout.js').then((module) => {
    loaded = module.ChatLayout;
    return module;
  });

const LazyChatLayout = lazy(() => loadChatLayout().then((module) => ({ default: module.ChatLayout })));

/** Starts fetching the chat screen's code (ignored if it fails: rendering it tries again and says so). */
export function preloadChatScreen(): void {
  loadChatLayout().catch(() => {});
}

export function ChatScreen() {
  // Already loaded (the usual case, preloaded while the person signed in):
  // rendered straight away. Through Suspense it would wait for React's
  // throttled reveal of suspended content (up to 300 ms) even so. Chosen once
  // per mount, so that the chat is never remounted when the chunk arrives.
  const [Layout] = useState(() => loaded);
  return (
    <ChatScreenLoadError>
      {Layout ? (
        <Layout />
      ) : (
        <Suspense fallback={<div className="center-screen" aria-busy="true" />}>
          <LazyChatLayout />
        </Suspense>
      )}
    </ChatScreenLoadError>
  );
}

class ChatScreenLoadError extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="center-screen">
        <div className="center-card">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <h1 className="center-card__title">The chat could not be loaded</h1>
          <p className="center-card__problem" role="alert">
            Part of the app did not arrive from the host. Check that the host is still running, then reload.
          </p>
          <div className="center-card__actions">
            <button type="button" className="button button--primary" onClick={() => location.reload()}>
              Reload
            </button>
          </div>
        </div>
      </main>
    );
  }
}
