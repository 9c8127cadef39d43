// The header's "Notifications" control: per conversation, notify me about all
// new messages, mentions only, or nothing (on this device; notify-level.ts),
// and whether this browser/system lets Parley notify at all.
import { useId, useState } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { NotificationAccessRow } from './NotificationAccessRow.js';
import { NOTIFY_LEVEL_LABELS, NOTIFY_LEVELS, notifyLevelOf } from './notify-level.js';
import './notifications.css';

const SHORT: Record<string, string> = { all: 'All', mentions: 'Mentions', none: 'Off' };

export function NotifyLevelControl({ conv, name }: { conv: string; name: string }) {
  const session = useChatSession();
  const level = useAppStore((s) => notifyLevelOf(conv, s.notifyLevels));
  const [open, setOpen] = useState(false);
  const groupName = useId();

  return (
    <>
      <button
        type="button"
        className="button button--ghost button--small header-action"
        aria-label={`Notifications: ${NOTIFY_LEVEL_LABELS[level]}`}
        aria-haspopup="dialog"
        title="Choose what notifies you here"
        onClick={() => setOpen(true)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0M21 4l-2 2M3 4l2 2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="header-action__text">{SHORT[level]}</span>
      </button>
      {open && (
        <Dialog title={`Notifications for ${name}`} onClose={() => setOpen(false)}>
          <fieldset className="notify-levels">
            <legend>Notify me about</legend>
            {NOTIFY_LEVELS.map((option) => (
              <label key={option} className="notify-levels__option">
                <input
                  type="radio"
                  name={groupName}
                  value={option}
                  checked={level === option}
                  {...(level === option && { 'data-autofocus': true })}
                  onChange={() => session.notifications.setLevel(conv, option)}
                />
                {NOTIFY_LEVEL_LABELS[option]}
              </label>
            ))}
          </fieldset>
          <p className="notify-levels__note">Kept on this device. DMs start at all new messages, channels at mentions only.</p>
          <NotificationAccessRow />
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
