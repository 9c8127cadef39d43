// Editing one's own profile: display name, status (an emoji and text), and a
// picture (PNG, JPEG or WebP up to 256 KiB and 512 × 512, previewed before
// saving). Rules are checked as you save, by the same code as the host
// (profile-rules.ts, avatar-image.ts); an error shows next to its field.
import { useEffect, useState, type FormEvent } from 'react';
import { checkAvatarImage } from '../../src-shared/avatar-image.js';
import { ChatError } from '../../src-shared/chat-client.js';
import { DISPLAY_NAME_MAX_CHARS, STATUS_TEXT_MAX_CHARS } from '../../src-shared/limits.js';
import { validateDisplayName, validateStatusEmoji, validateStatusText } from '../../src-shared/profile-rules.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useChatSession } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import { describeError } from '../session/describe-error.js';
import { useAvatarImage } from './use-avatar-image.js';

type Field = 'displayName' | 'statusText' | 'statusEmoji' | 'avatar' | 'form';

export function EditProfileForm({ user, onDone }: { user: UserInfo; onDone: () => void }) {
  const session = useChatSession();
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [statusEmoji, setStatusEmoji] = useState(user.statusEmoji ?? '');
  const [statusText, setStatusText] = useState(user.statusText ?? '');
  const [picked, setPicked] = useState<{ file: File; preview: string } | null>(null);
  const [removePicture, setRemovePicture] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => () => (picked ? URL.revokeObjectURL(picked.preview) : undefined), [picked]);

  const shown = useAvatarImage(user.avatar);
  const current = removePicture ? null : (picked?.preview ?? shown);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    const check = checkAvatarImage(new Uint8Array(await file.arrayBuffer()));
    if (!check.ok) {
      setErrors((e) => ({ ...e, avatar: check.message }));
      return;
    }
    setErrors(({ avatar: _gone, ...rest }) => rest);
    setRemovePicture(false);
    setPicked({ file, preview: URL.createObjectURL(file) });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const name = validateDisplayName(displayName);
    if (!name.ok) found.displayName = name.message;
    const text = validateStatusText(statusText);
    if (!text.ok) found.statusText = text.message;
    const emoji = validateStatusEmoji(statusEmoji);
    if (!emoji.ok) found.statusEmoji = emoji.message;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await session.profiles.update({ displayName, statusText, statusEmoji });
      if (picked) await session.profiles.setAvatar(picked.file);
      else if (removePicture && user.avatar) await session.profiles.setAvatar(null);
      onDone();
    } catch (error) {
      const field = error instanceof ChatError && error.field && ['displayName', 'statusText', 'statusEmoji', 'avatar'].includes(error.field) ? (error.field as Field) : 'form';
      setErrors({ [field]: describeError(error) });
    } finally {
      setSaving(false);
    }
  };

  const errorOf = (field: Field) =>
    errors[field] ? (
      <p className="field__error" id={`profile-${field}-error`} role="alert">
        {errors[field]}
      </p>
    ) : null;
  const described = (field: Field) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `profile-${field}-error` } : {});

  return (
    <form className="profile-form" onSubmit={(e) => void save(e)} noValidate>
      <div className="profile-form__picture">
        <Avatar name={displayName || user.name} image={current} size="xl" />
        {session.profiles.canChangeAvatar ? (
          <div className="profile-form__picture-actions">
            <label className="button button--ghost button--small profile-form__pick">
              Choose picture…
              <input type="file" className="visually-hidden" accept="image/png,image/jpeg,image/webp" aria-label="Profile picture" onChange={(e) => void pick(e.target.files?.[0])} {...described('avatar')} />
            </label>
            {(picked || (user.avatar && !removePicture)) && (
              <button type="button" className="link-button" onClick={() => { setPicked(null); setRemovePicture(true); }}>
                Remove picture
              </button>
            )}
            <p className="field__hint">PNG, JPEG or WebP, up to 256 KiB and 512 × 512.</p>
          </div>
        ) : (
          <p className="field__hint">Pictures can be set from a browser signed in to this session.</p>
        )}
      </div>
      {errorOf('avatar')}
      <label className="field">
        <span className="field__label">Display name</span>
        <input className="field__input" value={displayName} maxLength={DISPLAY_NAME_MAX_CHARS * 2} placeholder={user.name} onChange={(e) => setDisplayName(e.target.value)} data-autofocus {...described('displayName')} />
        <span className="field__hint">What others see. You still sign in as “{user.name}”, and @{user.name} still mentions you.</span>
      </label>
      {errorOf('displayName')}
      <div className="profile-form__status">
        <label className="field profile-form__emoji">
          <span className="field__label">Status emoji</span>
          <input className="field__input" value={statusEmoji} placeholder="💬" onChange={(e) => setStatusEmoji(e.target.value)} {...described('statusEmoji')} />
        </label>
        <label className="field profile-form__text">
          <span className="field__label">Status</span>
          <input className="field__input" value={statusText} maxLength={STATUS_TEXT_MAX_CHARS * 2} placeholder="In a meeting" onChange={(e) => setStatusText(e.target.value)} {...described('statusText')} />
        </label>
      </div>
      {errorOf('statusEmoji')}
      {errorOf('statusText')}
      {errorOf('form')}
      <div className="people-actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save profile'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
