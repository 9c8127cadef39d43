// A shared file in the message list: name, size, type and a preview for
// images; Save (and Open for images and PDFs) for everyone, "Expired" once the
// host no longer keeps it. UploadCard is the same card for one of my files
// still on its way: progress, speed, time left, Pause/Resume/Cancel, Retry.
import { useState } from 'react';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import type { DownloadTransfer, Transfer } from '../store/transfers-slice.js';
import { describeType, effectiveType, formatBytes, formatSpeed, formatTimeLeft, isPreviewableImage } from './format.js';

/** Only previews in the formats the protocol allows (and that cannot carry script). */
const SAFE_THUMBNAIL = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;
const safeThumbnail = (thumbnail: string | null) => (thumbnail && SAFE_THUMBNAIL.test(thumbnail) ? thumbnail : null);

function FileIcon({ type }: { type: string }) {
  const label = type === 'application/pdf' ? 'PDF' : type.startsWith('image/') ? 'IMG' : type.startsWith('video/') ? 'VID' : type.startsWith('audio/') ? 'AUD' : '';
  return (
    <div className="file-card__icon" aria-hidden="true">
      <svg viewBox="0 0 24 24" width="28" height="28" focusable="false">
        <path d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      </svg>
      {label && <span className="file-card__icon-label">{label}</span>}
    </div>
  );
}

function Preview({ thumbnail, type, name }: { thumbnail: string | null; type: string; name: string }) {
  const src = safeThumbnail(thumbnail);
  if (src) return <img className="file-card__thumb" src={src} alt={`Preview of ${name}`} />;
  return <FileIcon type={type} />;
}

export type DownloadAction = 'pause' | 'resume' | 'cancel' | 'open';

export interface FileCardProps {
  file: FileInfo;
  onSave: (file: FileInfo) => Promise<void>;
  onOpen?: (file: FileInfo) => Promise<void>;
  /** Desktop: the download main runs for this file, and its controls. */
  download?: DownloadTransfer;
  onDownload?: (transferId: string, action: DownloadAction) => Promise<void>;
  now?: number;
}

interface Progress {
  bytes: number;
  total: number;
  bytesPerSecond: number;
  secondsLeft: number | null;
}

/** Uploads and downloads alike: "Paused · 3 MB of 10 MB", or while moving the speed and time left (until known, bytes so far). */
function progressText(p: Progress, paused: boolean): string {
  const soFar = `${formatBytes(p.bytes)} of ${formatBytes(p.total)}`;
  if (paused) return `Paused · ${soFar}`;
  return p.bytesPerSecond > 0 && p.secondsLeft !== null ? `${formatSpeed(p.bytesPerSecond)} · ${formatTimeLeft(p.secondsLeft)}` : soFar;
}

function downloadStatus(d: DownloadTransfer): string {
  switch (d.state) {
    case 'queued':
      return 'Waiting to download…';
    case 'paused':
    case 'running':
      return progressText(d, d.state === 'paused');
    case 'done':
      return `Saved as ${d.name}`;
    case 'failed':
    case 'cancelled':
      return '';
  }
}

/** Progress and controls of a desktop download, under the card's name. */
function DownloadControls({ download: d, name, act, saveAgain }: { download: DownloadTransfer; name: string; act: (action: DownloadAction) => void; saveAgain: () => void }) {
  const percent = d.total > 0 ? Math.floor((d.bytes / d.total) * 100) : d.state === 'done' ? 100 : 0;
  const moving = d.state === 'running' || d.state === 'queued';
  const button = (action: DownloadAction, label: string, ghost = false) => (
    <button type="button" className={`button button--small${ghost ? ' button--ghost' : ''} file-card__button`} aria-label={`${label} ${name}`} onClick={() => act(action)}>
      {label}
    </button>
  );
  return (
    <>
      {(moving || d.state === 'paused') && (
        <div
          className={`file-card__progress${d.state === 'paused' ? ' file-card__progress--paused' : ''}`}
          role="progressbar"
          aria-label={`Downloading ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%`}
        >
          <div className="file-card__progress-bar" style={{ width: `${percent}%` }} />
        </div>
      )}
      {d.state === 'failed' ? (
        <span className="file-card__error" role="alert">
          {d.open ? 'Could not open' : 'Not saved'}: {d.error?.message ?? 'the download failed'}
        </span>
      ) : (
        <span className="file-card__status" aria-live="off">
          {downloadStatus(d)}
        </span>
      )}
      <span className="file-card__actions">
        {moving && button('pause', 'Pause')}
        {d.state === 'paused' && button('resume', 'Resume')}
        {d.state === 'failed' && button('resume', 'Retry')}
        {d.state === 'done' && button('open', 'Open')}
        {d.state === 'done' && (
          <button type="button" className="button button--small button--ghost file-card__button" aria-label={`Save ${name} again`} onClick={saveAgain}>
            Save again
          </button>
        )}
        {(moving || d.state === 'paused' || d.state === 'failed') && button('cancel', 'Cancel', true)}
      </span>
    </>
  );
}

