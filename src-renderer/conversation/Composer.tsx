// Where messages are written. Enter sends, Shift+Enter starts a new line (and
// Enter while an input method is composing is left alone). Near the limit it
// says how many characters are left. While offline a message still "sends":
// it waits in ChatClient's outbox and shows as pending.
// Also: the "Replying to NAME" bar, Up-arrow in an empty composer edits my
// last message, and "@" + letters suggests people to mention (the textarea
// keeps its textbox role — a combobox is single-line in ARIA — and points at
// the listbox with aria-controls / aria-activedescendant). ":" + two letters
// suggests emoji the same way, `:shortcode:`s become emoji on send (not in
// code), and "Insert emoji" opens the picker and puts its choice at the caret.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../src-shared/limits.js';
import { dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { personName } from '../store/selectors.js';
import { AttachmentChips } from './AttachmentChips.js';
import type { OutgoingFile } from '../store/attachments-slice.js';
import { convertShortcodes } from '../../src-shared/shortcode-conversion.js';
import { DmSendNotice } from './DmSendNotice.js';
import { EmojiPicker } from './EmojiPicker.js';
import { EmojiSuggestionList, emojiOptionId } from './EmojiSuggestionList.js';
import { shortcodeLookup } from './emoji-suggestions.js';
import { useEmojiCompletion } from './use-emoji-completion.js';
import { useEmojiPickerInsert } from './use-emoji-picker-insert.js';
import { activeMentionQuery, conversationMembers, insertMention, mentionCandidates, mentionHint, type MentionQuery } from './mention-suggestions.js';

/** Show the count once this few characters are left. */
const SHOW_REMAINING_BELOW = 500;

const codePoints = (text: string) => [...text].length;
const NO_MESSAGES: Message[] = [];

export interface ComposerProps {
  conv: string;
  placeholder: string;
  /** Files picked with "Attach file" or pasted (an image from the clipboard): they wait as chips (AttachmentChips). */
  onFiles?: (files: File[]) => void;
  /**
   * Send: the files waiting in the composer go with the text as their caption (send-with-files.ts).
   * False when none went (all refused): the text and the chips stay, nothing is lost.
   */
  onSendFiles?: (files: OutgoingFile[], caption: string) => boolean;
  /** Desktop: the Attach button opens the native dialog through main instead of <input type=file>. */
  onPick?: () => void;
}

export function Composer({ conv, placeholder, onFiles, onPick, onSendFiles }: ComposerProps) {
  const session = useChatSession();
  const draft = useAppStore((s) => s.drafts[conv] ?? '');
  const setDraft = useAppStore((s) => s.setDraft);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const replyingTo = useAppStore((s) => s.replyingTo[conv] ?? null);
  // The display name as it is now (a rename shows at once), the sign-in name when the author is unknown here.
  const replyingToName = useAppStore((s) => (replyingTo ? personName(s.users, replyingTo.from, replyingTo.fromName) : ''));
  const setReplyingTo = useAppStore((s) => s.setReplyingTo);
  const setEditing = useAppStore((s) => s.setEditing);
  const setFocusMessage = useAppStore((s) => s.setFocusMessage);
  const messages = useAppStore((s) => s.messages[conv] ?? NO_MESSAGES);
  const users = useAppStore((s) => s.users);
  const meId = useAppStore((s) => s.me?.id ?? null);
  const channelMembers = useAppStore((s) => {
    const parsed = parseConversationKey(conv);
    return parsed?.kind === 'channel' ? s.channelMembers[parsed.channelId] : undefined;
  });

  useEffect(() => {
    // Put the cursor here when a conversation opens, where a physical keyboard is likely.
    if (window.matchMedia?.('(pointer: fine)').matches) textarea.current?.focus();
  }, [conv]);

  // Reply chosen on a message: write it here.
  useEffect(() => {
    if (replyingTo) textarea.current?.focus();
  }, [replyingTo]);

  // ---- mention suggestions
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [selected, setSelected] = useState(0);
  const listId = useId();
  const isChannel = parseConversationKey(conv)?.kind === 'channel';
  const members = useMemo(
    () => (mention ? conversationMembers(conv, users, messages, meId, channelMembers) : []),
    [mention, conv, users, messages, meId, channelMembers],
  );
  const candidates = useMemo(() => (mention ? mentionCandidates(mention.query, members, isChannel) : []), [mention, members, isChannel]);
  const suggesting = mention !== null && mention.start !== dismissedAt && candidates.length > 0;
  const active = suggesting ? Math.min(selected, candidates.length - 1) : -1;

  const trackMention = (value: string, caret: number | null) => {
    const next = caret === null ? null : activeMentionQuery(value, caret);
    setMention(next);
    if (!next || next.start !== mention?.start) setSelected(0);
    if (!next) setDismissedAt(null);
  };

  const pickMention = (name: string) => {
    if (!mention) return;
    const { text: next, caret } = insertMention(draft, mention, name);
    setDraft(conv, next);
    setDismissedAt(mention.start);
    setMention(null);
    pendingCaret.current = caret;
  };
  // After an insertion, the caret goes after the name once the new value is in the DOM.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null || !textarea.current) return;
    pendingCaret.current = null;
    textarea.current.focus();
    textarea.current.setSelectionRange(caret, caret);
  }, [draft]);

  // ---- emoji: ":" completion and the "Insert emoji" picker
  const emoji = useEmojiCompletion(draft);
  const emojiListId = useId();
  const emojiPicker = useEmojiPickerInsert(textarea, draft, (next) => setDraft(conv, next));
  const pickEmojiSuggestion = (index: number) => {
    const picked = emoji.pick(draft, index);
    if (!picked) return;
    setDraft(conv, picked.text);
    pendingCaret.current = picked.caret;
  };

  const text = draft.trim();
  const remaining = MAX_MESSAGE_CHARS - codePoints(text);
  const tooLong = remaining < 0;
  const waitingFiles = useAppStore((s) => s.attachments[conv]?.length ?? 0);
  const takeAttachments = useAppStore((s) => s.takeAttachments);
  const restoreAttachments = useAppStore((s) => s.restoreAttachments);
  const canSend = (text.length > 0 || (waitingFiles > 0 && onSendFiles !== undefined)) && !tooLong;

  // An encrypted DM that could not be sent (nobody to encrypt to, or waiting
  // for "Send anyway"): the draft and the reply come back, and DmSendNotice says why.
  const latestDraft = useRef(draft);
  latestDraft.current = draft;
  const dmWith = meId !== null ? dmPeer(conv, meId) : null;
  const send = () => {
    if (!canSend) return;
    if (waitingFiles > 0 && onSendFiles) {
      const waiting = takeAttachments(conv);
      const sent = onSendFiles(
        waiting.map((a) => a.file),
        convertShortcodes(text, shortcodeLookup),
      );
      if (!sent) {
        // Every file refused (the words show above): the chips come back and the text stays.
        restoreAttachments(conv, waiting);
        return;
      }
      setDraft(conv, '');
      setMention(null);
      return;
    }
    const reply = replyingTo;
    session.messages.send(conv, convertShortcodes(text, shortcodeLookup), reply ? { replyTo: reply.seq } : {})?.catch(() => {
      if (latestDraft.current.trim() !== '') return; // written on meanwhile: keep what is there
      setDraft(conv, draft);
      if (reply) setReplyingTo(conv, reply);
    });
    setDraft(conv, '');
    if (replyingTo) setReplyingTo(conv, null);
    setMention(null);
    emoji.close();
  };

  /** Up in an empty composer: edit my last message here. */
  const editLast = (): boolean => {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.from === meId && m.kind === 'text' && !m.deleted) {
        setEditing({ conv, seq: m.seq });
        setFocusMessage(conv, m.seq);
        return true;
      }
    }
    return false;
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
    textarea.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (emoji.handleKey(event, pickEmojiSuggestion)) return;
    if (suggesting) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((active + step + candidates.length) % candidates.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        pickMention(candidates[active]!.name);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(mention.start);
        return;
      }
    }
    if (event.key === 'Escape' && replyingTo) {
      event.preventDefault();
      setReplyingTo(conv, null);
      return;
    }
    if (event.key === 'ArrowUp' && draft.length === 0 && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      if (editLast()) event.preventDefault();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    send();
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!onFiles || files.length === 0) return;
    // A copied image (or files copied in a file manager): share them, paste no text.
    event.preventDefault();
    onFiles(files);
  };

  const countId = `composer-count-${conv}`;
  return (
    <form className="composer" onSubmit={onSubmit}>
      {dmWith !== null && (
        <DmSendNotice
          conv={conv}
          peer={dmWith}
          onSendDraft={() => {
            send();
            textarea.current?.focus(); // the banner (and its button) goes away
          }}
        />
      )}
      {replyingTo && (
        <div className="reply-bar">
          <span className="reply-bar__text">
            Replying to <strong>{replyingToName}</strong>
          </span>
          <button type="button" className="icon-button reply-bar__cancel" aria-label="Cancel reply" title="Cancel reply" onClick={() => setReplyingTo(conv, null)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      {suggesting && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="Mention someone">
          {candidates.map((candidate, index) => (
            <li
              key={candidate.name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className="mention-list__option"
              onMouseDown={(event) => {
                event.preventDefault(); // keep focus in the textarea
                pickMention(candidate.name);
              }}
              onMouseEnter={() => setSelected(index)}
            >
              <span className="mention-list__name">{candidate.label}</span>
              <span className="mention-list__hint">{mentionHint(candidate)}</span>
            </li>
          ))}
        </ul>
      )}
      {emoji.suggesting && <EmojiSuggestionList id={emojiListId} candidates={emoji.candidates} active={emoji.active} onPick={pickEmojiSuggestion} onHover={emoji.select} />}
      {emojiPicker.picking && <EmojiPicker title="Insert emoji" onPick={emojiPicker.pick} onClose={emojiPicker.close} />}
      <AttachmentChips conv={conv} />
      <div className={`composer__box${tooLong ? ' composer__box--invalid' : ''}`}>
        {onFiles && (
          <>
            <button type="button" className="composer__attach" aria-label="Attach file" title="Attach file" onClick={() => (onPick ? onPick() : picker.current?.click())}>
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path
                  d="M16.5 6.5 8.6 14.4a1.9 1.9 0 0 0 2.7 2.7l8-8a3.8 3.8 0 0 0-5.4-5.4l-8 8a5.7 5.7 0 0 0 8.1 8.1l6.4-6.4"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="attach-input"
              onChange={(event) => {
                const files = Array.from(event.target.files ?? []);
                event.target.value = ''; // picking the same file again fires change again
                if (files.length) onFiles(files);
              }}
            />
          </>
        )}
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label="Message"
          aria-describedby={remaining <= SHOW_REMAINING_BELOW ? countId : undefined}
          aria-invalid={tooLong || undefined}
          aria-autocomplete="list"
          aria-controls={emoji.suggesting ? emojiListId : suggesting ? listId : undefined}
          aria-activedescendant={emoji.suggesting ? emojiOptionId(emojiListId, emoji.active) : suggesting ? `${listId}-${active}` : undefined}
          placeholder={placeholder}
          rows={1}
          value={draft}
          onChange={(event) => {
            setDraft(conv, event.target.value);
            if (event.target.value.trim()) session.messages.typing(conv);
            trackMention(event.target.value, event.target.selectionStart);
            emoji.track(event.target.value, event.target.selectionStart);
          }}
          onSelect={(event) => {
            const el = event.currentTarget;
            if (el.selectionStart !== el.selectionEnd) {
              setMention(null);
              emoji.close();
            } else {
              if (mention) trackMention(el.value, el.selectionStart);
              if (emoji.suggesting) emoji.track(el.value, el.selectionStart);
            }
          }}
          onBlur={() => {
            setMention(null);
            emoji.close();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button type="button" className="composer__attach composer__emoji" aria-label="Insert emoji" title="Insert emoji" onClick={emojiPicker.open}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <g fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
              <circle cx="12" cy="12" r="9" />
              <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0" />
            </g>
            <circle cx="9" cy="10" r="1.2" fill="currentColor" />
            <circle cx="15" cy="10" r="1.2" fill="currentColor" />
          </svg>
        </button>
        <button type="submit" className="composer__send" disabled={!canSend} aria-label="Send">
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" fill="currentColor" />
          </svg>
        </button>
      </div>
      <div className="composer__footer">
        <span className="composer__hint">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </span>
        {remaining <= SHOW_REMAINING_BELOW && (
          <span id={countId} className={`composer__count${tooLong ? ' composer__count--over' : ''}`} aria-live="polite">
            {tooLong ? `${-remaining} characters over the limit — shorten it or split it` : `${remaining} characters left`}
          </span>
        )}
      </div>
    </form>
  );
}
