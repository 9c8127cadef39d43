// The sign-in card for the session this window is connected to.
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';
import { SignInForm } from './SignInForm.js';
import './sign-in.css';

export function SignInScreen() {
  const session = useChatSession();
  const platform = usePlatform();
  const info = useAppStore((s) => s.session);
  const target = useAppStore((s) => s.target);
  const problem = useAppStore((s) => s.startProblem);
  const lastUserName = useAppStore((s) => s.lastUserName);

  return (
    // <main>: the card is the page's main content (a landmark screen readers jump to).
    <main className="center-screen">
      <div className="center-card sign-in-card">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <h1 className="center-card__title">Sign in to {info?.name ?? target?.label ?? 'Parley'}</h1>
        {target && <p className="sign-in-card__where">{target.label}</p>}
        {problem && (
          <p className="form__notice" role="status">
            {problem}
          </p>
        )}
        <SignInForm passcodeRequired={info?.passcodeRequired ?? false} defaultName={lastUserName} onSubmit={(fields) => session.signIn(fields)} />
        {platform.kind === 'desktop' && (
          <button type="button" className="button button--ghost button--block sign-in-card__back" onClick={() => void session.leaveSession()}>
            Choose another session
          </button>
        )}
      </div>
    </main>
  );
}
