// The buttons on a message, shown while the pointer is over it or focus is in
// it: Add reaction (opens the picker), Reply, Edit message (mine) and Delete
// message (mine, or anyone's for an admin, after a confirmation).
import { useState, type KeyboardEvent } from 'react';
import type { Message } from '../../src-shared/protocol/frames.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';
import { EmojiPicker } from './EmojiPicker.js';
import { canDelete, canEdit, isActionable, type MessageContextValue } from './message-context.js';

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

const ICONS = {
  react: 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01',
  reply: 'M9 14 4 9l5-5M4 9h10a6 6 0 0 1 6 6v4',
  thread: 'M5 5h14v10H9l-4 4V5zM9 9h6M9 12h4',
  edit: 'M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16v4zM13.5 6.5l4 4',
  delete: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
};

/** Left/Right (and Home/End) move between a toolbar's buttons (the ARIA toolbar pattern). */
function moveInToolbar(event: KeyboardEvent<HTMLDivElement>): void {
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (index < 0) return;
  const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  buttons[(next + buttons.length) % buttons.length]?.focus();
}

export interface MessageActionsProps {
  message: Message;
  context: MessageContextValue;
}

export function MessageActions({ message, context }: MessageActionsProps) {
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!isActionable(message)) return null;
  const mayEdit = canEdit(message, context.meId);
  const mayDelete = canDelete(message, context.meId, context.isAdmin);
  const othersMessage = message.from !== context.meId;

  const pick = (emoji: string) => {
    setPicking(false);
    const mine = message.reactions?.find((r) => r.emoji === emoji)?.users.includes(context.meId ?? -1) ?? false;
    // Picking an emoji I already put there leaves it (the chip removes it).
    if (!mine) void context.react(message.seq, emoji, true);
  };

  const remove = () => {
    setBusy(true);
    setProblem(null);
    context.remove(message.seq).then(
      () => setConfirming(false),
      (error: unknown) => {
        setBusy(false);
        setProblem(describeError(error));
      },
    );
  };

  return (
    <>
      <div className="message-actions" role="toolbar" aria-label="Message actions" onKeyDown={moveInToolbar}>
        <button type="button" className="message-actions__button" aria-label="Add reaction" title="Add reaction" onClick={() => setPicking(true)}>
          <Icon d={ICONS.react} />
        </button>
        <button type="button" className="message-actions__button" aria-label="Reply" title="Reply" onClick={() => context.reply(message.seq)}>
          <Icon d={ICONS.reply} />
        </button>
        {context.openThread && message.threadRoot === undefined && (
          <button type="button" className="message-actions__button" aria-label="Reply in thread" title="Reply in thread" onClick={() => context.openThread?.(message.seq)}>
            <Icon d={ICONS.thread} />
          </button>
        )}
        {mayEdit && (
          <button type="button" className="message-actions__button" aria-label="Edit message" title="Edit message" onClick={() => context.startEdit(message.seq)}>
            <Icon d={ICONS.edit} />
          </button>
        )}
        {mayDelete && (
          <button
            type="button"
            className="message-actions__button message-actions__button--danger"
            aria-label="Delete message"
            title="Delete message"
            onClick={() => {
              setProblem(null);
              setBusy(false);
              setConfirming(true);
            }}
          >
            <Icon d={ICONS.delete} />
          </button>
        )}
      </div>
      {picking && <EmojiPicker onPick={pick} onClose={() => setPicking(false)} />}
      {confirming && (
        <Dialog
          title="Delete this message?"
          onClose={() => setConfirming(false)}
          description={
            othersMessage
              ? `${message.fromName}'s message will be removed for everyone. Everyone sees that an admin deleted it.`
              : 'It will be removed for everyone. This cannot be undone.'
          }
        >
          {problem && (
            <p className="form__alert" role="alert">
              Could not delete it: {problem}
            </p>
          )}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
              Cancel
            </button>
            <button type="button" className="button button--danger" onClick={remove} disabled={busy}>
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
