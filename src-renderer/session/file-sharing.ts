// Files in a conversation: sharing them (dropped, pasted or picked), the
// controls of an upload or a download, saving a shared file, and main's
// progress reports on the desktop. In a browser, FileUploader slices and
// hashes the files (loaded with the first upload, to keep it out of the first
// paint); on the desktop, a file with a place on disk is streamed by main.
import { nanoid } from 'nanoid';
import { ChatError } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import type { FileUploader, FileUploaderOptions } from '../files/file-uploader.js';
import { httpBaseFromWs, tooManyFiles } from '../files/format.js';
import type { FileProgress, FileSource, Platform } from '../platform/platform.js';
import { describeError } from './describe-error.js';
import type { SessionContext } from './session-context.js';

/** Test seams for browser uploads (fake HTTP, no canvas). */
export type UploadSeams = Pick<FileUploaderOptions, 'transport' | 'makeThumbnail' | 'sliceBytes' | 'retryDelayMs' | 'newId'>;

export interface FileSharingOptions {
  platform: Platform;
  uploads?: UploadSeams | undefined;
  /** Starts a download of `url` saved as `name` (default: a temporary <a download>). */
  download?: ((url: string, name: string) => void) | undefined;
}

/**
 * Hands a URL to the browser's download manager, which streams it to disk.
 * The desktop app goes the same way for now (Electron's will-download);
 * native streaming with resume comes later.
 */
