// "Channels": the ones I am in, with unread counts; "New channel" and
// "Browse channels" to create or join more. Archived channels I am in wait
// behind a collapsed "Show archived (N)" (open while one of them is the
// conversation shown), still readable and searchable, with no unread badge
// (nothing to catch up on there: catchesUp in selectors.ts).
import { useMemo, useState } from 'react';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { focusComposer } from '../conversation/focus-composer.js';
import type { ChannelInfo } from '../../src-shared/protocol/frames.js';
import { catchesUp, joinedChannels, splitArchived } from '../store/selectors.js';
import { BrowseChannelsDialog } from './BrowseChannelsDialog.js';
import { ConversationButton } from './ConversationButton.js';
import { NewChannelDialog } from './NewChannelDialog.js';

export function ChannelList({ onNavigate }: { onNavigate: () => void }) {
  const session = useChatSession();
  const channels = useAppStore((s) => s.channels);
  const unread = useAppStore((s) => s.unread);
  const muted = useAppStore((s) => s.muted);
  const active = useAppStore((s) => s.active);
  const { open: list, archived } = useMemo(() => splitArchived(joinedChannels(channels)), [channels]);
  const [dialog, setDialog] = useState<'new' | 'browse' | null>(null);
  // Until the person chooses, the archived list is open only while one of its channels is shown.
  const [archivedChoice, setArchivedChoice] = useState<boolean | null>(null);
  const showArchived = archivedChoice ?? archived.some((c) => channelKey(c.id) === active);

  const item = (channel: ChannelInfo) => {
    const conv = channelKey(channel.id);
    return (
      <li key={channel.id}>
        <ConversationButton
          icon={<span aria-hidden="true">#</span>}
          label={channel.name}
          active={active === conv}
          unread={catchesUp(channels, conv) ? unread[conv] : undefined}
          muted={muted[conv] === true}
          mutedBadge
          dim={channel.archived === true}
          onClick={() => {
            session.openConversation(conv);
            onNavigate();
          }}
        />
      </li>
    );
  };

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
        {list.map(item)}
      </ul>
      {archived.length > 0 && (
        <>
          <button type="button" className="sidebar-link" aria-expanded={showArchived} onClick={() => setArchivedChoice(!showArchived)}>
            {showArchived ? 'Hide' : 'Show'} archived ({archived.length})
          </button>
          {showArchived && (
            <ul className="sidebar-list" role="list" aria-label="Archived channels">
              {archived.map(item)}
            </ul>
          )}
        </>
      )}
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
