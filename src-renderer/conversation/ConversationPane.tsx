// The right-hand side: header, messages, who is typing, and the composer.
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore } from '../app/app-services.js';
import { conversationTitle } from '../store/selectors.js';
import { Composer } from './Composer.js';
import { ConversationHeader } from './ConversationHeader.js';
import { MessageList } from './MessageList.js';
import { TypingIndicator } from './TypingIndicator.js';
import './conversation.css';
import './messages.css';
import './composer.css';

export interface ConversationPaneProps {
  conv: string;
  drawerOpen: boolean;
  onToggleDrawer: () => void;
}

export function ConversationPane({ conv, drawerOpen, onToggleDrawer }: ConversationPaneProps) {
  const title = useAppStore((s) => conversationTitle(s, conv));
  const parsed = parseConversationKey(conv);
  const isChannel = parsed?.kind === 'channel';
  const topic = useAppStore((s) => (parsed?.kind === 'channel' ? s.channels[parsed.channelId]?.topic : undefined));
  return (
    <section className="conversation" aria-label={title}>
      <ConversationHeader conv={conv} drawerOpen={drawerOpen} onToggleDrawer={onToggleDrawer} />
      <MessageList key={conv} conv={conv} title={title} channelName={isChannel ? title : null} topic={topic} />
      <TypingIndicator conv={conv} />
      <Composer conv={conv} placeholder={`Message ${title}`} />
    </section>
  );
}