export function startBrowserDownload(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

export class FileSharing {
  private readonly platform: Platform;
  private readonly uploadSeams: UploadSeams | undefined;
  private readonly download: (url: string, name: string) => void;
  private uploader: FileUploader | null = null;
  private uploaderLoading: Promise<FileUploader> | null = null;
  /** clientMsgId → main's transferId, for uploads main runs. */
  private readonly mainUploads = new Map<string, string>();

  constructor(
    private readonly context: SessionContext,
    options: FileSharingOptions,
  ) {
    this.platform = options.platform;
    this.uploadSeams = options.uploads;
    this.download = options.download ?? startBrowserDownload;
  }

  private get state() {
    return this.context.store.getState();
  }

  /** Desktop: follows main's transfer progress. Returns the unsubscribe. */
  listen(): () => void {
    return this.platform.files?.onProgress((progress) => this.onMainTransfer(progress)) ?? (() => {});
  }

  /** Stops the browser uploads and clears their cards (signing out, leaving the session). */
  stopUploads(): void {
    this.uploader?.dispose();
  }

  /** http://H:P of the session's host (its HTTP API serves the files). */
  private httpBase(): string | null {
    const url = this.state.target?.url;
    return url ? httpBaseFromWs(url) : null;
  }

  private loadUploader(): Promise<FileUploader> {
    this.uploaderLoading ??= import('../files/file-uploader.js').then(({ FileUploader }) => {
      this.uploader = new FileUploader({
        store: this.context.store,
        request: (type, params) => this.context.requireClient().request(type, params),
        token: () => this.context.client()?.token ?? null,
        httpBase: () => this.httpBase(),
        onSent: (message) => this.state.applySent(message),
        ...this.uploadSeams,
      });
      return this.uploader;
    });
    return this.uploaderLoading;
  }

  // ------------------------------------------------------------------ sharing

  /** Uploads files to `conv` (dropped, pasted or picked). Words to show when refused, else null. */
  share(conv: string, files: readonly File[]): string | null {
    if (!this.context.client()) return 'Not connected to a session.';
    const refusal = tooManyFiles(files.length);
    if (refusal || files.length === 0) return refusal;
    let list = [...files];
    // Desktop: files with a place on disk are streamed by main; the rest (a
    // pasted image) go the browser way.
    const desktop = this.platform.files;
    if (desktop) {
      const onDisk = list.map((file) => ({ file, path: desktop.pathForFile(file) }));
      for (const { file, path } of onDisk) {
        if (!path) continue;
        const meta = { name: file.name, type: file.type, size: file.size };
        // The page has the dropped File, so it makes the image preview (main has no canvas).
        void import('../files/thumbnail.js')
          .then(({ makeThumbnail }) => makeThumbnail(file))
          .catch(() => null)
          .then((thumbnail) => this.uploadThroughMain(conv, { droppedPath: path }, meta, thumbnail));
      }
      list = onDisk.filter((entry) => !entry.path).map((entry) => entry.file);
      if (list.length === 0) return null;
    }
    this.loadUploader().then(
      (uploader) => uploader.add(conv, list),
      (error: unknown) => this.state.setBanner({ code: 'upload_failed', text: `Could not start the upload: ${describeError(error)}` }),
    );
    return null;
  }

  /** Desktop: the native open dialog, then each chosen file is streamed from disk by main. */
  async pickAndShare(conv: string): Promise<string | null> {
    const desktop = this.platform.files;
    if (!desktop) return 'Choosing files this way needs the desktop app.';
    if (!this.context.client()) return 'Not connected to a session.';
    const picked = await desktop.pick();
    const refusal = tooManyFiles(picked.length);
    if (refusal) return refusal;
    for (const file of picked) this.uploadThroughMain(conv, { pickToken: file.token }, file);
    return null;
  }

  private uploadThroughMain(conv: string, source: FileSource, meta: { name: string; type: string; size: number }, thumbnail: string | null = null): void {
    const desktop = this.platform.files!;
    const clientMsgId = `f-${nanoid(12)}`;
    this.state.addTransfer({ clientMsgId, conv, name: meta.name || 'file', type: meta.type || 'application/octet-stream', total: meta.size, ts: Date.now() });
    const base = this.httpBase();
    const token = this.context.client()?.token ?? null;
    if (!base || !token) {
      this.state.setTransferState(clientMsgId, 'failed', 'Not connected to a session.');
      return;
    }
    desktop.upload({ ...source, conv, clientMsgId, hostHttpBase: base, token, ...(thumbnail && { thumbnail }) }).then(
      (transferId) => this.mainUploads.set(clientMsgId, transferId),
      (error: unknown) => this.state.setTransferState(clientMsgId, 'failed', describeError(error)),
    );
  }

  /** files:progress from main: the upload card (by clientMsgId) or the download on the file card (by file id). */
  private onMainTransfer(p: FileProgress): void {
    if (p.kind === 'download') {
      if (p.fileId) this.state.setDownload({ ...p, fileId: p.fileId });
      return;
    }
    const id = p.clientMsgId;
    if (!id || !this.state.transfers[id]) return;
    // Done: the host announces the file message to this page's own connection too, and it replaces the card.
    if (p.state === 'cancelled' || p.state === 'done') {
      this.mainUploads.delete(id);
      this.state.removeTransfer(id);
      return;
    }
    const state = p.state === 'running' ? 'uploading' : p.state;
    if (this.state.transfers[id]!.state !== state) this.state.setTransferState(id, state, p.error?.message ?? null);
    this.state.updateTransfer(id, { bytes: p.bytes, total: p.total, bytesPerSecond: p.bytesPerSecond, secondsLeft: p.secondsLeft });
  }

  // ------------------------------------------------------------------ upload and download controls

  private mainControl(clientMsgId: string, action: 'pause' | 'resume' | 'cancel'): boolean {
    const transferId = this.mainUploads.get(clientMsgId);
    const desktop = this.platform.files;
    if (!transferId || !desktop) return false;
    desktop[action](transferId).catch((error: unknown) => this.state.setTransferState(clientMsgId, 'failed', describeError(error)));
    return true;
  }

  pauseUpload(clientMsgId: string): void {
    if (!this.mainControl(clientMsgId, 'pause')) this.uploader?.pause(clientMsgId);
  }

  resumeUpload(clientMsgId: string): void {
    if (!this.mainControl(clientMsgId, 'resume')) this.uploader?.resume(clientMsgId);
  }

  retryUpload(clientMsgId: string): void {
    if (!this.mainControl(clientMsgId, 'resume')) this.uploader?.retry(clientMsgId);
  }

  cancelUpload(clientMsgId: string): void {
    if (!this.mainControl(clientMsgId, 'cancel')) this.uploader?.cancel(clientMsgId);
  }

  /** Desktop: pause / resume (also Retry) / cancel / open a download main runs. */
  async controlDownload(transferId: string, action: 'pause' | 'resume' | 'cancel' | 'open'): Promise<void> {
    const desktop = this.platform.files;
    if (!desktop) throw new ChatError('disconnected', 'Downloads are controlled this way only in the desktop app.');
    await desktop[action](transferId);
  }

  // ------------------------------------------------------------------ saving

  /**
   * Downloads a shared file: a ticket first (a browser's download manager
   * cannot send the Authorization header), then the browser saves it.
   * `inline` asks for an image to be shown rather than saved (Open).
   */
  async save(file: FileInfo, options: { inline?: boolean; saveAs?: boolean } = {}): Promise<void> {
    const base = this.httpBase();
    if (!base) throw new ChatError('disconnected', 'Not connected to a session.');
    const desktop = this.platform.files;
    if (desktop && !options.inline) {
      // Desktop: main streams it to disk (save dialog, or the downloads folder when auto-save is on).
      const token = this.context.requireClient().token;
      if (!token) throw new ChatError('disconnected', 'Sign in before saving files.');
      await desktop.download({ file, hostHttpBase: base, token, saveAs: options.saveAs ?? false });
      return;
    }
    const { url } = await this.context.requireClient().request('file.ticket', { fileId: file.id });
    const full = `${base}${url}`;
    if (options.inline) {
      const inline = `${full}${full.includes('?') ? '&' : '?'}inline=1`;
      if (this.platform.opensLinksItself) this.platform.openExternal(inline);
      else window.open(inline, '_blank', 'noopener');
      return;
    }
    this.download(full, sanitizeFileName(file.name));
  }
}
