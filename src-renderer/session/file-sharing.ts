// Files in a conversation: sharing them (dropped, pasted or picked), the
// controls of an upload or a download, saving and opening a shared file, and
// main's progress reports on the desktop. In a browser, FileUploader slices
// and hashes the files (loaded with the first upload, to keep it out of the
// first paint). On the desktop every transfer goes through main (picked files
// wait as composer chips holding main's pick token), and the page
// makes no HTTP request to a host (DESIGN.md; its CSP allows connect-src
// 'self' only): a file with a place on disk is streamed by main, a pasted one
// is handed over as bytes, Save and Open are downloads main runs.
import { nanoid } from 'nanoid';
import { ChatError } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
// Static: the encrypted DMs load these with the app anyway (a dynamic import split nothing off).
import { fileKeyOf } from '../../src-shared/e2e/dm-file.js';
import { sodium, toBase64Url } from '../../src-shared/e2e/sodium.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import type { FileUploader, FileUploaderOptions } from '../files/file-uploader.js';
import { PASTED_FILE_TOO_BIG } from '../../src-shared/ipc/ipc-contract.js';
import { PASTED_FILE_MAX_BYTES } from '../../src-shared/limits.js';
import { formatBytes, httpBaseFromWs, tooManyFiles } from '../files/format.js';
import type { FileProgress, FileSource, FilesFeature, Platform } from '../platform/platform.js';
import { isPickedFile, type OutgoingFile } from '../store/attachments-slice.js';
import { describeError } from './describe-error.js';
import type { SessionContext } from './session-context.js';

/** A file key as base64url, the form main takes it in. */
async function keyText(key: Uint8Array): Promise<string> {
  return toBase64Url(await sodium(), key);
}

/** A file of an encrypted DM to save: from its decrypted message (key base64url, real name and type) and the message's clientMsgId. */
export interface DmFileSave {
  key: string;
  bindingId: string;
  name: string;
  type?: string;
}

/** What share() did: the words to show when files were refused (else null), and how many went (the caption rides with the first of them). */
export interface ShareOutcome {
  refusal: string | null;
  sent: number;
}

/** Test seams for browser uploads (fake HTTP, no canvas). */
export type UploadSeams = Pick<FileUploaderOptions, 'transport' | 'makeThumbnail' | 'sliceBytes' | 'retryDelayMs' | 'newId'>;

export interface FileSharingOptions {
  platform: Platform;
  uploads?: UploadSeams | undefined;
  /** Starts a download of `url` saved as `name` (default: a temporary <a download>). */
  download?: ((url: string, name: string) => void) | undefined;
  /**
   * Files to an end-to-end encrypted DM (prepareDmFile with the renderer's
   * DmSession), or null for a plain upload (a channel). Used by the browser
   * uploader and for uploads main runs alike; unset: nothing is encrypted.
   */
  encryptFor?: FileUploaderOptions['encryptFor'];
  /** The key and real name of an encrypted DM file this device decrypted (by the host's file id); undefined for any other file. */
  dmFile?: (fileId: string) => DmFileSave | undefined;
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
  private readonly encryptFor: FileUploaderOptions['encryptFor'];
  private readonly dmFile: FileSharingOptions['dmFile'];
  private uploader: FileUploader | null = null;
  private uploaderLoading: Promise<FileUploader> | null = null;
  /** clientMsgId → main's transferId, for uploads main runs; null while the page prepares it or main has not answered yet. */
  private readonly mainUploads = new Map<string, string | null>();
  /** Uploads cancelled before main had them: dropped (or cancelled in main) as soon as main answers. */
  private readonly cancelledEarly = new Set<string>();

