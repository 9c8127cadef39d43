// The files waiting in the composer: a chip each with its name, size and (for
// an image) a small preview, and "Remove NAME". They go out with the next Send.
import { useEffect, useState } from 'react';
import { useAppStore } from '../app/app-services.js';
import { formatBytes } from '../files/format.js';
import { isPickedFile, type Attachment, type OutgoingFile } from '../store/attachments-slice.js';

function Preview({ file }: { file: OutgoingFile }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    // A file chosen in the desktop's native dialog has no bytes in the page: the file icon (its card gets the preview once sent).
    if (isPickedFile(file) || !file.type.startsWith('image/') || typeof URL.createObjectURL !== 'function') return;
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  if (!url) {
    return (
      <span className="attachment-chip__icon" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="18" height="18" focusable="false">
          <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        </svg>
      </span>
    );
  }
  return <img className="attachment-chip__thumb" src={url} alt="" />;
}

export function AttachmentChips({ conv }: { conv: string }) {
  const attachments = useAppStore((s) => s.attachments[conv]) ?? [];
  const remove = useAppStore((s) => s.removeAttachment);
  if (attachments.length === 0) return null;
  return (
    <div className="attachment-chips">
      <ul className="attachment-chips__list" aria-label="Files to send">
        {attachments.map(({ id, file }: Attachment) => {
          const name = file.name || 'pasted-file';
          return (
            <li key={id} className="attachment-chip">
              <Preview file={file} />
              <span className="attachment-chip__text">
                <span className="attachment-chip__name" title={name}>
                  {name}
                </span>
                <span className="attachment-chip__size">{formatBytes(file.size)}</span>
              </span>
              <button type="button" className="attachment-chip__remove" aria-label={`Remove ${name}`} title={`Remove ${name}`} onClick={() => remove(conv, id)}>
                <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
                  <path d="M6 6l12 12M18 6 6 18" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
