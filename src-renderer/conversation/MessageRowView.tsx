// One row of the message list: a day separator, a message (the first of a
// group shows avatar, name and time; the rest show their time on hover), a
// join/leave notice (or a collapsed run of them), or one of my messages still on its way.
import type { ReactNode } from 'react';
import type { FileInfo, Message } from '../../src-shared/protocol/frames.js';
import { useAppStore } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import { PersonAvatar, PersonName } from '../people/PersonName.js';
import { usePerson } from '../people/use-person.js';
import { FileCard, UploadCard, type DownloadAction } from '../files/FileCard.js';
import type { DownloadTransfer } from '../store/transfers-slice.js';
import { DmFailedLine, DmMarkAfter } from './DmMarkView.js';
import { useMessageContext, type MessageContextValue } from './message-context.js';
import type { MessageRow } from './message-rows.js';
import { MessageActions } from './MessageActions.js';
import { MessageEditor } from './MessageEditor.js';
import { MessageText } from './MessageText.js';
import { NoticeRun } from './NoticeRun.js';
import { Reactions } from './Reactions.js';
import { ThreadSummaryButton } from '../threads/ThreadSummaryButton.js';
import { quoteFromMessage, ReplyQuote } from './ReplyQuote.js';
import { useRowEngaged } from './row-engaged.js';
import { fullTimeLabel, timeLabel } from './time-format.js';
import './message-actions.css';

export interface MessageRowViewProps {
  row: MessageRow;
  myName: string;
  /** "#design" for notices; null in a DM. */
  channelName: string | null;
  /** "#design" or "Bob". */
  title: string;
  topic?: string;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
  files?: FileActions;
}

/** What the file cards do (ChatSession's file methods). */
export interface FileActions {
  save: (file: FileInfo) => Promise<void>;
  open?: (file: FileInfo) => Promise<void>;
  pause: (clientMsgId: string) => void;
  resume: (clientMsgId: string) => void;
  cancel: (clientMsgId: string) => void;
  retry: (clientMsgId: string) => void;
  /** Desktop: downloads main runs, by file id, and their controls. */
  downloads?: Record<string, DownloadTransfer>;
  controlDownload?: (transferId: string, action: DownloadAction) => Promise<void>;
}

const NO_FILE_ACTIONS: FileActions = { save: async () => {}, pause: () => {}, resume: () => {}, cancel: () => {}, retry: () => {} };

/** The head of a group of my messages on their way: my name and when I wrote the first. */
function MessageHead({ name, ts }: { name: string; ts: number }) {
  return (
    <div className="message__meta">
      <span className="message__author" title={name}>
        {name}
      </span>
      <Time ts={ts} className="message__time" />
    </div>
  );
}

/** My avatar beside my messages on their way: my picture when I have one, as on them once stored. */
function MyAvatar({ myName }: { myName: string }) {
  const meId = useAppStore((s) => s.me?.id);
  const { name, image } = usePerson(meId ?? -1, myName);
  return <Avatar name={name} {...(meId !== undefined && { id: meId })} image={image} />;
}

function Time({ ts, className }: { ts: number; className: string }) {
  return (
    <time className={className} dateTime={new Date(ts).toISOString()} title={fullTimeLabel(ts)}>
      {timeLabel(ts)}
    </time>
  );
}

/** "(edited)" after edited text, with the time of the edit in its title. */
function EditedMark({ at }: { at: number }) {
  return (
    <span className="message__edited" title={`Edited ${fullTimeLabel(at)}`}>
      {' '}
      (edited)
    </span>
  );
}

function DeletedLine({ message }: { message: Message }) {
  const byAdmin = message.deletedBy !== undefined && message.deletedBy !== message.from;
  return <div className="message__deleted">{byAdmin ? 'Message deleted by an admin' : 'Message deleted'}</div>;
}

