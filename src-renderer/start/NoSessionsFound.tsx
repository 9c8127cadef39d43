// Nothing found: say so, and what usually causes it.
export function NoSessionsFound() {
  return (
    <div className="no-sessions">
      <p className="no-sessions__title">No sessions found on this network yet.</p>
      <p>Parley keeps looking. If someone is hosting and it does not show up:</p>
      <ul>
        <li>Are you on the same Wi-Fi or network as the host? Guest networks often keep devices apart.</li>
        <li>Does the firewall allow Parley? On Windows, allow it on private networks when asked.</li>
        <li>Is a VPN on? It can hide the local network — pause it and look again.</li>
        <li>Still nothing: use <strong>Join by address</strong> below with the address the host shows, or scan the host’s QR code with a phone.</li>
      </ul>
    </div>
  );
}
