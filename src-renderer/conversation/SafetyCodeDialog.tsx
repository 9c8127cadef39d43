// "Safety code" of a DM (issue 13, "Knowing who you talk to"): the 60 digits
// in 12 groups and a QR code of the same code. The two people compare them in
// person (read them out, or look at each other's screens); when they match,
// "Mark as verified" — from then on a change of the other person's devices
// is shown, and sending waits for a deliberate "Send anyway". If the code
// changed since it was shown, marking is refused and the new code shown.
import { useEffect, useRef, useState } from 'react';
import type { SafetyCode } from '../../src-shared/e2e/safety-code.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';
import { personName } from '../store/selectors.js';
import { QrCode } from '../share/QrCode.js';
import { LockIcon } from './DmMarkView.js';

export function SafetyCodeDialog({ peer, onClose }: { peer: number; onClose: () => void }) {
  const session = useChatSession();
  const name = useAppStore((s) => personName(s.users, peer, 'them'));
  const [code, setCode] = useState<SafetyCode | null>(null);
  const [verified, setVerified] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // "Mark as verified" goes away once it is done: focus moves to "Done" rather than being lost.
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (verified && done.current && done.current.ownerDocument.activeElement === done.current.ownerDocument.body) done.current.focus();
  }, [verified]);

  const load = () =>
    session.dms.safety(peer).then(
      (result) => {
        setCode(result.code);
        setVerified(result.verified);
      },
      (error: unknown) => setProblem(describeError(error)),
    );
  useEffect(() => {
    void load();
  }, [peer]); // once per opened dialog

  const markVerified = async () => {
    if (!code) return;
    setBusy(true);
    setProblem(null);
    try {
      await session.dms.verify(peer, code.digits);
      setVerified(true);
    } catch (error) {
      setProblem(describeError(error));
      await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Safety code with ${name}`} onClose={onClose} description={`Compare this code with ${name}, in person or on a call you trust. If it is the same on both screens, nobody is reading along.`}>
      <div className="safety-code">
        {code ? (
          <>
            <p className="safety-code__digits" aria-label={`Safety code: ${code.groups.join(' ')}`}>
              {code.groups.map((group, i) => (
                <span key={i} className="safety-code__group">
                  {group}
                </span>
              ))}
            </p>
            <div className="safety-code__qr">
              <QrCode text={code.qrPayload} size={168} />
            </div>
          </>
        ) : (
          !problem && <p className="safety-code__loading">Getting the code…</p>
        )}
        {problem && (
          <p className="safety-code__problem" role="alert">
            {problem}
          </p>
        )}
        <div className="safety-code__actions">
          {verified ? (
            <p className="safety-code__verified" role="status">
              <LockIcon size={14} /> Verified: you compared this code with {name}.
            </p>
          ) : (
            code && (
              <button type="button" className="button button--primary" data-autofocus disabled={busy} onClick={() => void markVerified()}>
                Mark as verified
              </button>
            )
          )}
          <button ref={done} type="button" className="button" onClick={onClose}>
            {verified ? 'Done' : 'Not now'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
