// The sidebar's "Threads" section: threads I follow with unread replies, the
// most recently active first; choosing one opens it in the thread panel.
// Shown only while there is one (as Slack's "Threads" lights up).
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { ConversationButton } from '../sidebar/ConversationButton.js';
import { conversationTitle } from '../store/selectors.js';
import { unreadThreads } from '../store/threads-slice.js';

export function ThreadsList({ onNavigate }: { onNavigate: () => void }) {
  const threads = useAppStore(useShallow((s) => unreadThreads(s)));
  const titles = useAppStore(useShallow((s) => threads.map((t) => conversationTitle(s, t.conv))));
  const openRoot = useAppStore((s) => s.openThread?.root ?? null);
  const session = useChatSession();
  if (threads.length === 0) return null;
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-threads">
      <div className="sidebar-section__header">
        <h2 id="sidebar-threads" className="sidebar-section__title">
          Threads
        </h2>
      </div>
      <ul className="sidebar-list" role="list" aria-labelledby="sidebar-threads">
        {threads.map((t, i) => (
          <li key={t.root}>
            <ConversationButton
              icon={<span aria-hidden="true">↳</span>}
              label={`Thread in ${titles[i] ?? t.conv}`}
              active={openRoot === t.root}
              unread={{ count: t.unread, mentions: 0 }}
              onClick={() => {
                void session.threads.open(t.conv, t.root);
                onNavigate();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
