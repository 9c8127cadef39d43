// The IPC contract's shapes of files main streams from and to disk (ipc-contract.ts has the channels).
import { z } from 'zod';
import { E2E_MAX_ENVELOPE_BYTES, FILE_CAPTION_MAX_UTF16, FILE_TYPE_MAX_CHARS, PASTED_FILE_MAX_BYTES } from '../limits.js';
import { conversationKey } from '../protocol/frames.js';

// ---------------------------------------------------------------- files (desktop: streamed from/to disk by main)

/** Main's id of one upload or download it runs. */
export const transferId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * A file the person chose in the native open dialog. `token` is an opaque id
 * main keeps for the chosen path: the renderer never sees or sends the path.
 */
export const pickedFile = z.object({
  token: z.string(),
  name: z.string(),
  size: z.number().int().min(0),
  /** MIME type guessed from the extension; '' when unknown (the host decides). */
  type: z.string(),
});
export type PickedFile = z.infer<typeof pickedFile>;

/** http://ADDRESS:PORT of the session host (no path). */
export const hostHttpBase = z
  .string()
  .max(512)
  .regex(/^https?:\/\/[^/?#\s]+\/?$/, 'expected http://host:port');

export const transferState = z.enum(['queued', 'running', 'paused', 'failed', 'done', 'cancelled']);
export type TransferState = z.infer<typeof transferState>;

export const fileProgress = z.object({
  transferId,
  kind: z.enum(['upload', 'download']),
  state: transferState,
  /** Shown on the card. */
  name: z.string(),
  bytes: z.number().min(0),
  total: z.number().min(0),
  bytesPerSecond: z.number().min(0),
  secondsLeft: z.number().min(0).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Where a finished download was saved (for "Saved to …"; opening goes through files:open). */
  path: z.string().optional(),
  /** Uploads: the conversation and client message id the renderer started it with. */
  conv: z.string().optional(),
  clientMsgId: z.string().optional(),
  /** Downloads: the host's file id. */
  fileId: z.string().optional(),
  /** Downloads: made to be opened (Open), into main's private cache; main opens it when done. */
  open: z.boolean().optional(),
});
export type FileProgress = z.infer<typeof fileProgress>;

export const clientMsgIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What a person reads when a pasted file is over PASTED_FILE_MAX_BYTES (the renderer says it first; main's check says the same). */
export const PASTED_FILE_TOO_BIG = `Pasted files can be at most ${PASTED_FILE_MAX_BYTES / 1024 ** 2} MiB. Save it to disk and drag it into the window instead.`;

/**
 * A pasted file (an image from the clipboard: no place on disk). Its bytes
 * cross whole (structured clone); main writes them to a private temporary
 * file, uploads that like a dropped file and deletes it when the upload is done
 * or cancelled.
 */
export const pastedFile = z.object({
  /** The File's name ('' for some clipboards); main sanitises it. */
  name: z.string().max(1024),
  /** The File's MIME type ('' when unknown): gives a nameless paste its extension. */
  type: z.string().max(FILE_TYPE_MAX_CHARS),
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= PASTED_FILE_MAX_BYTES, { message: PASTED_FILE_TOO_BIG }),
});
export type PastedFile = z.infer<typeof pastedFile>;

/** An encrypted DM file's key (32 bytes, base64url), from the renderer's DmSession to main: memory only, never logged. */
export const dmFileKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected base64url of 32 bytes');

export const fileUploadRequest = z
  .object({
    /** From files:pick. */
    pickToken: z.string().max(64).optional(),
    /**
     * A dropped file's path (parley.pathForFile(file) in the preload, Electron's
     * webUtils.getPathForFile); main checks it is an absolute path to a regular file.
     */
    droppedPath: z.string().min(1).max(4096).optional(),
    /** A pasted file's bytes (no path on disk). */
    pasted: pastedFile.optional(),
    conv: conversationKey,
    clientMsgId: clientMsgIdSchema,
    hostHttpBase,
    /** The renderer's resume token: main signs its own short-lived connection in with it. */
    token: z.string().min(1).max(512),
    thumbnail: z.string().max(64 * 1024).optional(),
    /** The message text shown with the file (the composer's text, on the first of its files): file.begin / file.offer `text`. */
    caption: z.string().max(FILE_CAPTION_MAX_UTF16).optional(),
    /**
     * A file in an end-to-end encrypted DM (src-shared/e2e/dm-file.ts): the
     * envelope made by prepareDmFile for this clientMsgId and the file key;
     * main encrypts the file before upload. No thumbnail then (its preview is in the envelope).
     */
    e2e: z.object({ envelope: z.string().min(1).max(E2E_MAX_ENVELOPE_BYTES), key: dmFileKey }).optional(),
  })
  .refine((r) => [r.pickToken, r.droppedPath, r.pasted].filter((source) => source !== undefined).length === 1, {
    message: 'exactly one of pickToken, droppedPath or pasted',
  })
  .refine((r) => r.e2e === undefined || r.thumbnail === undefined, { message: 'an encrypted file has no thumbnail (its preview goes inside the envelope)' })
  .refine((r) => r.e2e === undefined || r.caption === undefined, { message: 'an encrypted file has no caption beside it (put the caption inside its envelope)' });

/** An encrypted DM file to download: from its decrypted message, the key, the message's clientMsgId and the real name. */
export const dmFileDownload = z.object({ key: dmFileKey, bindingId: clientMsgIdSchema, name: z.string().min(1).max(1024) });
