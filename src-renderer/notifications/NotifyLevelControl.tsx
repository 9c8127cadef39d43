// The header's one bell: per conversation, notify me about all new messages,
// mentions only, or nothing (on this device; notify-level.ts), "Mute" (synced
// over my devices by the host: quieter in the sidebar, only mentions notify),
// and whether this browser/system lets Parley notify at all. Mute used to be a
// second bell beside this one; two look-alike bells crowded the header at 390 px.
// The button says both: "Notifications: Mentions only, muted".
import { useId, useState } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';
import { NotificationAccessRow } from './NotificationAccessRow.js';
import { NOTIFY_LEVEL_LABELS, NOTIFY_LEVELS, notifyLevelOf } from './notify-level.js';
import './notifications.css';

const SHORT: Record<string, string> = { all: 'All', mentions: 'Mentions', none: 'Off' };

export function NotifyLevelControl({ conv, name }: { conv: string; name: string }) {
  const session = useChatSession();
  const level = useAppStore((s) => notifyLevelOf(conv, s.notifyLevels));
  const muted = useAppStore((s) => s.muted[conv] === true);
  const [open, setOpen] = useState(false);
  const [muteError, setMuteError] = useState<string | null>(null);
  const groupName = useId();

  const setMuted = async (next: boolean) => {
    setMuteError(null);
    try {
      await session.setMuted(conv, next);
    } catch (error) {
      setMuteError(`Could not ${next ? 'mute' : 'unmute'} this conversation: ${describeError(error)}`);
    }
  };

  return (
    <>
      <button
        type="button"
        className={`button button--ghost button--small header-action${muted ? ' header-action--on' : ''}`}
        aria-label={`Notifications: ${NOTIFY_LEVEL_LABELS[level]}${muted ? ', muted' : ''}`}
        aria-haspopup="dialog"
        title={muted ? 'Muted: only mentions notify. Choose what notifies you here, or unmute.' : 'Choose what notifies you here, or mute'}
        onClick={() => setOpen(true)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          {muted ? (
            <path d="M13.7 21a2 2 0 0 1-3.4 0M18 8a6 6 0 0 0-9.3-5M6.3 6.3A6 6 0 0 0 6 8c0 7-3 9-3 9h14M3 3l18 18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          ) : (
            <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0M21 4l-2 2M3 4l2 2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          )}
        </svg>
        <span className="header-action__text">{muted ? 'Muted' : SHORT[level]}</span>
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
          <label className="notify-levels__option notify-levels__mute">
            <input type="checkbox" checked={muted} onChange={(event) => void setMuted(event.target.checked)} />
            Mute {name}
          </label>
          <p className="notify-levels__note">Muted: quieter in the sidebar, and only mentions of you notify — on all your devices.</p>
          {muteError && (
            <p className="notify-levels__problem" role="alert">
              {muteError}
            </p>
          )}
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
