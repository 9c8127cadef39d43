// A channel's settings, for its creator or an admin: topic, name (not for
// #general) and archive. Each saves on its own; errors show next to their
// field. Archiving makes the channel read-only for everyone (still readable
// and searchable), as in Slack; "Unarchive" brings it back.
import { useState, type FormEvent } from 'react';
import { ChatError } from '../../src-shared/chat-client.js';
import { CHANNEL_NAME_MAX_CHARS, CHANNEL_TOPIC_MAX_CHARS } from '../../src-shared/limits.js';
import type { ChannelInfo } from '../../src-shared/protocol/frames.js';
import { useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { TextField } from '../common/TextField.js';
import { describeError } from '../session/describe-error.js';
import './people.css';

export function ChannelSettingsDialog({ channel, onClose }: { channel: ChannelInfo; onClose: () => void }) {
  const session = useChatSession();
  const [topic, setTopic] = useState(channel.topic);
  const [name, setName] = useState(channel.name);
  const [errors, setErrors] = useState<{ topic?: string; name?: string; archive?: string }>({});
  const [saved, setSaved] = useState<string | null>(null);
  const canRename = session.channelCare.mayRenameOrArchive(channel);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setSaved(null);
    try {
      const updated = await session.channelCare.update(channel.id, { topic, ...(canRename && { name }) });
      setName(updated.name);
      setTopic(updated.topic);
      setSaved('Saved.');
    } catch (error) {
      const field = error instanceof ChatError && error.field === 'name' ? 'name' : 'topic';
      setErrors({ [field]: describeError(error) });
    }
  };

  const toggleArchive = async () => {
    setErrors({});
    try {
      await session.channelCare.archive(channel.id, !channel.archived);
      onClose();
    } catch (error) {
      setErrors({ archive: describeError(error) });
    }
  };

  return (
    <Dialog title={`Settings of #${channel.name}`} onClose={onClose}>
      <form className="channel-settings" onSubmit={(e) => void save(e)} noValidate>
        <TextField label="Topic" value={topic} maxLength={CHANNEL_TOPIC_MAX_CHARS} onChange={(e) => setTopic(e.target.value)} error={errors.topic ?? null} hint="Shown under the channel's name." data-autofocus />
        {canRename && (
          <TextField label="Channel name" value={name} maxLength={CHANNEL_NAME_MAX_CHARS * 2} onChange={(e) => setName(e.target.value)} error={errors.name ?? null} hint="Lower-case letters, digits, - and _. Everyone sees the new name." />
        )}
        <div className="people-actions">
          <button type="submit" className="button button--primary">
            Save changes
          </button>
          {saved && (
            <span className="field__hint" role="status">
              {saved}
            </span>
          )}
        </div>
      </form>
      {canRename && (
        <section className="channel-settings__archive" aria-label="Archive">
          <p className="field__hint">
            {channel.archived
              ? 'This channel is archived: nobody can write in it. Unarchive it to open it again.'
              : 'Archiving makes the channel read-only for everyone. Its messages stay readable and searchable.'}
          </p>
          <button type="button" className={`button ${channel.archived ? 'button--ghost' : 'button--danger'}`} onClick={() => void toggleArchive()}>
            {channel.archived ? 'Unarchive channel' : 'Archive channel'}
          </button>
          {errors.archive && (
            <p className="field__error" role="alert">
              {errors.archive}
            </p>
          )}
        </section>
      )}
    </Dialog>
  );
}
