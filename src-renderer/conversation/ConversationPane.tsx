// The right-hand side: header, messages, who is typing, and the composer.
import { useRef, useState, type DragEvent } from 'react';
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';
import '../files/files.css';
import { conversationTitle } from '../store/selectors.js';
import { ArchivedBanner } from '../people/ArchivedBanner.js';
import { Composer } from './Composer.js';
import { sendWithFiles } from './send-with-files.js';
import type { OutgoingFile } from '../store/attachments-slice.js';
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
  /** The channel's name when it is archived (read-only: a banner instead of the composer). */
  const archived = useAppStore((s) => (parsed?.kind === 'channel' && s.channels[parsed.channelId]?.archived ? s.channels[parsed.channelId]!.name : null));
  const session = useChatSession();
  const platform = usePlatform();
  const [problem, setProblem] = useState<{ conv: string; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them.
  const depth = useRef(0);

  // Picked, dropped or pasted files wait in the composer as chips; Send sends them with the text.
  const addAttachments = useAppStore((s) => s.addAttachments);
  const attach = (files: readonly OutgoingFile[]) => {
    if (files.length === 0) return;
    const refusal = addAttachments(conv, files);
    setProblem(refusal ? { conv, text: refusal } : null);
  };
  const sendFiles = (files: OutgoingFile[], caption: string): boolean => {
    const { refusal, sent } = sendWithFiles(session, conv, files, caption);
    setProblem(refusal ? { conv, text: refusal } : null);
    return sent > 0;
  };

  // Desktop: the native open dialog; the chosen files wait as chips like any
  // other (main keeps their paths behind pick tokens and streams them on Send).
  const pick = () => {
    platform.files?.pick().then(attach, (error: unknown) => setProblem({ conv, text: `Could not choose files: ${error instanceof Error ? error.message : String(error)}` }));
  };

  const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current++;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    attach(Array.from(event.dataTransfer.files));
  };

  const where = isChannel ? `in ${title}` : `with ${title}`;
  return (
    <section className="conversation" aria-label={title} onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <ConversationHeader conv={conv} drawerOpen={drawerOpen} onToggleDrawer={onToggleDrawer} />
      <MessageList key={conv} conv={conv} title={title} channelName={isChannel ? title : null} topic={topic} />
      <TypingIndicator conv={conv} />
      {problem?.conv === conv && (
        <div className="file-problem" role="alert">
          <span>{problem.text}</span>
          <button type="button" className="link-button" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
      {archived ? (
        <ArchivedBanner channelName={archived} />
      ) : (
        <Composer conv={conv} placeholder={`Message ${title}`} onFiles={attach} onSendFiles={sendFiles} {...(platform.files && { onPick: pick })} />
      )}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-overlay__box">Drop to share {where}</div>
        </div>
      )}
    </section>
  );
}