/** Reply quote, text (or its editor), and reactions of a text or file message; the action buttons. */
function MessageContent({ message, context, children }: { message: Message; context: MessageContextValue | null; children?: ReactNode }) {
  if (message.deleted) return <DeletedLine message={message} />;
  const editing = context?.editingSeq === message.seq;
  const mark = context?.dmMark?.(message.seq);
  const after =
    message.editedAt !== undefined || mark ? (
      <>
        {message.editedAt !== undefined && <EditedMark at={message.editedAt} />}
        <DmMarkAfter mark={mark} />
      </>
    ) : undefined;
  return (
    <>
      {message.replyTo && <ReplyQuote replyTo={message.replyTo} held={context?.held(message.replyTo.seq)} onJump={(seq) => context?.jumpTo(seq)} />}
      {editing && context ? (
        <MessageEditor initial={message.text} allowEmpty={message.kind === 'file'} onSave={(text) => context.saveEdit(message.seq, text)} onCancel={context.stopEdit} />
      ) : (
        message.text && <MessageText text={message.text} after={after} />
      )}
      {mark?.kind === 'failed' && <DmFailedLine reason={mark.reason} />}
      {children}
      {context && <Reactions message={message} meId={context.meId} onToggle={(emoji, on) => void context.react(message.seq, emoji, on)} />}
      {context?.openThread && <ThreadSummaryButton message={message} onOpen={() => context.openThread?.(message.seq)} />}
    </>
  );
}

function rowClass(base: string, message: Message, context: MessageContextValue | null): string {
  let name = base;
  if (message.deleted) name += ' message--deleted';
  if (context?.highlightSeq === message.seq) name += ' message--highlight';
  if (context?.editingSeq === message.seq) name += ' message--editing';
  return name;
}

function noticeText(message: Message, channelName: string | null, name: string): string {
  const where = channelName ? ` ${channelName}` : '';
  return message.kind === 'join' ? `${name} joined${where}` : `${name} left${where}`;
}

/** "Ann joined #design", with the name Ann shows now (display name when set). */
function NoticeText({ message, channelName }: { message: Message; channelName: string | null }) {
  const { name } = usePerson(message.from, message.fromName);
  return <>{noticeText(message, channelName, name)}</>;
}

