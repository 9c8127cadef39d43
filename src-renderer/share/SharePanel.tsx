// "Invite people": the addresses a browser or another app can join at, and a
// QR code of the first one for phones.
import { useState } from 'react';
import { QrCode } from './QrCode.js';
import './share.css';

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  // The clipboard API needs a secure context (http:// on a LAN is not one).
  if (typeof navigator === 'undefined' || !navigator.clipboard || !window.isSecureContext) return null;
  return (
    <button
      type="button"
      className="button button--small"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => {},
        )
      }
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

export function SharePanel({ urls, sessionName, passcodeRequired }: { urls: string[]; sessionName: string; passcodeRequired: boolean }) {
  const first = urls[0];
  if (!first) {
    return <p className="share__empty">This session has no address others can use yet.</p>;
  }
  return (
    <section className="share" aria-label="Share">
      <div className="share__qr">
        <QrCode text={first} />
        <p className="share__qr-caption">Scan with a phone camera</p>
      </div>
      <div className="share__text">
        <p>
          People on the same network join <strong>{sessionName}</strong> by opening {urls.length === 1 ? 'this address' : 'one of these addresses'} in a browser, or from the Parley app (Join by address).
        </p>
        <ul className="share__urls" aria-label="Addresses">
          {urls.map((url) => (
            <li key={url} className="share__url">
              <input className="share__url-input" readOnly value={url} aria-label={`Address ${url}`} onFocus={(event) => event.currentTarget.select()} />
              <CopyButton text={url} />
            </li>
          ))}
        </ul>
        {passcodeRequired && <p className="share__note">They will also need the session's passcode.</p>}
      </div>
    </section>
  );
}
