// Above the conversation, until dismissed: the visible explanation from which
// notifications are turned on (browsers ask only from a click), or why they
// cannot be. Dismissed, it stays away until the access changes (say, turned
// on, then blocked in site settings). Turned on, it disappears by itself.
import { useAppStore, useChatSession } from '../app/app-services.js';
import { NotificationAccessRow } from './NotificationAccessRow.js';
import './notifications.css';

export function NotificationBanner() {
  const session = useChatSession();
  const access = useAppStore((s) => s.notificationAccess);
  const dismissed = useAppStore((s) => s.notifyPromptDismissed);
  if (access === 'granted' || access === 'unsupported' || dismissed === access) return null;
  return (
    <section className="notify-banner" aria-label="Notifications">
      <NotificationAccessRow onDismiss={() => session.notifications.dismissPrompt()} />
    </section>
  );
}
