// Above the messages: what this conversation is (#name and topic, or the DM
// peer with their picture and whether they are online), and what can be done with it.
import { LockIcon } from './DmMarkView.js';
import { SafetyCodeDialog } from './SafetyCodeDialog.js';
import { useState } from 'react';
import { shownName } from '../../src-shared/profile-rules.js';
import { GENERAL_CHANNEL_ID, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import { presenceOf, usePresenceKnown } from '../common/presence.js';
import { Dialog } from '../common/Dialog.js';
import { ChannelSettingsDialog } from '../people/ChannelSettingsDialog.js';
import { MemberListDialog } from '../people/MemberListDialog.js';
import { useAvatarImage } from '../people/use-avatar-image.js';
import { NotifyLevelControl } from '../notifications/NotifyLevelControl.js';
import { SearchBox } from '../search/SearchBox.js';
import { describeError } from '../session/describe-error.js';
import { SharePanel } from '../share/SharePanel.js';
import { useShareInfo } from '../share/use-share-info.js';
import { catchesUp } from '../store/selectors.js';

export interface ConversationHeaderProps {
  conv: string;
  /** The narrow-screen drawer toggle. */
  drawerOpen: boolean;
  onToggleDrawer: () => void;
}

export function ConversationHeader({ conv, drawerOpen, onToggleDrawer }: ConversationHeaderProps) {
  const session = useChatSession();
  const parsed = parseConversationKey(conv);
  const channel = useAppStore((s) => (parsed?.kind === 'channel' ? s.channels[parsed.channelId] : undefined));
  const peer = useAppStore((s) => {
    if (parsed?.kind !== 'dm' || !s.me) return undefined;
    const [a, b] = parsed.userIds;
    return s.users[a === s.me.id ? b : a];
  });
  const presence = presenceOf(peer?.online ?? false, usePresenceKnown());
  const peerImage = useAvatarImage(peer?.avatar);
  const sessionInfo = useAppStore((s) => s.session);
  // Muted conversations only count their mentions toward the drawer dot; archived channels nothing (catchesUp).
  const totalUnread = useAppStore((s) =>
    Object.entries(s.unread).reduce((n, [key, u]) => n + (key === conv || !catchesUp(s.channels, key) ? 0 : s.muted[key] ? u.mentions : u.count), 0),
  );
  const { urls, identity } = useShareInfo();
  const [sharing, setSharing] = useState(false);
  const [leaveError, setLeaveError] = useState<string | null>(null);
  const verified = useAppStore((s) => (peer ? s.dmTrust[peer.id]?.verified === true : false));
  const safetyPeer = useAppStore((s) => s.safetyPeer);
  const openSafety = useAppStore((s) => s.openSafety);
  const [peopleDialog, setPeopleDialog] = useState<'members' | 'settings' | null>(null);
  const canChangeChannel = useAppStore((s) => !!channel && !!s.me && (s.me.isAdmin || channel.createdBy === s.me.id));

  const leave = async () => {
    if (!channel) return;
    setLeaveError(null);
    try {
      await session.channels.leave(channel.id);
    } catch (error) {
      setLeaveError(describeError(error));
    }
  };

  return (
    <header className="conversation-header">
      <button
        type="button"
        className="icon-button conversation-header__drawer-toggle"
        aria-label="Conversations"
        aria-expanded={drawerOpen}
        aria-controls="sidebar"
        onClick={onToggleDrawer}
      >
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        {totalUnread > 0 && <span className="conversation-header__drawer-dot" aria-hidden="true" />}
      </button>
      {/* The open conversation is what the page is about: its one h1 (dialogs and the search and thread panels use h2). */}
      <div className="conversation-header__title-block">
        {channel ? (
          <>
            <h1 className="conversation-header__title">
              <span className="conversation-header__hash" aria-hidden="true">
                #
              </span>
              {channel.name}
            </h1>
            <p className="conversation-header__subtitle">
              <button type="button" className="members-button" aria-haspopup="dialog" onClick={() => setPeopleDialog('members')}>
                {channel.memberCount === 1 ? '1 member' : `${channel.memberCount} members`}
              </button>
              {channel.archived && <span> · archived</span>}
              {channel.topic && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span className="conversation-header__topic">{channel.topic}</span>
                </>
              )}
            </p>
          </>
        ) : (
          <div className="conversation-header__dm">
            <Avatar name={peer ? shownName(peer) : '?'} {...(peer && { id: peer.id })} image={peerImage} presence={presence} />
            <div>
              <div className="conversation-header__title-row">
                <h1 className="conversation-header__title" title={peer ? (peer.displayName ? `${shownName(peer)} (@${peer.name})` : peer.name) : undefined}>
                  {peer ? shownName(peer) : 'Direct message'}
                </h1>
                {verified && (
                  <span className="dm-verified" title="You compared the safety code with them">
                    <LockIcon /> Verified
                  </span>
                )}
              </div>
              <p className="conversation-header__subtitle">
                {presence === 'unknown' ? 'Presence unknown while you are offline' : presence === 'online' ? 'Online' : 'Offline — they get your messages when they are back'}
              </p>
            </div>
          </div>
        )}
      </div>
      <SearchBox />
      <div className="conversation-header__actions">
        <NotifyLevelControl conv={conv} name={channel ? `#${channel.name}` : peer ? shownName(peer) : 'this conversation'} />
        {peer && session.dms.active && (
          <button type="button" className="button button--ghost button--small header-action" onClick={() => openSafety(peer.id)} aria-label="Safety code" title="Compare the safety code: make sure nobody reads along">
            <LockIcon size={18} />
            <span className="header-action__text">Safety code</span>
          </button>
        )}
        {urls.length > 0 && (
          <button type="button" className="button button--ghost button--small header-action" onClick={() => setSharing(true)} aria-label="Share" title="Invite people">
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
              <path d="M16 6l-4-4-4 4M12 2v13M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="header-action__text">Share</span>
          </button>
        )}
        {channel && canChangeChannel && (
          <button type="button" className="button button--ghost button--small header-action" aria-haspopup="dialog" onClick={() => setPeopleDialog('settings')} aria-label="Channel settings" title="Topic, name and archive">
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
              <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-2.9 1.2V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-2.9-1.2l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1A1.7 1.7 0 0 0 3 14H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.2-2.9l-.1-.1A2 2 0 1 1 7 4.2l.1.1A1.7 1.7 0 0 0 10 3.1V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 2.9 1.2l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0 1.2 2.9H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="header-action__text">Settings</span>
          </button>
        )}
        {channel && channel.id !== GENERAL_CHANNEL_ID && (
          <button type="button" className="button button--ghost button--small header-action" onClick={() => void leave()} aria-label="Leave channel" title="Leave channel">
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
              <path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l5-5-5-5M15 12H3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="header-action__text">Leave channel</span>
          </button>
        )}
      </div>
      {leaveError && (
        <p className="conversation-header__error" role="alert">
          {leaveError}
        </p>
      )}
      {peer && safetyPeer === peer.id && <SafetyCodeDialog peer={peer.id} onClose={() => openSafety(null)} />}
      {channel && peopleDialog === 'members' && <MemberListDialog channelId={channel.id} channelName={channel.name} onClose={() => setPeopleDialog(null)} />}
      {channel && peopleDialog === 'settings' && <ChannelSettingsDialog channel={channel} onClose={() => setPeopleDialog(null)} />}
      {sharing && (
        <Dialog title="Invite people" onClose={() => setSharing(false)} wide>
          <SharePanel urls={urls} identity={identity} sessionName={sessionInfo?.name ?? 'this session'} passcodeRequired={sessionInfo?.passcodeRequired ?? false} />
        </Dialog>
      )}
    </header>
  );
}