export function MessageRowView({ row, myName, channelName, title, topic, onRetry, onDiscard, files = NO_FILE_ACTIONS }: MessageRowViewProps) {
  const context = useMessageContext();
  // In the list, the actions mount once the row is pointed at or focused (row-engaged.ts).
  const engaged = useRowEngaged();
  switch (row.kind) {
    case 'start':
      return (
        <div className="conversation-start">
          <h2 className="conversation-start__title">{title}</h2>
          <p className="conversation-start__text">
            {channelName ? `This is the very beginning of ${channelName}.` : `This is the very beginning of your direct messages with ${title}.`}
            {topic ? ` Topic: ${topic}` : ''}
          </p>
        </div>
      );
    case 'day':
      return (
        <div className="day-separator">
          <h3 className="day-separator__label">{row.label}</h3>
        </div>
      );
    case 'new-line':
      return (
        <div className="new-messages-line" role="separator" aria-label="New messages">
          <span className="new-messages-line__label" aria-hidden="true">
            New messages
          </span>
        </div>
      );
    case 'seen':
      return (
        <div className="seen-marker">
          <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M2 12.5l4.5 4.5L13 9.5M10.5 15.5l1.5 1.5L22 7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>Seen</span>
        </div>
      );
    case 'dm-notice':
      return (
        <div className={`notice-line notice-line--dm${row.notice.warning ? ' notice-line--warning' : ''}`} role={row.notice.warning ? 'note' : undefined}>
          <span className="notice-line__text">{row.notice.text}</span>
          <Time ts={row.notice.ts} className="notice-line__time" />
        </div>
      );
    case 'notice':
      return (
        <div className="notice-line">
          <span className="notice-line__text">
            <NoticeText message={row.message} channelName={channelName} />
          </span>
          <Time ts={row.message.ts} className="notice-line__time" />
        </div>
      );
    case 'notice-run':
      return <NoticeRun messages={row.messages} noticeText={(message, name) => noticeText(message, channelName, name)} />;
    case 'message': {
      const { message, startsGroup, mentionsMe } = row;
      return (
        <div className={rowClass(`message${startsGroup ? ' message--first' : ''}${mentionsMe ? ' message--mention' : ''}`, message, context)} data-seq={message.seq}>
          <div className="message__gutter">{startsGroup ? <PersonAvatar userId={message.from} name={message.fromName} /> : <Time ts={message.ts} className="message__hover-time" />}</div>
          <div className="message__body">
            {startsGroup && (
              <div className="message__meta">
                <PersonName userId={message.from} name={message.fromName} />
                <Time ts={message.ts} className="message__time" />
              </div>
            )}
            <MessageContent message={message} context={context} />
          </div>
          {engaged && context && context.editingSeq !== message.seq && <MessageActions message={message} context={context} />}
        </div>
      );
    }
    case 'file': {
      const { message, startsGroup } = row;
      return (
        <div className={rowClass(`message message--file${startsGroup ? ' message--first' : ''}`, message, context)} data-seq={message.seq}>
          <div className="message__gutter">{startsGroup ? <PersonAvatar userId={message.from} name={message.fromName} /> : <Time ts={message.ts} className="message__hover-time" />}</div>
          <div className="message__body">
            {startsGroup && (
              <div className="message__meta">
                <PersonName userId={message.from} name={message.fromName} />
                <Time ts={message.ts} className="message__time" />
              </div>
            )}
            <MessageContent message={message} context={context}>
              {message.file ? (
                <FileCard
                  file={message.file}
                  onSave={files.save}
                  {...(files.open && { onOpen: files.open })}
                  {...(files.controlDownload && files.downloads?.[message.file.id] && { download: files.downloads[message.file.id], onDownload: files.controlDownload })}
                />
              ) : (
                <div className="message__status">A file that is no longer available</div>
              )}
            </MessageContent>
          </div>
          {engaged && context && context.editingSeq !== message.seq && <MessageActions message={message} context={context} />}
        </div>
      );
    }
    case 'upload': {
      const { transfer, startsGroup } = row;
      return (
        <div className={`message message--file message--uploading${startsGroup ? ' message--first' : ''}`}>
          <div className="message__gutter">{startsGroup && <MyAvatar myName={myName} />}</div>
          <div className="message__body">
            {startsGroup && <MessageHead name={myName} ts={transfer.ts} />}
            {transfer.caption && <MessageText text={transfer.caption} />}
            <UploadCard transfer={transfer} onPause={files.pause} onResume={files.resume} onCancel={files.cancel} onRetry={files.retry} />
          </div>
        </div>
      );
    }
    case 'pending': {
      const { pending, startsGroup } = row;
      const failed = pending.status === 'failed';
      const original = pending.replyTo !== undefined ? context?.held(pending.replyTo) : undefined;
      return (
        <div className={`message message--pending${startsGroup ? ' message--first' : ''}${failed ? ' message--failed' : ''}`}>
          <div className="message__gutter">{startsGroup && <MyAvatar myName={myName} />}</div>
          <div className="message__body">
            {startsGroup && <MessageHead name={myName} ts={pending.ts} />}
            {original && <ReplyQuote replyTo={quoteFromMessage(original)} held={original} onJump={(seq) => context?.jumpTo(seq)} />}
            <MessageText text={pending.text} />
            {failed ? (
              <div className="message__status message__status--failed" role="alert">
                <span>Not sent: {pending.error ?? 'the host refused it'}</span>
                <button type="button" className="link-button" onClick={() => onRetry(pending.clientMsgId)}>
                  Retry
                </button>
                <button type="button" className="link-button" onClick={() => onDiscard(pending.clientMsgId)}>
                  Discard
                </button>
              </div>
            ) : (
              <div className="message__status">Sending…</div>
            )}
          </div>
        </div>
      );
    }
  }
}
