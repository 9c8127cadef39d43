// What discovery sees: the problem it hit, and the interfaces it looks on.
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';

export function DiscoveryDetails({ status }: { status: DiscoveryStatus }) {
  return (
    <div className="discovery-details">
      {status.problem && (
        <p className="discovery-details__problem" role="alert">
          Looking for sessions does not work right now: {status.problem}
        </p>
      )}
      {status.interfaces.length > 0 ? (
        <p className="discovery-details__interfaces">
          Looking on {status.interfaces.map((i) => `${i.name} (${i.address})`).join(', ')}.
        </p>
      ) : (
        <p className="discovery-details__interfaces">No network connection found on this computer.</p>
      )}
    </div>
  );
}
