// Every channel in the session (channel.list), with member counts: join the
// ones I am not in, open the ones I am.
import { useEffect, useMemo, useState } from 'react';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';

export function BrowseChannelsDialog({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const session = useChatSession();
  const channels = useAppStore((s) => s.channels);
  const [problem, setProblem] = useState<string | null>(null);
  const [joining, setJoining] = useState<number | null>(null);

  useEffect(() => {
    session.channels.list().catch((error: unknown) => setProblem(describeError(error)));
  }, [session]);

  const list = useMemo(() => Object.values(channels).sort((a, b) => a.name.localeCompare(b.name)), [channels]);

  const join = async (id: number) => {
    setJoining(id);
    setProblem(null);
    try {
      await session.channels.join(id);
      onOpened();
    } catch (error) {
      setProblem(describeError(error));
      setJoining(null);
    }
  };

  return (
    <Dialog title="Browse channels" onClose={onClose} wide>
      {problem && (
        <p className="form__alert" role="alert">
          {problem}
        </p>
      )}
      <ul className="channel-browser" role="list" aria-label="All channels">
        {list.map((channel) => (
          <li key={channel.id} className="channel-browser__item">
            <div className="channel-browser__info">
              <span className="channel-browser__name">#{channel.name}</span>
              <span className="channel-browser__meta">
                {channel.memberCount === 1 ? '1 member' : `${channel.memberCount} members`}
                {channel.topic && ` · ${channel.topic}`}
              </span>
            </div>
            {channel.joined ? (
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  session.openConversation(channelKey(channel.id));
                  onOpened();
                }}
                aria-label={`Open #${channel.name}`}
              >
                Open
              </button>
            ) : (
              <button type="button" className="button button--small button--primary" disabled={joining !== null} onClick={() => void join(channel.id)} aria-label={`Join #${channel.name}`}>
                {joining === channel.id ? 'Joining…' : 'Join'}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
