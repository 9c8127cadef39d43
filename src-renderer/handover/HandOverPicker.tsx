// "Hand over to…" in the hosting card (issue 11): who could take the session
// this computer hosts — people online in the Parley app on another computer,
// admins first, a non-admin marked "becomes admin" — and offering it to one.
// Their app asks them; the card says "Handed over to NAME" once they took it.
import { useEffect, useState } from 'react';
import { Dialog } from '../common/Dialog.js';
import type { HandOverCandidate, HostingFeature, HostStatus } from '../platform/platform.js';

type OfferState = HostStatus['handOverOffer'];
import './handover.css';

export function HandOverPicker({ hosting, sessionName, offer }: { hosting: HostingFeature; sessionName: string; offer: OfferState }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--ghost" onClick={() => setOpen(true)}>
        Hand over to…
      </button>
      {open && <HandOverDialog hosting={hosting} sessionName={sessionName} offer={offer} onClose={() => setOpen(false)} />}
    </>
  );
}

function HandOverDialog({ hosting, sessionName, offer, onClose }: { hosting: HostingFeature; sessionName: string; offer: OfferState; onClose: () => void }) {
  return (
    <Dialog
      title={`Hand over “${sessionName}”`}
      onClose={onClose}
      description="Their computer hosts the session from then on: its history and shared files move there, and everyone reconnects by themselves. They are asked first."
    >
      <HandOverChoices hosting={hosting} offer={offer} focusFirst />
      <div className="form__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The people to hand over to, and how the offer stands: in the picker's dialog,
 * and inline in Session details when this computer hosts the session shown.
 */
export function HandOverChoices({ hosting, offer: offerState, focusFirst = false }: { hosting: HostingFeature; offer: OfferState; focusFirst?: boolean }) {
  const [candidates, setCandidates] = useState<HandOverCandidate[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // What main says about the offer (host status): waiting for them, or they said no — then someone else may be asked.
  const waiting = offerState?.state === 'offered';

  useEffect(() => {
    let live = true;
    hosting.handOverCandidates().then(
      (list) => live && setCandidates(list),
      (error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [hosting]);

  const offer = async (person: HandOverCandidate) => {
    setProblem(null);
    try {
      await hosting.offerHandOver(person.id);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <>
      {candidates === null && !problem && <p role="status">Looking for people who can host…</p>}
      {candidates?.length === 0 && (
        <p className="handover__empty">Nobody can take it right now: the person must be signed in with the Parley app (not a browser) on another computer.</p>
      )}
      {candidates && candidates.length > 0 && (
        <ul className="handover__list" aria-label="People who can host">
          {candidates.map((person, index) => (
            <li key={person.id}>
              <button
                type="button"
                className="button handover__person"
                onClick={() => void offer(person)}
                disabled={waiting}
                // The list arrives after the dialog opened: focus goes to its first person then.
                ref={focusFirst && index === 0 ? (el) => el?.focus() : undefined}
              >
                {`Hand over to ${person.name}${person.isAdmin ? '' : ' (becomes admin)'}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {offerState && (
        <p className="handover__status" role="status">
          {waiting ? `Offered to ${offerState.to} — waiting for them to accept.` : `${offerState.to} declined. Pick someone else, or keep hosting.`}
        </p>
      )}
      {problem && (
        <p className="handover__problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
