// The HTTP half of an upload (PROTOCOL.md, "Upload"): PUT one slice at an
// offset, HEAD for the offset the host holds. XMLHttpRequest rather than
// fetch: it reports upload progress, and browsers cannot stream a fetch body
// over HTTP/1.1 anyway — so the file goes in slices (File.slice, never read
// whole). Browser only: the desktop app hands every file to its main process
// (session/file-sharing.ts), and its page makes no request to a host.

/** A PUT or HEAD that failed: `status` 0 when there was no answer. Whether to retry is src-shared/upload-resume-policy.ts's call. */
export class UploadHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    /** Upload-Offset the host answered with (409), if any. */
    readonly offset: number | null,
  ) {
    super(message);
    this.name = 'UploadHttpError';
  }
}

export class UploadAborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'UploadAborted';
  }
}

export interface UploadTransport {
  /** Sends `body` to be stored at `offset`; resolves with the bytes the host holds after it. */
  put(url: string, token: string, offset: number, body: Blob, onProgress: (sent: number) => void, signal: AbortSignal): Promise<number>;
  /** The bytes the host holds for this upload. */
  head(url: string, token: string, signal: AbortSignal): Promise<number>;
}

const STATUS_WORDS: Record<number, string> = {
  401: 'The host no longer accepts this sign-in.',
  403: 'The host refused the upload.',
  404: 'The host no longer has this upload.',
  413: 'The file is larger than it said, or than the host allows.',
  429: 'Too many transfers at once.',
  507: 'The host’s disk is full.',
};

function errorFrom(xhr: XMLHttpRequest): UploadHttpError {
  const offsetHeader = xhr.getResponseHeader('Upload-Offset');
  const offset = offsetHeader !== null && /^\d+$/.test(offsetHeader) ? Number(offsetHeader) : null;
  let code: string | null = null;
  let message = STATUS_WORDS[xhr.status] ?? `The host answered ${xhr.status}.`;
  try {
    const body = JSON.parse(xhr.responseText) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string' && body.message) message = body.message;
  } catch {
    // not JSON: keep the words for the status
  }
  return new UploadHttpError(message, xhr.status, code, offset);
}

function send(method: 'PUT' | 'HEAD', url: string, token: string, signal: AbortSignal, offset: number | null, body: Blob | null, onProgress?: (sent: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new UploadAborted());
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (offset !== null) xhr.setRequestHeader('Upload-Offset', String(offset));
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded);
    const onAbort = () => xhr.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      const held = xhr.getResponseHeader('Upload-Offset');
      if (xhr.status >= 200 && xhr.status < 300 && held !== null && /^\d+$/.test(held)) resolve(Number(held));
      else reject(errorFrom(xhr));
    };
    xhr.onerror = () => {
      done();
      reject(new UploadHttpError('The connection to the host was cut.', 0, null, null));
    };
    xhr.onabort = () => {
      done();
      reject(new UploadAborted());
    };
    xhr.send(body);
  });
}

export const xhrTransport: UploadTransport = {
  put: (url, token, offset, body, onProgress, signal) => send('PUT', url, token, signal, offset, body, onProgress),
  head: (url, token, signal) => send('HEAD', url, token, signal, null, null),
};
