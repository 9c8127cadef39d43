// "Online users" (presence dots; a click opens the DM), and the people who
// are offline behind a disclosure — they can be written to as well, the host
// delivers when they are back.
import { useMemo, useState } from 'react';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import { peopleList } from '../store/selectors.js';

function PersonButton({ user, onOpen }: { user: UserInfo; onOpen: (user: UserInfo) => void }) {
  return (
    <button type="button" className={`sidebar-item${user.online ? '' : ' sidebar-item--dim'}`} onClick={() => onOpen(user)} title={`Message ${user.name}`}>
      <span className="sidebar-item__icon">
        <Avatar name={user.name} size="sm" online={user.online} />
      </span>
      <span className="sidebar-item__label">{user.name}</span>
      <span className="visually-hidden">{user.online ? ', online' : ', offline'}</span>
      {user.isAdmin && <span className="sidebar-item__tag">host admin</span>}
    </button>
  );
}

export function OnlineUserList({ onNavigate }: { onNavigate: () => void }) {
  const session = useChatSession();
  const users = useAppStore((s) => s.users);
  const meId = useAppStore((s) => s.me?.id);
  const people = useMemo(() => peopleList(users, meId), [users, meId]);
  const online = people.filter((u) => u.online);
  const offline = people.filter((u) => !u.online);
  const [showOffline, setShowOffline] = useState(false);

  const open = (user: UserInfo) => {
    session.openDmWith(user.id);
    onNavigate();
  };

  return (
    <section className="sidebar-section" aria-labelledby="sidebar-online">
      <div className="sidebar-section__header">
        <h2 id="sidebar-online" className="sidebar-section__title">
          Online users <span className="sidebar-section__count">{online.length}</span>
        </h2>
      </div>
      <ul className="sidebar-list" role="list" aria-label="Online users">
        {online.map((user) => (
          <li key={user.id}>
            <PersonButton user={user} onOpen={open} />
          </li>
        ))}
      </ul>
      {online.length === 0 && <p className="sidebar-empty">Nobody else is here right now.</p>}
      {offline.length > 0 && (
        <>
          <button type="button" className="sidebar-link" aria-expanded={showOffline} onClick={() => setShowOffline(!showOffline)}>
            {showOffline ? 'Hide' : 'Show'} offline ({offline.length})
          </button>
          {showOffline && (
            <ul className="sidebar-list" role="list" aria-label="Offline users">
              {offline.map((user) => (
                <li key={user.id}>
                  <PersonButton user={user} onOpen={open} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
