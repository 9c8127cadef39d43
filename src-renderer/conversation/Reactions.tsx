// The reactions under a message: one toggle chip per emoji with its count.
// The chip's accessible name says who reacted and what a click does; a
// tooltip lists the names on hover and on keyboard focus.
import type { Message, Reaction, UserInfo } from '../../src-shared/protocol/frames.js';
import { usePeople } from '../people/use-people.js';
import { personName } from '../store/selectors.js';
import { listNames } from './message-context.js';

export function reactionNames(reaction: Reaction, users: Record<number, UserInfo>, meId: number | null): string[] {
  return reaction.users.map((id) => (id === meId ? 'You' : personName(users, id)));
}

export interface ReactionsProps {
  message: Message;
  meId: number | null;
  onToggle: (emoji: string, on: boolean) => void;
}

export function Reactions({ message, meId, onToggle }: ReactionsProps) {
  const reactions = message.reactions ?? [];
  const users = usePeople(reactions.flatMap((reaction) => reaction.users));
  if (reactions.length === 0 || message.deleted) return null;
  return (
    <ul className="reactions" aria-label="Reactions">
      {reactions.map((reaction) => {
        const mine = meId !== null && reaction.users.includes(meId);
        const names = listNames(reactionNames(reaction, users, meId));
        const count = reaction.users.length;
        const tooltip = `${names} reacted with ${reaction.emoji}`;
        return (
          <li key={reaction.emoji} className="reactions__item">
            <button
              type="button"
              className={`reaction${mine ? ' reaction--mine' : ''}`}
              aria-pressed={mine}
              aria-label={`${reaction.emoji} ${count}: ${names} — click to ${mine ? 'remove your reaction' : 'add yours'}`}
              onClick={() => onToggle(reaction.emoji, !mine)}
            >
              <span className="reaction__emoji" aria-hidden="true">
                {reaction.emoji}
              </span>
              <span className="reaction__count" aria-hidden="true">
                {count}
              </span>
              <span className="reaction__tooltip" role="tooltip" aria-hidden="true">
                {tooltip}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
