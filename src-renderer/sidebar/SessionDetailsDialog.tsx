// "Session details" from the sidebar header: which session this is, where,
// and its session code to compare with the host's screen (when the host has
// an identity — a --plain host has none, and says nothing is encrypted).
import { Dialog } from '../common/Dialog.js';
import { useAppStore, usePlatform } from '../app/app-services.js';
import { useHostStatus } from '../share/use-host-status.js';
import { HandOverChoices } from '../handover/HandOverPicker.js';
import { TakeOverButton } from '../handover/TakeOverButton.js';
import { SessionCodeDetails } from '../trust/SessionCodeDetails.js';

export function SessionDetailsDialog({ onClose }: { onClose: () => void }) {
  const platform = usePlatform();
  const session = useAppStore((s) => s.session);
  const target = useAppStore((s) => s.target);
  const identity = session?.identity ?? null;
  // Taking over the session this computer already hosts makes no sense.
  const host = useHostStatus();
  const hostedHere = host?.running === true && identity !== null && host.identity === identity;
  return (
    <Dialog title={session?.name ?? 'This session'} onClose={onClose} description={target ? `At ${target.label}` : undefined}>
      {identity ? (
        <SessionCodeDetails identity={identity} kind={platform.kind} />
      ) : (
        <p className="session-details__plain">This session has no identity to check: its host runs without encryption (--plain), so anyone on the network can read it.</p>
      )}
      {!hostedHere && <TakeOverButton />}
      {hostedHere && platform.hosting && !host.handedOverTo && (
        <section className="handover__inline" aria-labelledby="hand-over-title">
          <h3 id="hand-over-title" className="handover__confirm-title">
            Hand over this session
          </h3>
          <HandOverChoices hosting={platform.hosting} offer={host.handOverOffer} />
        </section>
      )}
      <div className="form__actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
