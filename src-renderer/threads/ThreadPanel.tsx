// The open thread beside the conversation (over it, with Back, on narrow
// screens): its root, its replies — drawn by the conversation's own message
// rows — and a composer of its own with "Also send to #channel". "Reply" on
// a message of the thread quotes it in the reply (the inline quote reply of
// the conversation, Escape or × drops it); my replies show "Sending…" until
// the host has them, and "Not sent" with Retry / Discard when refused.
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { JUMP_HIGHLIGHT_MS, MessageContext, type MessageContextValue } from '../conversation/message-context.js';
import { MessageRowView } from '../conversation/MessageRowView.js';
import { RowEngagedContext, useEngage } from '../conversation/row-engaged.js';
import { ROVING_KEY_ATTR } from '../conversation/use-roving-messages.js';
import { describeError } from '../session/describe-error.js';
import { repliesLabel } from '../session/session-threads.js';
import { conversationTitle, personName } from '../store/selectors.js';
import './threads.css';

/**
 * One message of the thread. Its actions mount when the pointer enters it or
 * focus enters it (its author's name is its first control), as in the
 * conversation's list (row-engaged.ts): a page of replies each mounting a
 * toolbar up front cost about a fifth of the panel's first paint
 * (bench/renderer/README.md).
 */
function ThreadRow({ seq, children }: { seq: number; children: ReactNode }) {
  const { engaged, handlers } = useEngage();
  return (
    <div data-thread-seq={seq} onPointerEnter={handlers.onPointerEnter} onFocus={handlers.onFocus}>
      <RowEngagedContext.Provider value={engaged}>{children}</RowEngagedContext.Provider>
    </div>
  );
}

const NO_REPLIES: never[] = [];
const NO_PENDING: never[] = [];

