// "Invite people": the addresses a browser or another app can join at, and a
// QR code of the first one for phones. When the session identity is known the
// addresses are share links (https://HOST:PORT/#fp=…, src-shared/session-link.ts):
// the desktop app's Join by address then connects only to that session, and
// the session code is shown beside them to compare by eye.
import { useState } from 'react';
import { buildSessionLink } from '../../src-shared/session-link.js';
import { usePlatform } from '../app/app-services.js';
import { SessionCodeDetails } from '../trust/SessionCodeDetails.js';
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

function linkFor(url: string, identity: string | null): string {
  try {
    return identity ? buildSessionLink(url, identity) : url;
  } catch {
    return url; // not a page address (should not happen): share it as it is
  }
}

export interface SharePanelProps {
  urls: string[];
  /** The session identity (64 hex) when known: the links carry it and its code is shown. */
  identity: string | null;
  sessionName: string;
  passcodeRequired: boolean;
}

export function SharePanel({ urls: pageUrls, identity, sessionName, passcodeRequired }: SharePanelProps) {
  const platform = usePlatform();
  const urls = pageUrls.map((url) => linkFor(url, identity));
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
        {identity && <SessionCodeDetails identity={identity} kind={platform.kind} />}
        {passcodeRequired && <p className="share__note">They will also need the session's passcode.</p>}
      </div>
    </section>
  );
}
