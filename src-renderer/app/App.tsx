// The screen for where the app is: start, connecting, the identity check (desktop), sign-in, or chat
// (its own chunk, loaded on demand: chat-screen.tsx).
import { SignInScreen } from '../signin/SignInScreen.js';
import { ConnectingScreen } from '../start/ConnectingScreen.js';
import { FindOrHostScreen } from '../start/FindOrHostScreen.js';
import { ConfirmIdentityScreen } from '../trust/ConfirmIdentityScreen.js';
import { useAppStore } from './app-services.js';
import { ChatScreen } from './chat-screen.js';

export function App() {
  const phase = useAppStore((s) => s.phase);
  switch (phase) {
    case 'starting':
      return <div className="center-screen" aria-busy="true" />;
    case 'choose':
      return <FindOrHostScreen />;
    case 'connecting':
      return <ConnectingScreen />;
    case 'confirm-identity':
      return <ConfirmIdentityScreen />;
    case 'signin':
      return <SignInScreen />;
    case 'chat':
      return <ChatScreen />;
  }
}