export function ThreadPanel() {
  const open = useAppStore((s) => s.openThread);
  const root = useAppStore((s) => (open ? (s.messages[open.conv]?.find((m) => m.seq === open.root) ?? s.threadRoots[open.root]) : undefined));
  const replies = useAppStore((s) => (open ? (s.threadReplies[open.root] ?? NO_REPLIES) : NO_REPLIES));
  const pending = useAppStore((s) => (open ? (s.threadPending[open.root] ?? NO_PENDING) : NO_PENDING));
  const title = useAppStore((s) => (open ? conversationTitle(s, open.conv) : ''));
  const me = useAppStore((s) => s.me);
  const session = useChatSession();
  const [text, setText] = useState('');
  const [also, setAlso] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** The message of the thread my reply quotes ("Replying to Bob"). */
  const [quoting, setQuoting] = useState<{ seq: number; from: number; fromName: string } | null>(null);
  // Just the quoted author's name (as it is now): nobody else's presence re-renders the panel.
  const quotingName = useAppStore((s) => (quoting ? personName(s.users, quoting.from, quoting.fromName) : ''));
  /** The message flashing after its quote was clicked (as the conversation flashes a jump), or null. */
  const [highlightSeq, setHighlightSeq] = useState<number | null>(null);
  const panel = useRef<HTMLElement>(null);
  /** The reply (or root) being edited in the panel, with the conversation's own editor. */
  const [editingSeq, setEditingSeq] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  // The message the thread was opened from (by its row key, as the virtual
  // list may have re-created its element): closing gives it focus back.
  const openedFrom = useRef<string | null>(null);

  useEffect(() => {
    const from = document.activeElement?.closest(`[${ROVING_KEY_ATTR}]`);
    if (from && !from.closest('.thread-panel')) openedFrom.current = from.getAttribute(ROVING_KEY_ATTR);
    // As in Slack, the reply box is ready to type in (the heading when the root was deleted).
    (input.current && !input.current.disabled ? input.current : heading.current)?.focus();
    setQuoting(null);
  }, [open?.root]);
  useEffect(() => {
    if (highlightSeq === null) return;
    const timer = setTimeout(() => setHighlightSeq(null), JUMP_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlightSeq]);

  const context = useMemo<MessageContextValue | null>(
    () =>
      open && {
        conv: open.conv,
        meId: me?.id ?? null,
        isAdmin: me?.isAdmin ?? false,
        held: (seq) => (root?.seq === seq ? root : replies.find((m) => m.seq === seq)),
        highlightSeq,
        editingSeq,
        react: (seq, emoji, on) => session.messages.react(seq, emoji, on).catch(() => {}),
        // Replying is replying in the thread, quoting the message (as in the conversation).
        reply: (seq) => {
          const quoted = root?.seq === seq ? root : replies.find((m) => m.seq === seq);
          setQuoting({ seq, from: quoted?.from ?? 0, fromName: quoted?.fromName ?? 'someone' });
          input.current?.focus();
        },
        startEdit: (seq) => setEditingSeq(seq),
        stopEdit: () => {
          setEditingSeq(null);
          input.current?.focus();
        },
        saveEdit: async (seq, text) => {
          await session.messages.edit(seq, text);
          setEditingSeq(null);
          input.current?.focus();
        },
        remove: (seq) => session.messages.delete(seq),
        // A quote shows its original, here in the thread, and flashes it (as the conversation does).
        jumpTo: (seq) => {
          const original = panel.current?.querySelector(`[data-thread-seq="${seq}"]`);
          if (!original) return;
          setHighlightSeq(seq);
          original.scrollIntoView({ block: 'center' });
        },
      },
    [open, me, session, editingSeq, highlightSeq, root, replies],
  );

  if (!open || !context) return null;
  const isChannel = parseConversationKey(open.conv)?.kind === 'channel';

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body) return;
    const quote = quoting;
    setText('');
    setProblem(null);
    setQuoting(null);
    // Refused later: its "Sending…" row turns into "Not sent" with Retry. Not sent at all: the draft comes back.
    session.threads.reply(body, also, quote?.seq).catch((error: unknown) => {
      setText(body);
      setQuoting(quote);
      setProblem(`Not sent: ${describeError(error)}`);
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && quoting) {
      // Escape drops the quote first (as in the conversation's composer), the next one closes the thread.
      event.preventDefault();
      setQuoting(null);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  };
  const close = () => {
    const key = openedFrom.current;
    session.threads.close();
    const matches = key ? [...document.querySelectorAll<HTMLElement>(`[${ROVING_KEY_ATTR}="${CSS.escape(key)}"]`)] : [];
    matches.find((el) => !el.closest('.thread-panel'))?.focus();
  };
  // Escape closes the thread (as in Slack), unless a dialog inside it (the emoji picker) takes it first.
  const onPanelKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented || (event.target as Element).closest('[role="dialog"]')) return;
    event.preventDefault();
    close();
  };
  const rowProps = {
    myName: me?.name ?? '',
    channelName: isChannel ? title : null,
    title,
    onRetry: (id: string) => session.threads.retry(id),
    onDiscard: (id: string) => session.threads.discard(id),
  };

  return (
    <aside className="thread-panel" ref={panel} aria-labelledby="thread-panel-title" onKeyDown={onPanelKeyDown}>
      <div className="thread-panel__header">
        <button type="button" className="thread-panel__back" onClick={close} aria-label="Back to the conversation">
          <span aria-hidden="true">←</span>
        </button>
        <h2 id="thread-panel-title" className="thread-panel__title" tabIndex={-1} ref={heading}>
          Thread <span className="thread-panel__where">in {title}</span>
        </h2>
        <button type="button" className="thread-panel__close" onClick={close} aria-label="Close thread">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <MessageContext.Provider value={context}>
        <div className="thread-panel__body" role="log" aria-label="Thread replies">
          {root && (
            <ThreadRow seq={root.seq}>
              <MessageRowView row={{ kind: 'message', key: `root${root.seq}`, message: { ...root, thread: undefined }, startsGroup: true, mentionsMe: false }} {...rowProps} />
            </ThreadRow>
          )}
          <div className="thread-panel__count" role="separator">
            {repliesLabel(replies.filter((m) => !m.deleted).length)}
          </div>
          {open.hasMore && (
            <button type="button" className="thread-panel__more" onClick={() => void session.threads.more()}>
              Show older replies
            </button>
          )}
          {replies.map((message) => (
            <ThreadRow key={message.seq} seq={message.seq}>
              <MessageRowView row={{ kind: 'message', key: `r${message.seq}`, message, startsGroup: true, mentionsMe: false }} {...rowProps} />
            </ThreadRow>
          ))}
          {pending.map((reply) => (
            <MessageRowView key={reply.clientMsgId} row={{ kind: 'pending', key: `p${reply.clientMsgId}`, pending: reply, startsGroup: true }} {...rowProps} />
          ))}
          {open.loading && <p className="thread-panel__status">Loading replies…</p>}
          {open.error && (
            <p className="thread-panel__problem" role="alert">
              Could not load the thread: {open.error}
            </p>
          )}
        </div>
      </MessageContext.Provider>
      <form className="thread-panel__composer" onSubmit={send}>
        {problem && (
          <p className="thread-panel__problem" role="alert">
            {problem}
          </p>
        )}
        {quoting && (
          <div className="reply-bar">
            <span className="reply-bar__text">
              Replying to <strong>{quotingName}</strong>
            </span>
            <button
              type="button"
              className="icon-button reply-bar__cancel"
              aria-label="Cancel reply"
              title="Cancel reply"
              onClick={() => {
                setQuoting(null);
                input.current?.focus();
              }}
            >
              <span aria-hidden="true">×</span>
            </button>
          </div>
        )}
        <textarea
          className="thread-panel__input"
          ref={input}
          aria-label="Reply in thread"
          placeholder="Reply…"
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={root?.deleted === true}
        />
        <div className="thread-panel__row">
          <label className="thread-panel__also">
            <input type="checkbox" checked={also} onChange={(event) => setAlso(event.target.checked)} />
            Also send to {isChannel ? title : 'the conversation'}
          </label>
          <button type="submit" className="button button--primary thread-panel__send" disabled={text.trim() === ''}>
            Send reply
          </button>
        </div>
      </form>
    </aside>
  );
}
