// "Take over this session" (issue 11, desktop, admins): this computer becomes
// the session's host. A confirm step says what happens first — it moves
// everyone — then main takes it over, and this window follows the move.
import { useState } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { describeError } from '../session/describe-error.js';
import './handover.css';

export function TakeOverButton() {
  const session = useChatSession();
  const isAdmin = useAppStore((s) => s.me?.isAdmin === true);
  const name = useAppStore((s) => s.session?.name ?? 'this session');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  if (!session.handOver.canHost || !isAdmin) return null;

  const takeOver = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await session.handOver.takeOver();
      setDone(true);
      setConfirming(false);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <p className="handover__status" role="status">
        This computer hosts “{name}” now.
      </p>
    );
  }
  if (!confirming) {
    return (
      <button type="button" className="button button--ghost" onClick={() => setConfirming(true)}>
        Take over this session…
      </button>
    );
  }
  return (
    <section className="handover__confirm" aria-labelledby="take-over-title">
      <h3 id="take-over-title" className="handover__confirm-title" tabIndex={-1} ref={(el) => el?.focus()}>
        Take over “{name}”?
      </h3>
      <p>
        Your computer will host the session for everyone: its history and shared files move here from the computer that hosts it now, and everyone
        reconnects by themselves. Keep Parley running while you host.
      </p>
      {busy && <p role="status">Taking the session over…</p>}
      {problem && (
        <p className="handover__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={() => void takeOver()} disabled={busy}>
          Take over
        </button>
      </div>
    </section>
  );
}