  constructor(
    private readonly context: SessionContext,
    options: FileSharingOptions,
  ) {
    this.platform = options.platform;
    this.uploadSeams = options.uploads;
    this.download = options.download ?? startBrowserDownload;
    this.encryptFor = options.encryptFor;
    this.dmFile = options.dmFile;
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
        ...(this.encryptFor && { encryptFor: this.encryptFor }),
        ...this.uploadSeams,
      });
      return this.uploader;
    });
    return this.uploaderLoading;
  }

  // ------------------------------------------------------------------ sharing

  /**
   * Uploads files to `conv` (dropped, pasted or picked). `caption` is the
   * first file's message text (file.begin `text`), in the browser and on the
   * desktop alike; in an encrypted DM it goes inside that file's envelope
   * (dm-payload.ts `c`). Says what was refused and how many went: with none
   * sent, the caption did not go either (the composer keeps it).
   */
  share(conv: string, files: readonly OutgoingFile[], caption = ''): ShareOutcome {
    if (!this.context.client()) return { refusal: 'Not connected to a session — your text and files are kept here; send again once it is back.', sent: 0 };
    const refusal = tooManyFiles(files.length);
    if (refusal || files.length === 0) return { refusal, sent: 0 };
    const desktop = this.platform.files;
    if (desktop) return this.shareThroughMain(conv, files, desktop, caption);
    // Only the desktop's native dialog makes picked files; a browser has Files only.
    const pageFiles = files.filter((file): file is File => !isPickedFile(file));
    this.loadUploader().then(
      (uploader) => uploader.add(conv, pageFiles, caption),
      (error: unknown) => this.state.setBanner({ code: 'upload_failed', text: `Could not start the upload: ${describeError(error)}` }),
    );
    return { refusal: null, sent: pageFiles.length };
  }

  /**
   * Desktop: every file goes through main — a picked one by main's pick
   * token, a dropped one by its path on disk, a pasted one (no path: a
   * screenshot, an image copied from a page) by its bytes, which main keeps
   * in a private temporary file. Pastes over PASTED_FILE_MAX_BYTES are
   * refused here (they travel whole); saving the file and dropping it streams
   * from disk instead. The cards appear at once, in order; the page makes each
   * image preview of a File (main has no canvas; a picked file has none).
   * The caption rides with the first file that goes.
   */
  private shareThroughMain(conv: string, files: readonly OutgoingFile[], desktop: FilesFeature, caption: string): ShareOutcome {
    const tooBig: File[] = [];
    let captionLeft = caption;
    for (const file of files) {
      if (isPickedFile(file)) {
        this.sendToMain(this.addMainUploadCard(conv, file, captionLeft), conv, file, { pickToken: file.token }, null, captionLeft);
        captionLeft = '';
        continue;
      }
      const path = desktop.pathForFile(file);
      if (!path && file.size > PASTED_FILE_MAX_BYTES) {
        tooBig.push(file);
        continue;
      }
      const clientMsgId = this.addMainUploadCard(conv, file, captionLeft);
      const text = captionLeft;
      captionLeft = '';
      const source: Promise<FileSource> = path
        ? Promise.resolve({ droppedPath: path })
        : file.arrayBuffer().then((buffer) => ({ pasted: { name: file.name, type: file.type, bytes: new Uint8Array(buffer) } }));
      const thumbnail = import('../files/thumbnail.js').then(({ makeThumbnail }) => makeThumbnail(file)).catch(() => null);
      void Promise.all([source, thumbnail]).then(
        ([from, preview]) => this.sendToMain(clientMsgId, conv, file, from, preview, text),
        (error: unknown) => this.failMainUpload(clientMsgId, `Could not read ${file.name || 'the pasted file'}: ${describeError(error)}`),
      );
    }
    const sent = files.length - tooBig.length;
    if (tooBig.length === 0) return { refusal: null, sent };
    const first = tooBig[0]!;
    const refusal =
      tooBig.length === 1
        ? `“${first.name || 'The pasted file'}” is ${formatBytes(first.size)}. ${PASTED_FILE_TOO_BIG}`
        : `${tooBig.length} of the pasted files are too big. ${PASTED_FILE_TOO_BIG}`;
    return { refusal, sent };
  }

  /** The card of an upload main will run (queued until main reports), with the caption it carries. Returns its clientMsgId. */
  private addMainUploadCard(conv: string, meta: { name: string; type: string; size: number }, caption = ''): string {
    const clientMsgId = `f-${nanoid(12)}`;
    this.state.addTransfer({ clientMsgId, conv, name: meta.name || 'pasted-file', type: meta.type || 'application/octet-stream', total: meta.size, ts: Date.now(), ...(caption && { caption }) });
    this.mainUploads.set(clientMsgId, null);
    return clientMsgId;
  }

  private failMainUpload(clientMsgId: string, why: string): void {
    this.mainUploads.delete(clientMsgId);
    if (this.cancelledEarly.delete(clientMsgId)) return;
    if (this.state.transfers[clientMsgId]) this.state.setTransferState(clientMsgId, 'failed', why);
  }

  private sendToMain(clientMsgId: string, conv: string, meta: { name: string; type: string; size: number }, source: FileSource, thumbnail: string | null = null, caption = ''): void {
    const desktop = this.platform.files!;
    if (this.cancelledEarly.delete(clientMsgId)) {
      this.mainUploads.delete(clientMsgId);
      return;
    }
    if (thumbnail && this.state.transfers[clientMsgId]) this.state.updateTransfer(clientMsgId, { thumbnail });
    const base = this.httpBase();
    const token = this.context.client()?.token ?? null;
    if (!base || !token) return this.failMainUpload(clientMsgId, 'Not connected to a session.');
    // An encrypted DM: the envelope and key first (the preview and caption go inside, never as a thumbnail or text); a refusal fails the card, nothing is sent.
    const encrypted = this.encryptFor
      ? this.encryptFor(conv, clientMsgId, { name: meta.name || 'pasted-file', type: meta.type, size: meta.size, ...(thumbnail && { preview: thumbnail }), ...(caption && { caption }) })
      : Promise.resolve(null);
    encrypted
      .then(async (prepared) => {
        const e2e = prepared ? { envelope: prepared.begin.e2e, key: await keyText(prepared.key) } : null;
        // An encrypted file's caption is in its envelope: main gets none beside it (`text` would show it to the host).
        const plain = { ...(thumbnail && { thumbnail }), ...(caption && { caption }) };
        return desktop.upload({ ...source, conv, clientMsgId, hostHttpBase: base, token, ...(e2e ? { e2e } : plain) });
      })
      .then(
        (transferId) => {
          if (this.cancelledEarly.delete(clientMsgId)) {
            this.mainUploads.delete(clientMsgId);
            desktop.cancel(transferId).catch(() => {});
          } else if (this.mainUploads.has(clientMsgId)) {
            this.mainUploads.set(clientMsgId, transferId);
          }
        },
        (error: unknown) => this.failMainUpload(clientMsgId, describeError(error)),
      );
  }

  /** files:progress from main: the upload card (by clientMsgId) or the download on the file card (by file id). */
  private onMainTransfer(p: FileProgress): void {
    if (p.kind === 'download') {
      if (!p.fileId) return;
      // Open: main opens the file when done; the card goes back to Save / Open.
      if (p.open && p.state === 'done') this.state.removeDownload(p.fileId);
      else this.state.setDownload({ ...p, fileId: p.fileId });
      return;
    }
    const id = p.clientMsgId;
    if (!id) return;
    // An upload main resumed after the app restarted (file-transfers.ts): no card yet, so one is made.
    if (!this.state.transfers[id] && p.conv && p.state !== 'done' && p.state !== 'cancelled' && !this.cancelledEarly.has(id)) {
      this.state.addTransfer({ clientMsgId: id, conv: p.conv, name: p.name, type: '', total: p.total, ts: Date.now() });
      this.mainUploads.set(id, p.transferId);
    }
    if (!this.state.transfers[id]) return;
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
    const desktop = this.platform.files;
    if (!desktop || !this.mainUploads.has(clientMsgId)) return false;
    const transferId = this.mainUploads.get(clientMsgId);
    if (!transferId) {
      // Not in main's hands yet (being read, or main has not answered): a cancel
      // takes the card away now and the upload when main answers; pause waits.
      if (action === 'cancel') {
        this.cancelledEarly.add(clientMsgId);
        this.state.removeTransfer(clientMsgId);
      }
      return true;
    }
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
   * Downloads a shared file. `inline` asks for it to be shown rather than
   * saved (Open). Desktop: main streams it to disk — Save: a save dialog, or
   * the downloads folder when auto-save is on; Open: main's private cache,
   * then the system's app for it (a host's self-signed certificate would make
   * a browser warn). Browser: a ticket first (a browser's download manager
   * cannot send the Authorization header), then the browser saves it, or
   * opens it in a new tab.
   * `e2e`: a file of an encrypted DM (its decrypted message's key and real
   * name, and the message's clientMsgId): main decrypts it to disk; a browser
   * fetches and decrypts it in memory (encrypted-download.ts) and saves the Blob.
   */
  async save(file: FileInfo, given: { inline?: boolean; saveAs?: boolean; e2e?: DmFileSave } = {}): Promise<void> {
    // A file of an encrypted DM is saved decrypted wherever the save starts (list, thread, search).
    const dmFile = given.e2e ?? this.dmFile?.(file.id);
    const options = { ...given, ...(dmFile && { e2e: dmFile }) };
    const base = this.httpBase();
    if (!base) throw new ChatError('disconnected', 'Not connected to a session.');
    const desktop = this.platform.files;
    if (desktop) {
      const token = this.context.requireClient().token;
      if (!token) throw new ChatError('disconnected', 'Sign in before saving files.');
      await desktop.download({ file, hostHttpBase: base, token, saveAs: options.saveAs ?? false, ...(options.inline && { open: true }), ...(options.e2e && { e2e: options.e2e }) });
      return;
    }
    const { url } = await this.context.requireClient().request('file.ticket', { fileId: file.id });
    const full = `${base}${url}`;
    if (options.e2e) return this.saveDecrypted(full, file, options.e2e, options.inline ?? false);
    if (options.inline) {
      const inline = `${full}${full.includes('?') ? '&' : '?'}inline=1`;
      if (this.platform.opensLinksItself) this.platform.openExternal(inline);
      else window.open(inline, '_blank', 'noopener');
      return;
    }
    this.download(full, sanitizeFileName(file.name));
  }

  /** Browser: an encrypted DM file, decrypted in memory, saved (or shown) from a blob: URL. */
  private async saveDecrypted(url: string, file: FileInfo, e2e: DmFileSave, inline: boolean): Promise<void> {
    const { fetchDecrypted } = await import('../files/encrypted-download.js');
    const blob = await fetchDecrypted({ url, key: await fileKeyOf(e2e), bindingId: e2e.bindingId, size: file.size, name: e2e.name, ...(e2e.type !== undefined && { type: e2e.type }) });
    const objectUrl = URL.createObjectURL(blob);
    if (inline) window.open(objectUrl, '_blank', 'noopener');
    else this.download(objectUrl, sanitizeFileName(e2e.name));
    // The browser has taken it (download, or the new tab's load) well before this.
    setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
  }
}
