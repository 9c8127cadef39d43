// "Direct messages": conversations with one person, most recent first, each
// with the person's picture (else initials; LazyPersonAvatar).
import { useMemo } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { presenceOf, usePresenceKnown } from '../common/presence.js';
import { LazyPersonAvatar } from '../people/LazyPersonAvatar.js';
import { personName, sortedDms } from '../store/selectors.js';
import { ConversationButton } from './ConversationButton.js';

export function DirectMessageList({ onNavigate }: { onNavigate: () => void }) {
  const session = useChatSession();
  const dms = useAppStore((s) => s.dms);
  const users = useAppStore((s) => s.users);
  const unread = useAppStore((s) => s.unread);
  const muted = useAppStore((s) => s.muted);
  const active = useAppStore((s) => s.active);
  const presenceKnown = usePresenceKnown();
  const list = useMemo(() => sortedDms(dms), [dms]);

  return (
    <section className="sidebar-section" aria-labelledby="sidebar-dms">
      <div className="sidebar-section__header">
        <h2 id="sidebar-dms" className="sidebar-section__title">
          Direct messages
        </h2>
      </div>
      <ul className="sidebar-list" role="list" aria-labelledby="sidebar-dms">
        {list.map((dm) => {
          const peer = users[dm.peer];
          const name = personName(users, dm.peer);
          return (
            <li key={dm.conv}>
              <ConversationButton
                icon={<LazyPersonAvatar userId={dm.peer} name={name} presence={presenceOf(peer?.online ?? false, presenceKnown)} />}
                label={name}
                {...(peer?.displayName && { hint: `${name} (@${peer.name})` })}
                active={active === dm.conv}
                unread={unread[dm.conv]}
                muted={muted[dm.conv] === true}
                dim={!peer?.online}
                onClick={() => {
                  session.openConversation(dm.conv);
                  onNavigate();
                }}
              />
            </li>
          );
        })}
      </ul>
      {list.length === 0 && <p className="sidebar-empty">Pick someone under Online users to write to them directly.</p>}
    </section>
  );
}
