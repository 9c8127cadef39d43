// An in-test stand-in for the host's file relay (PROTOCOL.md, "Files"): the
// file.begin / file.complete / file.cancel requests of a ChatClient, and the
// HTTP endpoints HEAD/PUT /api/uploads/<id> (Upload-Offset, 409, 413) and
// GET /api/files/<id> (Range → 206, ETag, X-Content-SHA256). Faults can be
// injected: cut the connection at a byte, stall, flip a byte, ignore Range,
// refuse uploads with a status.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { FileInfo, Message } from '../../src-shared/protocol/frames.js';

export const TOKEN = 'test-token';

interface Upload {
  id: string;
  conv: string;
  clientMsgId: string;
  name: string;
  size: number;
  held: number;
  path: string;
}

export interface Faults {
  /** Destroy the socket once an upload holds this many bytes (once). */
  cutUploadAt?: number;
  /** Stop reading an upload body at this many bytes (never answer). */
  stallUploadAt?: number;
  /** Destroy the socket after sending bytes up to this offset of a download (once). */
  cutDownloadAt?: number;
  /** Send bytes up to this offset of a download, then nothing more. */
  stallDownloadAt?: number;
  /** Serve downloads with this byte flipped. */
  flipByteAt?: number;
  /** Answer 200 with the whole file even when asked for a Range. */
  ignoreRange?: boolean;
  /** Answer every download with 403. */
  forbidden?: boolean;
  /** Answer the next upload PUTs with these statuses, one each (the body unread). */
  failUploads?: number[];
}

export class FakeFileRelay {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-relay-'));
  readonly uploads = new Map<string, Upload>();
  readonly files = new Map<string, FileInfo & { path: string }>();
  readonly faults: Faults = {};
  /** Every HTTP request: "PUT 0", "HEAD", "GET bytes=100-"… */
  readonly log: string[] = [];
  readonly requests: Array<{ type: string; params: Record<string, unknown> }> = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  private nextId = 1;
  private seq = 1;
  baseUrl = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A ChatClient stand-in answering the file.* requests. */
  client(): ChatClient {
    const fake = {
      token: TOKEN,
      request: (type: string, params: Record<string, unknown>) => {
        this.requests.push({ type, params });
        return Promise.resolve().then(() => this.answer(type, params));
      },
    };
    return fake as unknown as ChatClient;
  }

  /** Puts a finished file on the "host" directly (for download tests). */
  addFile(name: string, content: Buffer): FileInfo {
    const id = `F${this.nextId++}`;
    const p = path.join(this.dir, `${id}.bin`);
    fs.writeFileSync(p, content);
    const info: FileInfo = {
      id,
      name,
      size: content.length,
      type: 'application/octet-stream',
      sha256: createHash('sha256').update(content).digest('hex'),
      thumbnail: null,
      expiresAt: Date.now() + 86_400_000,
    };
    this.files.set(id, { ...info, path: p });
    return info;
  }

