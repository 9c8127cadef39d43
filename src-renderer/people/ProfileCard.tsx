// The profile card (a dialog, like Slack's): picture, the name people see and
// the unique sign-in name ("Ann Lee" over "@ann"), status, online or not, and
// "Message" (opens or starts the DM). On one's own card, "Edit profile".
import { useState } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import { Dialog } from '../common/Dialog.js';
import { EditProfileForm } from './EditProfileForm.js';
import { usePerson } from './use-person.js';
import './people.css';

export function ProfileCard() {
  const userId = useAppStore((s) => s.profileCard);
  return userId === null ? null : <ProfileCardFor userId={userId} />;
}

function ProfileCardFor({ userId }: { userId: number }) {
  const session = useChatSession();
  const close = useAppStore((s) => s.openProfile);
  const me = useAppStore((s) => s.me);
  const { user, name, image } = usePerson(userId, 'Someone');
  const [editing, setEditing] = useState(false);
  const mine = me?.id === userId;
  const onClose = () => close(null);

  if (editing && user) {
    return (
      <Dialog title="Edit profile" onClose={onClose}>
        <EditProfileForm user={user} onDone={() => setEditing(false)} />
      </Dialog>
    );
  }
  const status = [user?.statusEmoji, user?.statusText].filter(Boolean).join(' ');
  return (
    <Dialog title={`Profile of ${name}`} onClose={onClose}>
      <div className="profile-card">
        <Avatar name={name} image={image} size="xl" />
        <div className="profile-card__names">
          <p className="profile-card__display-name">{name}</p>
          {user && <p className="profile-card__handle">@{user.name}{user.isAdmin ? ' · admin' : ''}</p>}
          <p className={`profile-card__presence${user?.online ? ' profile-card__presence--online' : ''}`}>
            <span className={`presence-dot ${user?.online ? 'presence-dot--online' : 'presence-dot--offline'}`} aria-hidden="true" />
            {user?.online ? 'Online' : 'Offline'}
          </p>
        </div>
      </div>
      {status && (
        <p className="profile-card__status">
          <span className="visually-hidden">Status: </span>
          {status}
        </p>
      )}
      <div className="people-actions">
        {mine ? (
          <button type="button" className="button button--primary" data-autofocus onClick={() => setEditing(true)}>
            Edit profile
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            data-autofocus
            onClick={() => {
              onClose();
              session.openDmWith(userId);
            }}
          >
            Message
          </button>
        )}
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
