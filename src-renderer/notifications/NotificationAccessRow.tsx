// What this device does about notifications and what the person can do:
// "Turn on" (which asks the browser, from this click only), the browser has
// blocked them and how to allow them again, or (desktop) the system decides.
// Shown by NotificationBanner and in the conversation's notification settings.
import { useEffect } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { blockedHint } from './blocked-hint.js';

export const TURN_ON_TEXT = 'Get notified of DMs and mentions.';

export function NotificationAccessRow({ onDismiss }: { onDismiss?: () => void }) {
  const session = useChatSession();
  const access = useAppStore((s) => s.notificationAccess);

  // The person may change it in the browser's site settings while away: look again on return.
  useEffect(() => {
    const refresh = () => session.notifications.refreshAccess();
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [session]);

  const dismiss = onDismiss && (
    <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
      {access === 'default' ? 'Not now' : 'Dismiss'}
    </button>
  );

  if (access === 'default') {
    return (
      <div className="notify-access">
        <span className="notify-access__text">{TURN_ON_TEXT}</span>
        <span className="notify-access__actions">
          <button type="button" className="button button--small" onClick={() => void session.notifications.turnOn()}>
            Turn on notifications
          </button>
          {dismiss}
        </span>
      </div>
    );
  }
  if (access === 'denied') {
    return (
      <div className="notify-access">
        <span className="notify-access__text">
          <strong>Notifications are blocked for this page.</strong> {blockedHint(navigator.userAgent)}
        </span>
        {dismiss && <span className="notify-access__actions">{dismiss}</span>}
      </div>
    );
  }
  if (access === 'system') {
    return (
      <div className="notify-access">
        <span className="notify-access__text">Parley notifies you of DMs and mentions. Your system decides whether they show: if none appear, allow Parley in its notification settings.</span>
        {dismiss && <span className="notify-access__actions">{dismiss}</span>}
      </div>
    );
  }
  if (access === 'granted') return onDismiss ? null : <div className="notify-access"><span className="notify-access__text">Notifications are on for this browser.</span></div>;
  return onDismiss ? null : <div className="notify-access"><span className="notify-access__text">This browser cannot show notifications.</span></div>;
}
