// Above the composer in a DM: why a message was not sent (the draft is kept),
// and — after the other person's devices changed in a verified conversation —
// why sending waits, with "Send anyway" (a deliberate confirmation: it does
// not mark them verified) and "Compare safety code". Like Signal's "safety
// number changed" gate: nothing goes to a new device without the person deciding.
import { useState } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { describeError } from '../session/describe-error.js';
import { personName } from '../store/selectors.js';

export interface DmSendNoticeProps {
  conv: string;
  peer: number;
  /** Sends the draft (after "Send anyway"), if there is one. */
  onSendDraft: () => void;
}

export function DmSendNotice({ conv, peer, onSendDraft }: DmSendNoticeProps) {
  const session = useChatSession();
  const waits = useAppStore((s) => s.dmTrust[peer]?.waits === true);
  const problem = useAppStore((s) => s.dmProblems[conv]);
  const name = useAppStore((s) => personName(s.users, peer, 'They'));
  const openSafety = useAppStore((s) => s.openSafety);
  const [error, setError] = useState<string | null>(null);

  if (waits) {
    const sendAnyway = async () => {
      setError(null);
      try {
        await session.dms.confirm(peer);
        onSendDraft();
      } catch (failure) {
        setError(describeError(failure));
      }
    };
    return (
      <div className="dm-send-notice dm-send-notice--waits" role="alert">
        <p className="dm-send-notice__text">
          <strong>{name}&rsquo;s devices changed</strong> after you verified the safety code. Messages to {name} wait until you compare the new code, or choose to send anyway.
        </p>
        <div className="dm-send-notice__actions">
          <button type="button" className="button button--small" onClick={() => openSafety(peer)}>
            Compare safety code
          </button>
          <button type="button" className="button button--small button--ghost" onClick={() => void sendAnyway()}>
            Send anyway
          </button>
        </div>
        {error && <p className="dm-send-notice__error">{error}</p>}
      </div>
    );
  }
  if (!problem) return null;
  return (
    <div className="dm-send-notice" role="alert">
      <p className="dm-send-notice__text">{problem}</p>
    </div>
  );
}
