// Under a thread's root: "3 replies", the repliers' avatars (their pictures,
// else initials) and the last reply's time, as one button that opens the
// thread beside the conversation.
import type { Message, UserInfo } from '../../src-shared/protocol/frames.js';
import { Avatar } from '../common/Avatar.js';
import { timeLabel } from '../conversation/time-format.js';
import { repliesLabel } from '../session/session-threads.js';
import { useAvatarImage } from '../people/use-avatar-image.js';
import { usePeople } from '../people/use-people.js';
import { personName } from '../store/selectors.js';

const AVATARS_SHOWN = 3;

export function ThreadSummaryButton({ message, onOpen }: { message: Message; onOpen: () => void }) {
  const thread = message.thread;
  const shown = thread?.participants.slice(0, AVATARS_SHOWN) ?? [];
  const users = usePeople(shown);
  if (!thread) return null;
  const last = timeLabel(thread.lastReplyAt);
  return (
    <button type="button" className="thread-summary" onClick={onOpen} aria-label={`${repliesLabel(thread.replies)}, last at ${last}: open thread`}>
      <span className="thread-summary__avatars" aria-hidden="true">
        {shown.map((id) => (
          <ParticipantAvatar key={id} id={id} name={personName(users, id, '?')} user={users[id]} />
        ))}
      </span>
      <span className="thread-summary__count">{repliesLabel(thread.replies)}</span>
      <span className="thread-summary__time">Last reply {last}</span>
    </button>
  );
}

/** One replier: their picture (fetched once per picture across the app, use-avatar-image.ts), else initials. */
function ParticipantAvatar({ id, name, user }: { id: number; name: string; user: UserInfo | undefined }) {
  const image = useAvatarImage(user?.avatar);
  return <Avatar id={id} name={name} size="sm" image={image} />;
}
