// Shown while this app hosts a session: join it, share it, or stop it.
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { HostingFeature } from '../platform/platform.js';
import { HandOverPicker } from '../handover/HandOverPicker.js';
import { SharePanel } from '../share/SharePanel.js';
import { HostAtLoginToggle } from './HostAtLoginToggle.js';

export interface HostingCardProps {
  status: HostStatus;
  onJoin: () => void;
  onStop: () => void;
  busy: boolean;
  /** The desktop's hosting feature: offers "start at login and host this session". */
  hosting?: HostingFeature | null;
}

export function HostingCard({ status, onJoin, onStop, busy, hosting }: HostingCardProps) {
  return (
    <section className="start-card hosting-card" aria-labelledby="hosting-title">
      <div className="hosting-card__header">
        <h2 id="hosting-title" className="start-card__title">
          You are hosting “{status.sessionName}”
        </h2>
        <div className="hosting-card__actions">
          <button type="button" className="button button--primary" onClick={onJoin} disabled={busy || !status.localUrl}>
            Open my session
          </button>
          {hosting && !status.handedOverTo && <HandOverPicker hosting={hosting} sessionName={status.sessionName ?? 'your session'} offer={status.handOverOffer} />}
          <button type="button" className="button button--ghost" onClick={onStop} disabled={busy}>
            Stop hosting
          </button>
        </div>
      </div>
      {/* Also what quitting with "Hand over to …" waits on: the window says so meanwhile. */}
      {!status.handedOverTo && status.handOverOffer && (
        <p className="hosting-card__handed-over" role="status">
          {status.handOverOffer.state === 'offered'
            ? `Offered to ${status.handOverOffer.to} — waiting for them to accept.`
            : `${status.handOverOffer.to} declined to take the session over.`}
        </p>
      )}
      {status.handedOverTo && (
        <p className="hosting-card__handed-over" role="status">
          Handed over to {status.handedOverTo}: everyone moved to their computer. This one passes on the shared files, then stops hosting.
        </p>
      )}
      {hosting && status.sessionName && <HostAtLoginToggle hosting={hosting} sessionName={status.sessionName} />}
      <SharePanel urls={status.urls} identity={status.identity} sessionName={status.sessionName ?? 'your session'} passcodeRequired={status.passcodeRequired} />
    </section>
  );
}