  private async answer(type: string, params: Record<string, unknown>): Promise<unknown> {
    if (type === 'file.begin') {
      const existing = [...this.uploads.values()].find((u) => u.clientMsgId === params.clientMsgId);
      if (existing) return { fileId: existing.id, uploadUrl: `/api/uploads/${existing.id}`, offset: existing.held, duplicate: true };
      const id = `U${this.nextId++}`;
      const upload: Upload = {
        id,
        conv: String(params.conv),
        clientMsgId: String(params.clientMsgId),
        name: sanitizeFileName(String(params.name)),
        size: Number(params.size),
        held: 0,
        path: path.join(this.dir, `${id}.part`),
      };
      fs.writeFileSync(upload.path, '');
      this.uploads.set(id, upload);
      return { fileId: id, uploadUrl: `/api/uploads/${id}`, offset: 0, duplicate: false };
    }
    if (type === 'file.complete') {
      const upload = this.uploads.get(String(params.fileId));
      if (!upload) throw Object.assign(new Error('No such file'), { code: 'file_not_found' });
      if (upload.held !== upload.size) throw Object.assign(new Error('incomplete'), { code: 'upload_incomplete' });
      const sha256 = createHash('sha256').update(fs.readFileSync(upload.path)).digest('hex');
      if (sha256 !== params.sha256) {
        fs.rmSync(upload.path);
        this.uploads.delete(upload.id);
        throw Object.assign(new Error('damaged'), { code: 'checksum_mismatch' });
      }
      this.uploads.delete(upload.id);
      const file: FileInfo = { id: upload.id, name: upload.name, size: upload.size, type: 'application/octet-stream', sha256, thumbnail: null, expiresAt: Date.now() + 86_400_000 };
      this.files.set(upload.id, { ...file, path: upload.path });
      const message: Message = { seq: this.seq++, conv: upload.conv, from: 1, fromName: 'Alice', clientMsgId: upload.clientMsgId, kind: 'file', text: '', ts: Date.now(), file };
      return { message, duplicate: false };
    }
    if (type === 'file.cancel') {
      const upload = this.uploads.get(String(params.fileId));
      if (upload) fs.rmSync(upload.path, { force: true });
      this.uploads.delete(String(params.fileId));
      return { fileId: params.fileId };
    }
    throw new Error(`unexpected request ${type}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const fail = (status: number, code: string, headers: Record<string, string> = {}) => {
      req.resume(); // drain an unread body so the answer reaches the client
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify({ code, message: code }));
    };
    const url = new URL(req.url ?? '/', 'http://x');
    const ticketOk = url.searchParams.get('ticket') === 'good-ticket';
    if (req.headers.authorization !== `Bearer ${TOKEN}` && !ticketOk) return fail(401, 'token_invalid');
    const upload = /^\/api\/uploads\/([^/]+)$/.exec(url.pathname);
    if (upload) {
      const u = this.uploads.get(decodeURIComponent(upload[1] ?? ''));
      if (!u) return fail(404, 'file_not_found');
      if (req.method === 'HEAD') {
        this.log.push('HEAD');
        res.writeHead(204, { 'Upload-Offset': String(u.held) });
        return void res.end();
      }
      if (req.method !== 'PUT') return fail(405, 'bad_method');
      const offset = Number(req.headers['upload-offset']);
      this.log.push(`PUT ${offset}`);
      const failWith = this.faults.failUploads?.shift();
      if (failWith !== undefined) return fail(failWith, failWith === 507 ? 'disk_full' : 'server_error');
      if (offset !== u.held) return fail(409, 'offset', { 'Upload-Offset': String(u.held) });
      const fd = fs.openSync(u.path, 'r+');
      let stopped = false;
      req.on('data', (chunk: Buffer) => {
        if (stopped) return;
        let data = chunk;
        const cut = this.faults.cutUploadAt;
        const stall = this.faults.stallUploadAt;
        const limit = Math.min(cut ?? Infinity, stall ?? Infinity);
        if (u.held + data.length > u.size) {
          stopped = true;
          fs.closeSync(fd);
          return fail(413, 'file_too_large');
        }
        if (u.held + data.length >= limit) data = data.subarray(0, limit - u.held);
        fs.writeSync(fd, data, 0, data.length, u.held);
        u.held += data.length;
        if (cut !== undefined && u.held >= cut) {
          stopped = true;
          this.faults.cutUploadAt = undefined;
          fs.closeSync(fd);
          req.socket.destroy();
        } else if (stall !== undefined && u.held >= stall) {
          stopped = true;
          fs.closeSync(fd);
          req.pause();
        }
      });
      req.on('end', () => {
        if (stopped) return;
        fs.closeSync(fd);
        res.writeHead(204, { 'Upload-Offset': String(u.held) });
        res.end();
      });
      return;
    }
    const download = /^\/api\/files\/([^/]+)$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      this.log.push(`GET ${req.headers.range ?? 'all'}`);
      if (this.faults.forbidden) return fail(403, 'forbidden');
      const f = this.files.get(decodeURIComponent(download[1] ?? ''));
      if (!f) return fail(404, 'file_not_found');
      let start = 0;
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const headers: Record<string, string> = {
        ETag: `"${f.sha256}"`,
        'X-Content-SHA256': f.sha256,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        'Content-Type': 'application/octet-stream',
      };
      if (range && !this.faults.ignoreRange) {
        start = Number(range[1]);
        if (start >= f.size) return fail(416, 'range', { 'Content-Range': `bytes */${f.size}` });
        res.writeHead(206, { ...headers, 'Content-Length': String(f.size - start), 'Content-Range': `bytes ${start}-${f.size - 1}/${f.size}` });
      } else {
        res.writeHead(200, { ...headers, 'Content-Length': String(f.size) });
      }
      if (f.size === 0) return void res.end();
      const cut = this.faults.cutDownloadAt;
      const stall = this.faults.stallDownloadAt;
      const stopAt = Math.min(cut ?? Infinity, stall ?? Infinity, f.size);
      if (stopAt <= start) return void res.end();
      const flip = this.faults.flipByteAt;
      const stream = fs.createReadStream(f.path, { start, end: stopAt - 1 });
      let pos = start;
      stream.on('data', (chunk: Buffer | string) => {
        const buf = Buffer.from(chunk);
        if (flip !== undefined && flip >= pos && flip < pos + buf.length) buf[flip - pos] = (buf[flip - pos] ?? 0) ^ 0xff;
        pos += buf.length;
        if (!res.write(buf)) {
          stream.pause();
          res.once('drain', () => stream.resume());
        }
      });
      stream.on('end', () => {
        if (stopAt === f.size) return void res.end();
        if (cut !== undefined && stopAt === cut) {
          this.faults.cutDownloadAt = undefined;
          setTimeout(() => req.socket.destroy(), 20);
        }
        // stalled: leave the response open
      });
      return;
    }
    fail(404, 'not_found');
  }
}
