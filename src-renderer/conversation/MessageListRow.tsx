// One row of the virtual message list: the focusable article around the row's
// view, memoised. The list rebuilds its row objects whenever its messages
// change (an older page prepended, a reaction, a new message), and the virtual
// list re-renders its items on its own state changes while scrolling; a row
// whose fields are all the same objects as before (the store keeps unchanged
// messages as they were) draws the same, so it is not rendered again.
// What a row reads from the message context (users, editing, highlight) still
// re-renders it through the context.
import { memo } from 'react';
import type { MessageRow } from './message-rows.js';
import { MessageArticle } from './MessageArticle.js';
import { MessageRowView, type MessageRowViewProps } from './MessageRowView.js';

/** Same kind, key and the very same field values (shallow). */
export function sameRow(a: MessageRow, b: MessageRow): boolean {
  if (a === b) return true;
  const keysA = Object.keys(a) as Array<keyof MessageRow>;
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => a[key] === b[key]);
}

function sameProps(a: MessageRowViewProps, b: MessageRowViewProps): boolean {
  return (
    sameRow(a.row, b.row) &&
    a.myName === b.myName &&
    a.channelName === b.channelName &&
    a.title === b.title &&
    a.topic === b.topic &&
    a.onRetry === b.onRetry &&
    a.onDiscard === b.onDiscard &&
    a.files === b.files
  );
}

function ListRow(props: MessageRowViewProps) {
  return (
    <MessageArticle row={props.row} myName={props.myName} channelName={props.channelName}>
      <MessageRowView {...props} />
    </MessageArticle>
  );
}

export const MessageListRow = memo(ListRow, sameProps);
