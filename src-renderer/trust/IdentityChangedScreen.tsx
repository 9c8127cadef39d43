// The session at an address is not the one trusted: everything stops, like
// SSH's "REMOTE HOST IDENTIFICATION HAS CHANGED". The screen says what
// happened (the code now presented against the code trusted, and why that
// matters), what to do (ask whoever hosts it for the code on their screen),
// and offers a deliberate way on: a checkbox the person ticks after
// comparing, which enables "Forget the old session and connect".
import { useId, useState } from 'react';
import { useChatSession } from '../app/app-services.js';
import type { IdentityPrompt } from '../store/identity-prompt.js';
import { useAction, useFocusOnShow } from './use-action.js';
import { SessionCode } from './SessionCode.js';
import './trust.css';

type Changed = Extract<IdentityPrompt, { kind: 'changed' }>;

function explanation(prompt: Changed): { title: string; happened: string; trustedLabel: string; risk: string } {
  switch (prompt.why) {
    case 'remembered':
      return {
        title: 'This session’s identity has changed',
        happened: `The session at ${prompt.address} no longer presents the code you trusted there.`,
        trustedLabel: 'Code you trusted',
        risk: 'Another computer may be pretending to be this session — or its host started a new one (after reinstalling Parley, say).',
      };
    case 'expected':
      return {
        title: 'This is not the session you asked for',
        happened: `The session at ${prompt.address} presents another code than the one you were given (a link, a typed code, a discovered session or your own).`,
        trustedLabel: 'Code you asked for',
        risk: 'Another computer may be answering at this address, or the code you were given is out of date.',
      };
    case 'session':
      return {
        title: `Another computer says it is “${prompt.sessionName ?? 'this session'}”`,
        happened: `The session at ${prompt.address} announces itself as a session you trusted elsewhere, but presents another code.`,
        trustedLabel: 'Code you trusted',
        risk: 'Someone may be pretending to be a session you know.',
      };
  }
}

export function IdentityChangedScreen({ prompt }: { prompt: Changed }) {
  const session = useChatSession();
  const { busy, problem, run } = useAction();
  const [compared, setCompared] = useState(false);
  const checkboxId = useId();
  const text = explanation(prompt);
  const heading = useFocusOnShow<HTMLHeadingElement>();
  // Forgetting what is remembered at the address cannot change a code the person asked for.
  const canForget = prompt.why !== 'expected';

  return (
    <div className="center-screen">
      <section className="center-card trust-card trust-card--danger" aria-labelledby="changed-title">
        <span className="trust-card__stop" aria-hidden="true">
          !
        </span>
        <h1 id="changed-title" className="center-card__title" ref={heading} tabIndex={-1}>
          {text.title}
        </h1>
        <p className="trust-card__alert" role="alert">
          {text.happened} Nothing was sent to it — no password, no messages.
        </p>
        <dl className="trust-codes">
          <div className="trust-codes__row">
            <dt>Code now presented</dt>
            <dd>{prompt.code ? <SessionCode code={prompt.code} size="small" /> : <span className="trust-codes__none">no valid certificate</span>}</dd>
          </div>
          <div className="trust-codes__row">
            <dt>{text.trustedLabel}</dt>
            <dd>
              <SessionCode code={prompt.trustedCode} size="small" />
            </dd>
          </div>
        </dl>
        <p className="center-card__text">{text.risk}</p>
        <h2 className="trust-card__subtitle">What to do</h2>
        <p className="trust-card__todo">
          Ask whoever hosts it for the session code on their screen.{' '}
          {canForget
            ? 'Only if it matches the code now presented, forget the old session and connect.'
            : 'If it matches the code now presented, join again with that code; if not, do not connect.'}
        </p>
        {problem && (
          <p className="center-card__problem" role="alert">
            {problem}
          </p>
        )}
        {canForget && (
          <div className="trust-card__forget">
            <input id={checkboxId} type="checkbox" checked={compared} onChange={(event) => setCompared(event.target.checked)} />
            <label htmlFor={checkboxId}>I compared the code with the host’s screen and it matches</label>
          </div>
        )}
        <div className="center-card__actions">
          <button type="button" className="button button--primary" onClick={() => run(() => session.trust.cancel())}>
            Choose another session
          </button>
          {canForget && (
            <button type="button" className="button button--danger" disabled={!compared || busy} onClick={() => run(() => session.trust.forgetAndRetry())}>
              Forget the old session and connect
            </button>
          )}
        </div>
      </section>
    </div>
  );
}
