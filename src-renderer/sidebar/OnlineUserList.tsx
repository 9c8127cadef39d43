// "Online users" (presence dots; a click opens the DM), and the people who
// are offline behind a disclosure — they can be written to as well, the host
// delivers when they are back.
import { useMemo, useState } from 'react';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { presenceLabel, presenceOf, usePresenceKnown } from '../common/presence.js';
import { LazyPersonAvatar } from '../people/LazyPersonAvatar.js';
import { peopleList, removedPeople } from '../store/selectors.js';
import { shownName } from '../../src-shared/profile-rules.js';
import { PersonActions } from './PersonActions.js';

function PersonButton({ user, onOpen, admin }: { user: UserInfo; onOpen: (user: UserInfo) => void; admin: boolean }) {
  const presence = presenceOf(user.online, usePresenceKnown());
  // The display name when set; the sign-in name (what @mentions use) on hover.
  const name = shownName(user);
  const full = user.displayName ? `${name} (@${user.name})` : name;
  const person = (
    <button type="button" className={`sidebar-item${user.online ? '' : ' sidebar-item--dim'}`} onClick={() => onOpen(user)} title={`Message ${full}`}>
      <span className="sidebar-item__icon">
        <LazyPersonAvatar userId={user.id} name={name} presence={presence} />
      </span>
      <span className="sidebar-item__label" title={full}>
        {name}
      </span>
      <span className="visually-hidden">, {presenceLabel(presence)}</span>
      {user.isAdmin && <span className="sidebar-item__tag">host admin</span>}
    </button>
  );
  if (!admin) return person;
  return (
    <div className="person-row">
      {person}
      <PersonActions user={user} />
    </div>
  );
}

export function OnlineUserList({ onNavigate }: { onNavigate: () => void }) {
  const session = useChatSession();
  const users = useAppStore((s) => s.users);
  const meId = useAppStore((s) => s.me?.id);
  const admin = useAppStore((s) => s.me?.isAdmin === true);
  const people = useMemo(() => peopleList(users, meId), [users, meId]);
  const removed = useMemo(() => (admin ? removedPeople(users) : []), [users, admin]);
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
            <PersonButton user={user} onOpen={open} admin={admin} />
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
                  <PersonButton user={user} onOpen={open} admin={admin} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {removed.length > 0 && (
        <>
          <h3 id="sidebar-removed" className="sidebar-section__title sidebar-section__subtitle">
            Removed <span className="sidebar-section__count">{removed.length}</span>
          </h3>
          <ul className="sidebar-list" role="list" aria-labelledby="sidebar-removed">
            {removed.map((user) => (
              <li key={user.id}>
                <div className="person-row">
                  <span className="sidebar-item sidebar-item--dim sidebar-item--static">
                    <span className="sidebar-item__icon">
                      <LazyPersonAvatar userId={user.id} name={shownName(user)} presence="offline" />
                    </span>
                    <span className="sidebar-item__label">{shownName(user)}</span>
                  </span>
                  <PersonActions user={user} />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
