// Admins only: the "Actions for NAME" menu next to a person — make or stop
// being admin, remove from the session (after a confirmation) or allow back.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';

interface MenuAction {
  label: string;
  danger?: boolean;
  run: () => void;
}

export function PersonActions({ user }: { user: UserInfo }) {
  const session = useChatSession();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const attempt = async (what: () => Promise<void>) => {
    setProblem(null);
    setBusy(true);
    try {
      await what();
      return true;
    } catch (error) {
      setProblem(describeError(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const actions: MenuAction[] = user.removed
    ? [{ label: 'Allow back', run: () => void attempt(() => session.moderation.setUserRemoved(user.id, false)) }]
    : [
        user.isAdmin
          ? { label: 'Remove admin', run: () => void attempt(() => session.moderation.setUserAdmin(user.id, false)) }
          : { label: 'Make admin', run: () => void attempt(() => session.moderation.setUserAdmin(user.id, true)) },
        { label: 'Remove from session…', danger: true, run: () => setConfirming(true) },
      ];

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
      items[next]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        button.current?.focus();
      }
      setOpen(false);
    }
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="person-row__actions"
        aria-label={`Actions for ${user.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={busy}
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <circle cx="5" cy="12" r="1.8" fill="currentColor" />
          <circle cx="12" cy="12" r="1.8" fill="currentColor" />
          <circle cx="19" cy="12" r="1.8" fill="currentColor" />
        </svg>
      </button>
      {open && (
        <div ref={menu} id={menuId} className="person-menu" role="menu" aria-label={`Actions for ${user.name}`} onKeyDown={onMenuKey}>
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`person-menu__item${action.danger ? ' person-menu__item--danger' : ''}`}
              onClick={() => {
                setOpen(false);
                action.run();
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
      {problem && (
        <p className="sidebar-problem" role="alert">
          {problem}
        </p>
      )}
      {confirming && (
        <Dialog
          title={`Remove ${user.name} from this session?`}
          onClose={() => setConfirming(false)}
          description="Their devices are signed out at once and they cannot sign in again until an admin allows them back. Their messages stay."
        >
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => {
                void attempt(() => session.moderation.setUserRemoved(user.id, true)).then((ok) => ok && setConfirming(false));
              }}
            >
              Remove {user.name}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
