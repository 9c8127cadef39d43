// The focusable frame around one message of the list (use-roving-messages.ts
// moves the Tab stop between them): an `article` named by who wrote it, when,
// and the start of what it says, so arrowing through the list reads it.
import type { ReactNode } from 'react';
import { shownName } from '../../src-shared/profile-rules.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore } from '../app/app-services.js';
import type { MessageRow } from './message-rows.js';
import { RowEngagedContext, useEngage } from './row-engaged.js';
import { timeLabel } from './time-format.js';
import { isRovingRow, ROVING_KEY_ATTR } from './use-roving-messages.js';
import './message-focus.css';

/** How much of a message its name carries (the rest is read inside it). */
const LABEL_TEXT_MAX = 160;

const excerpt = (text: string) => (text.length > LABEL_TEXT_MAX ? `${text.slice(0, LABEL_TEXT_MAX)}…` : text);

/** `author`: the writer as the store knows them now (their display name is used when set). */
export function articleLabel(row: MessageRow, myName: string, channelName: string | null, author?: UserInfo): string | undefined {
  switch (row.kind) {
    case 'message':
    case 'file': {
      const { message } = row;
      const head = `${author ? shownName(author) : message.fromName}, ${timeLabel(message.ts)}`;
      if (message.deleted) return `${head}: message deleted`;
      const file = message.file ? ` File ${message.file.name}.` : '';
      return `${head}:${file} ${excerpt(message.text)}`.trimEnd();
    }
    case 'notice': {
      const where = channelName ? ` ${channelName}` : '';
      return `${author ? shownName(author) : row.message.fromName} ${row.message.kind === 'join' ? 'joined' : 'left'}${where}, ${timeLabel(row.message.ts)}`;
    }
    case 'pending':
      return `${myName}: ${excerpt(row.pending.text)} (${row.pending.status === 'failed' ? 'not sent' : 'sending'})`;
    case 'upload':
      return `${myName}:${row.transfer.caption ? ` ${excerpt(row.transfer.caption)}` : ''} File ${row.transfer.name} (${row.transfer.state === 'failed' ? 'not sent' : 'uploading'})`;
    default:
      return undefined;
  }
}

export function MessageArticle({ row, myName, channelName, children }: { row: MessageRow; myName: string; channelName: string | null; children: ReactNode }) {
  const from = row.kind === 'message' || row.kind === 'file' || row.kind === 'notice' ? row.message.from : null;
  const author = useAppStore((s) => (from === null ? undefined : s.users[from]));
  // Pointed at or focused once: the row mounts its actions (row-engaged.ts).
  const { engaged, handlers } = useEngage();
  if (!isRovingRow(row)) return <>{children}</>;
  return (
    <div
      className="message-item"
      role="article"
      aria-label={articleLabel(row, myName, channelName, author)}
      {...handlers}
      {...{ [ROVING_KEY_ATTR]: row.key }}
    >
      <RowEngagedContext.Provider value={engaged}>{children}</RowEngagedContext.Provider>
    </div>
  );
}
