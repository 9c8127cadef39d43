// "N members" in a channel's header opens this: who is in the channel, online
// first, each with picture, name, @name and status; a person opens their
// profile card. A picture is asked for only once its row comes near the
// visible part of the list (LazyPersonAvatar), else initials. Above MEMBER_LIST_SEARCH_FROM people a search field filters
// by display name, sign-in name or status.
import { useEffect, useMemo, useState } from 'react';
import { MEMBER_LIST_SEARCH_FROM } from '../../src-shared/limits.js';
import { shownName } from '../../src-shared/profile-rules.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { presenceOf, usePresenceKnown } from '../common/presence.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';
import { LazyPersonAvatar } from './LazyPersonAvatar.js';
import './people.css';

export function MemberListDialog({ channelId, channelName, onClose }: { channelId: number; channelName: string; onClose: () => void }) {
  const session = useChatSession();
  const openProfile = useAppStore((s) => s.openProfile);
  const users = useAppStore((s) => s.users);
  const [memberIds, setMemberIds] = useState<number[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  useEffect(() => {
    session.channelCare.members(channelId).then(
      (members) => setMemberIds(members.map((m) => m.id)),
      (e: unknown) => setError(describeError(e)),
    );
  }, [session, channelId]);

  // Live: presence and profiles from the store, the order online first then by name.
  const members = useMemo(() => {
    const list = (memberIds ?? []).flatMap((id) => (users[id] ? [users[id]] : []));
    return list.sort((a, b) => Number(b.online) - Number(a.online) || shownName(a).localeCompare(shownName(b)));
  }, [memberIds, users]);
  const needle = query.trim().toLowerCase();
  const shown = needle ? members.filter((m) => [shownName(m), m.name, m.statusText ?? ''].some((t) => t.toLowerCase().includes(needle))) : members;
  const online = members.filter((m) => m.online).length;

  return (
    <Dialog title={`Members of #${channelName}`} onClose={onClose} description={memberIds ? `${members.length} ${members.length === 1 ? 'member' : 'members'}, ${online} online` : 'Loading…'}>
      {error && (
        <p className="field__error" role="alert">
          Could not load the members: {error}
        </p>
      )}
      {members.length > MEMBER_LIST_SEARCH_FROM && (
        <input className="field__input member-list__search" type="search" aria-label="Search members" placeholder="Search members" value={query} onChange={(e) => setQuery(e.target.value)} data-autofocus />
      )}
      <ul className="member-list" aria-label="Members">
        {shown.map((member) => (
          <li key={member.id}>
            <MemberRow member={member} onOpen={() => openProfile(member.id)} />
          </li>
        ))}
      </ul>
      {needle && shown.length === 0 && <p className="field__hint">Nobody here matches “{query.trim()}”.</p>}
    </Dialog>
  );
}

function MemberRow({ member, onOpen }: { member: UserInfo; onOpen: () => void }) {
  const name = shownName(member);
  const status = [member.statusEmoji, member.statusText].filter(Boolean).join(' ');
  const presence = presenceOf(member.online, usePresenceKnown());
  return (
    <button type="button" className="member-row" aria-label={`Profile of ${name}`} onClick={onOpen}>
      <LazyPersonAvatar userId={member.id} name={name} size="md" presence={presence} />
      <span className="member-row__names">
        <span className="member-row__name">
          {name}
          {member.displayName && <span className="member-row__handle"> @{member.name}</span>}
        </span>
        <span className="member-row__status">{status || (presence === 'online' ? 'Online' : presence === 'offline' ? 'Offline' : 'Presence unknown while you are offline')}</span>
      </span>
    </button>
  );
}
