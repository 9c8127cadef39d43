// "Keyboard shortcuts" (Ctrl+/ or ⌘/): every shortcut, from shortcut-list.ts.
import { Dialog } from '../common/Dialog.js';
import { isMacPlatform, keyLabel, SHORTCUT_GROUPS, type Keys } from './shortcut-list.js';
import './shortcuts.css';

function Combination({ keys, mac }: { keys: Keys; mac: boolean }) {
  return (
    <span className="shortcut__combo">
      {keys.map((key, i) => (
        <kbd key={i} className="shortcut__key">
          {keyLabel(key, mac)}
        </kbd>
      ))}
    </span>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const mac = isMacPlatform();
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} wide>
      <div className="shortcuts">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} className="shortcuts__group" aria-labelledby={`shortcuts-${group.title}`}>
            <h3 id={`shortcuts-${group.title}`} className="shortcuts__title">
              {group.title}
            </h3>
            <dl className="shortcuts__list">
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.does} className="shortcut">
                  <dt className="shortcut__keys">
                    {shortcut.keys.map((keys, i) => (
                      <span key={i}>
                        {i > 0 && <span className="shortcut__or"> or </span>}
                        <Combination keys={keys} mac={mac} />
                      </span>
                    ))}
                  </dt>
                  <dd className="shortcut__does">{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