export function FileCard({ file, onSave, onOpen, download, onDownload, now = Date.now() }: FileCardProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const type = effectiveType(file.type, file.name);
  const expired = file.expiresAt === null || file.expiresAt <= now;
  const canOpen = onOpen && (isPreviewableImage(type) || type === 'application/pdf');

  const act = (action: (file: FileInfo) => Promise<void>) => {
    setProblem(null);
    setBusy(true);
    action(file)
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };

  return (
    <div className={`file-card${expired ? ' file-card--expired' : ''}`} data-file-id={file.id}>
      <Preview thumbnail={file.thumbnail} type={type} name={file.name} />
      <div className="file-card__info">
        <span className="file-card__name" title={file.name}>
          {file.name}
        </span>
        <span className="file-card__meta">
          {formatBytes(file.size)} · {describeType(file.type, file.name)}
        </span>
        {download && onDownload && download.state !== 'cancelled' ? (
          <DownloadControls
            download={download}
            name={file.name}
            act={(action) => act(() => onDownload(download.transferId, action))}
            saveAgain={() => act(onSave)}
          />
        ) : expired ? (
          <span className="file-card__note">Expired — the host no longer keeps this file</span>
        ) : (
          <span className="file-card__actions">
            <button type="button" className="button button--small file-card__button" aria-label={`Save ${file.name}`} disabled={busy} onClick={() => act(onSave)}>
              Save
            </button>
            {canOpen && (
              <button type="button" className="button button--small button--ghost file-card__button" aria-label={`Open ${file.name}`} disabled={busy} onClick={() => act(onOpen)}>
                Open
              </button>
            )}
          </span>
        )}
        {problem && (
          <span className="file-card__error" role="alert">
            Could not download: {problem}
          </span>
        )}
      </div>
    </div>
  );
}

export interface UploadCardProps {
  transfer: Transfer;
  onPause: (clientMsgId: string) => void;
  onResume: (clientMsgId: string) => void;
  onCancel: (clientMsgId: string) => void;
  onRetry: (clientMsgId: string) => void;
}

function uploadStatus(t: Transfer): string {
  switch (t.state) {
    case 'queued':
      return 'Waiting to upload…';
    case 'paused':
    case 'uploading':
      return progressText(t, t.state === 'paused');
    case 'verifying':
      return 'Checking…';
    case 'done':
      return 'Sent';
    case 'failed':
      return '';
  }
}

export function UploadCard({ transfer: t, onPause, onResume, onCancel, onRetry }: UploadCardProps) {
  const percent = t.total > 0 ? Math.floor((t.bytes / t.total) * 100) : t.state === 'verifying' || t.state === 'done' ? 100 : 0;
  const failed = t.state === 'failed';
  const canCancel = t.state !== 'verifying' && t.state !== 'done';
  return (
    <div className={`file-card file-card--upload${failed ? ' file-card--failed' : ''}`}>
      <Preview thumbnail={t.thumbnail} type={effectiveType(t.type, t.name)} name={t.name} />
      <div className="file-card__info">
        <span className="file-card__name" title={t.name}>
          {t.name}
        </span>
        <span className="file-card__meta">
          {formatBytes(t.total)} · {describeType(t.type, t.name)}
        </span>
        {!failed && (
          <div
            className={`file-card__progress${t.state === 'paused' ? ' file-card__progress--paused' : ''}`}
            role="progressbar"
            aria-label={`Uploading ${t.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent}%`}
          >
            <div className="file-card__progress-bar" style={{ width: `${percent}%` }} />
          </div>
        )}
        {failed ? (
          <span className="file-card__error" role="alert">
            Not sent: {t.error ?? 'the upload failed'}
          </span>
        ) : (
          <span className="file-card__status" aria-live="off">
            {uploadStatus(t)}
          </span>
        )}
        <span className="file-card__actions">
          {(t.state === 'uploading' || t.state === 'queued') && (
            <button type="button" className="button button--small file-card__button" aria-label={`Pause ${t.name}`} onClick={() => onPause(t.clientMsgId)}>
              Pause
            </button>
          )}
          {t.state === 'paused' && (
            <button type="button" className="button button--small file-card__button" aria-label={`Resume ${t.name}`} onClick={() => onResume(t.clientMsgId)}>
              Resume
            </button>
          )}
          {failed && (
            <button type="button" className="button button--small file-card__button" aria-label={`Retry ${t.name}`} onClick={() => onRetry(t.clientMsgId)}>
              Retry
            </button>
          )}
          {canCancel && (
            <button type="button" className="button button--small button--ghost file-card__button" aria-label={`Cancel ${t.name}`} onClick={() => onCancel(t.clientMsgId)}>
              Cancel
            </button>
          )}
        </span>
      </div>
    </div>
  );
}
