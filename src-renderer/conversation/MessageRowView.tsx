// One row of the message list: a day separator, a message (the first of a
// group shows avatar, name and time; the rest show their time on hover), a
// join/leave notice, or one of my messages still on its way.
import type { Message } from '../../src-shared/protocol/frames.js';
import { Avatar } from '../common/Avatar.js';
import type { MessageRow } from './message-rows.js';
import { MessageText } from './MessageText.js';
import { fullTimeLabel, timeLabel } from './time-format.js';

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
}

function Time({ ts, className }: { ts: number; className: string }) {
  return (
    <time className={className} dateTime={new Date(ts).toISOString()} title={fullTimeLabel(ts)}>
      {timeLabel(ts)}
    </time>
  );
}

function noticeText(message: Message, channelName: string | null): string {
  const where = channelName ? ` ${channelName}` : '';
  return message.kind === 'join' ? `${message.fromName} joined${where}` : `${message.fromName} left${where}`;
}

export function MessageRowView({ row, myName, channelName, title, topic, onRetry, onDiscard }: MessageRowViewProps) {
  switch (row.kind) {
    case 'start':
      return (
        <div className="conversation-start">
          <h3 className="conversation-start__title">{title}</h3>
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
    case 'notice':
      return (
        <div className="notice-line">
          <span className="notice-line__text">{noticeText(row.message, channelName)}</span>
          <Time ts={row.message.ts} className="notice-line__time" />
        </div>
      );
    case 'message': {
      const { message, startsGroup, mentionsMe } = row;
      return (
        <div className={`message${startsGroup ? ' message--first' : ''}${mentionsMe ? ' message--mention' : ''}`} data-seq={message.seq}>
          <div className="message__gutter">{startsGroup ? <Avatar name={message.fromName} /> : <Time ts={message.ts} className="message__hover-time" />}</div>
          <div className="message__body">
            {startsGroup && (
              <div className="message__meta">
                <span className="message__author">{message.fromName}</span>
                <Time ts={message.ts} className="message__time" />
              </div>
            )}
            <MessageText text={message.text} />
          </div>
        </div>
      );
    }
    case 'pending': {
      const { pending, startsGroup } = row;
      const failed = pending.status === 'failed';
      return (
        <div className={`message message--pending${startsGroup ? ' message--first' : ''}${failed ? ' message--failed' : ''}`}>
          <div className="message__gutter">{startsGroup && <Avatar name={myName} />}</div>
          <div className="message__body">
            {startsGroup && (
              <div className="message__meta">
                <span className="message__author">{myName}</span>
              </div>
            )}
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
