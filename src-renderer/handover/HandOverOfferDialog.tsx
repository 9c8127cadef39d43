// The host asks this person's app to take the session over (issue 11): a
// prompt that says what accepting means, in the chat window. Accept → main
// takes the session over and hosts it here; this window then follows the move
// like everyone else. Decline (also Escape or ×) tells the host at once, so it
// can ask someone else.
//
// Decision: focus lands on Decline, the first button — pressing Enter by habit
// must not turn this computer into the session's host.
import { useState } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';
import './handover.css';

export function HandOverOfferDialog() {
  const offer = useAppStore((s) => s.handOverOffer);
  const sessionName = useAppStore((s) => s.session?.name ?? 'this session');
  const session = useChatSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!offer) return null;

  const decline = () => {
    if (busy) return;
    setProblem(null);
    void session.handOver.decline();
  };
  const accept = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await session.handOver.accept();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Host “${sessionName}”?`}
      onClose={decline}
      description={
        `${offer.from.name} wants to hand the session over to you. Your computer will host it for everyone` +
        `${offer.makesAdmin ? ' (and you become admin)' : ''}: its history and shared files move here, and everyone reconnects by themselves. Keep Parley running while you host.`
      }
    >
      {busy && (
        <p className="handover__status" role="status">
          Taking the session over…
        </p>
      )}
      {problem && (
        <p className="handover__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="button" onClick={decline} disabled={busy} data-autofocus>
          Decline
        </button>
        <button type="button" className="button button--primary" onClick={() => void accept()} disabled={busy}>
          Accept
        </button>
      </div>
    </Dialog>
  );
}
