// The open thread beside the conversation (over it, with Back, on narrow
// screens): its root, its replies — drawn by the conversation's own message
// rows — and a composer of its own with "Also send to #channel".
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { MessageContext, type MessageContextValue } from '../conversation/message-context.js';
import { MessageRowView } from '../conversation/MessageRowView.js';
import { ROVING_KEY_ATTR } from '../conversation/use-roving-messages.js';
import { describeError } from '../session/describe-error.js';
import { repliesLabel } from '../session/session-threads.js';
import { conversationTitle } from '../store/selectors.js';
import './threads.css';

const NO_REPLIES: never[] = [];

export function ThreadPanel() {
  const open = useAppStore((s) => s.openThread);
  const root = useAppStore((s) => (open ? (s.messages[open.conv]?.find((m) => m.seq === open.root) ?? s.threadRoots[open.root]) : undefined));
  const replies = useAppStore((s) => (open ? (s.threadReplies[open.root] ?? NO_REPLIES) : NO_REPLIES));
  const title = useAppStore((s) => (open ? conversationTitle(s, open.conv) : ''));
  const me = useAppStore((s) => s.me);
  const users = useAppStore((s) => s.users);
  const session = useChatSession();
  const [text, setText] = useState('');
  const [also, setAlso] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
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
  }, [open?.root]);

  const context = useMemo<MessageContextValue | null>(
    () =>
      open && {
        conv: open.conv,
        meId: me?.id ?? null,
        isAdmin: me?.isAdmin ?? false,
        users,
        held: () => undefined,
        highlightSeq: null,
        editingSeq,
        react: (seq, emoji, on) => session.messages.react(seq, emoji, on).catch(() => {}),
        // In a thread, replying is replying in it: the reply box (quoting a reply is not offered here).
        reply: () => input.current?.focus(),
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
        jumpTo: () => {},
      },
    [open, me, users, session, editingSeq],
  );

  if (!open || !context) return null;
  const isChannel = parseConversationKey(open.conv)?.kind === 'channel';

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    setProblem(null);
    session.threads.reply(body, also).catch((error: unknown) => {
      setText(body);
      setProblem(`Not sent: ${describeError(error)}`);
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
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
  const rowProps = { myName: me?.name ?? '', channelName: isChannel ? title : null, title, onRetry: () => {}, onDiscard: () => {} };

  return (
    <aside className="thread-panel" aria-labelledby="thread-panel-title" onKeyDown={onPanelKeyDown}>
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
          {root && <MessageRowView row={{ kind: 'message', key: `root${root.seq}`, message: { ...root, thread: undefined }, startsGroup: true, mentionsMe: false }} {...rowProps} />}
          <div className="thread-panel__count" role="separator">
            {repliesLabel(replies.filter((m) => !m.deleted).length)}
          </div>
          {open.hasMore && (
            <button type="button" className="thread-panel__more" onClick={() => void session.threads.more()}>
              Show older replies
            </button>
          )}
          {replies.map((message) => (
            <MessageRowView key={message.seq} row={{ kind: 'message', key: `r${message.seq}`, message, startsGroup: true, mentionsMe: false }} {...rowProps} />
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
