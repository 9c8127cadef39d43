// A collapsed run of join/leave notices (notice-runs.ts): one line saying who
// joined and who left, and a toggle that shows every notice with its time.
import { useId, useState } from 'react';
import type { Message } from '../../src-shared/protocol/frames.js';
import { usePeople } from '../people/use-people.js';
import { personName } from '../store/selectors.js';
import { noticeRunSummary } from './notice-runs.js';
import { fullTimeLabel, timeLabel } from './time-format.js';

function NoticeTime({ ts }: { ts: number }) {
  return (
    <time className="notice-line__time" dateTime={new Date(ts).toISOString()} title={fullTimeLabel(ts)}>
      {timeLabel(ts)}
    </time>
  );
}

export function NoticeRun({ messages, noticeText }: { messages: readonly Message[]; noticeText: (message: Message, name: string) => string }) {
  const users = usePeople(messages.map((message) => message.from)); // just these people: nobody else's presence re-renders the run
  const nameOf = (message: Message) => personName(users, message.from, message.fromName);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const last = messages[messages.length - 1]!;
  return (
    <div className="notice-run">
      <div className="notice-line">
        <span className="notice-line__text">{noticeRunSummary(messages, nameOf)}</span>
        <NoticeTime ts={last.ts} />
        <button
          type="button"
          className="link-button notice-run__toggle"
          aria-expanded={open}
          aria-controls={listId}
          aria-label={open ? `Hide the ${messages.length} join and leave notices` : `Show all ${messages.length} join and leave notices`}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide' : `Show all ${messages.length}`}
        </button>
      </div>
      <ul id={listId} className="notice-run__list" role="list" hidden={!open}>
        {open &&
          messages.map((message) => (
            <li key={message.seq} className="notice-line notice-line--in-run">
              <span className="notice-line__text">{noticeText(message, nameOf(message))}</span>
              <NoticeTime ts={message.ts} />
            </li>
          ))}
      </ul>
    </div>
  );
}
