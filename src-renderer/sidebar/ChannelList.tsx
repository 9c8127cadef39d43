// "Channels": the ones I am in, with unread counts; "New channel" and
// "Browse channels" to create or join more.
import { useMemo, useState } from 'react';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { focusComposer } from '../conversation/focus-composer.js';
import { joinedChannels } from '../store/selectors.js';
import { BrowseChannelsDialog } from './BrowseChannelsDialog.js';
import { ConversationButton } from './ConversationButton.js';
import { NewChannelDialog } from './NewChannelDialog.js';

export function ChannelList({ onNavigate }: { onNavigate: () => void }) {
  const session = useChatSession();
  const channels = useAppStore((s) => s.channels);
  const unread = useAppStore((s) => s.unread);
  const muted = useAppStore((s) => s.muted);
  const active = useAppStore((s) => s.active);
  const list = useMemo(() => joinedChannels(channels), [channels]);
  const [dialog, setDialog] = useState<'new' | 'browse' | null>(null);

  return (
    <section className="sidebar-section" aria-labelledby="sidebar-channels">
      <div className="sidebar-section__header">
        <h2 id="sidebar-channels" className="sidebar-section__title">
          Channels
        </h2>
        <button type="button" className="sidebar-icon-button" aria-label="New channel" title="New channel" onClick={() => setDialog('new')}>
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M10 4v12M4 10h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <ul className="sidebar-list" role="list" aria-labelledby="sidebar-channels">
        {list.map((channel) => {
          const conv = channelKey(channel.id);
          return (
            <li key={channel.id}>
              <ConversationButton
                icon={<span aria-hidden="true">#</span>}
                label={channel.name}
                active={active === conv}
                unread={unread[conv]}
                muted={muted[conv] === true}
                mutedBadge
                onClick={() => {
                  session.openConversation(conv);
                  onNavigate();
                }}
              />
            </li>
          );
        })}
      </ul>
      <button type="button" className="sidebar-link" onClick={() => setDialog('browse')}>
        Browse channels
      </button>
      {dialog === 'new' && (
        <NewChannelDialog
          onClose={() => setDialog(null)}
          onCreated={() => {
            // Created and opened: write in it (the dialog leaves focus there).
            focusComposer();
            setDialog(null);
            onNavigate();
          }}
        />
      )}
      {dialog === 'browse' && (
        <BrowseChannelsDialog
          onClose={() => setDialog(null)}
          onOpened={() => {
            focusComposer();
            setDialog(null);
            onNavigate();
          }}
        />
      )}
    </section>
  );
}
