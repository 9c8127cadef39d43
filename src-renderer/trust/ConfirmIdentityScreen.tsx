// Desktop, before connecting: what main found at the session's address
// (session-trust-step.ts). A first contact or a plain host waits for the
// person's click; a changed identity has its own screen that stops everything.
import { useAppStore, useChatSession } from '../app/app-services.js';
import type { IdentityPrompt } from '../store/identity-prompt.js';
import { IdentityChangedScreen } from './IdentityChangedScreen.js';
import { SessionCode } from './SessionCode.js';
import { useAction, useFocusOnShow } from './use-action.js';
import './trust.css';

export function ConfirmIdentityScreen() {
  const prompt = useAppStore((s) => s.identityPrompt);
  if (!prompt) return <div className="center-screen" aria-busy="true" />;
  if (prompt.kind === 'changed') return <IdentityChangedScreen prompt={prompt} />;
  return <ConfirmCard prompt={prompt} />;
}

function ConfirmCard({ prompt }: { prompt: Extract<IdentityPrompt, { kind: 'first-contact' | 'plain' }> }) {
  const session = useChatSession();
  const { busy, problem, run } = useAction();
  const plain = prompt.kind === 'plain';
  const heading = useFocusOnShow<HTMLHeadingElement>();
  return (
    <div className="center-screen">
      <section className={`center-card trust-card${plain ? ' trust-card--warning' : ''}`} aria-labelledby="trust-title">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        {plain ? (
          <>
            <h1 id="trust-title" className="center-card__title" ref={heading} tabIndex={-1}>
              {prompt.address} is not encrypted
            </h1>
            <p className="trust-card__warning">
              This host was started without encryption (<code>--plain</code>). Anyone on the network can read what you send — your password, messages and files —
              and another computer can pretend to be this session.
            </p>
            <p className="center-card__text">Connect only if you trust every device on this network.</p>
          </>
        ) : (
          <>
            <h1 id="trust-title" className="center-card__title" ref={heading} tabIndex={-1}>
              First time connecting to {prompt.address}
            </h1>
            <p className="trust-card__label" id="trust-code-label">
              Session code
            </p>
            <div className="trust-card__code" role="group" aria-labelledby="trust-code-label">
              <SessionCode code={prompt.code} />
            </div>
            <p className="trust-card__check">Check that the host’s screen shows the same code.</p>
            <p className="center-card__text">Parley remembers this session and checks the code on every connection from now on.</p>
          </>
        )}
        {problem && (
          <p className="center-card__problem" role="alert">
            {problem}
          </p>
        )}
        <div className="center-card__actions">
          <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={() => run(() => session.trust.confirm())}>
            {plain ? 'Connect without encryption' : 'Connect'}
          </button>
          <button type="button" className="button button--ghost" onClick={() => run(() => session.trust.cancel())}>
            Cancel
          </button>
        </div>
      </section>
    </div>
  );
}
