// Sessions this device has trusted, like OpenSSH's known_hosts: for each
// address (HOST:PORT) the certificate and identity seen on first contact. A
// later connection to that address must present the same identity. The file
// holds no secret, but is written 0600 (it says where and with whom this
// person chats), atomically (a crash never leaves half a file).
//
// An entry may also carry the session id (and name) discovery announced for
// it, so that the same session id announced later with another identity —
// a spoofed mDNS record, whatever its address — is recognised as not that
// session (session-trust.ts). Both are optional: files written before they
// existed read as they are.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SessionPin } from './pinned-tls.js';

export const KNOWN_SESSIONS_FILE = 'known-sessions.json';

const entrySchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  certPem: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
  sessionName: z.string().optional(),
  sessionId: z.string().optional(),
  firstSeen: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), sessions: z.record(z.string(), entrySchema) });

export type KnownSession = z.infer<typeof entrySchema>;

/** What else is known of a session when it is remembered (from discovery). */
export interface SessionLabel {
  sessionName?: string | undefined;
  sessionId?: string | undefined;
}

export class KnownSessions {
  readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, KNOWN_SESSIONS_FILE);
  }

  /** What this device trusted at `address`, or undefined. */
  lookup(address: string): KnownSession | undefined {
    return this.read()[address];
  }

  /** Every address where a session with this id was trusted. */
  withSessionId(sessionId: string): Array<{ address: string; session: KnownSession }> {
    return Object.entries(this.read())
      .filter(([, session]) => session.sessionId === sessionId)
      .map(([address, session]) => ({ address, session }));
  }

  /**
   * Trusts `pin` at `address`. Re-remembering the same identity (a renewed
   * certificate, a name learnt later) keeps when it was first seen and what
   * was known of it unless `label` says otherwise.
   */
  remember(address: string, pin: SessionPin, label: SessionLabel = {}): void {
    const sessions = this.read();
    const before = sessions[address]?.fingerprint === pin.fingerprint ? sessions[address] : undefined;
    const sessionName = label.sessionName ?? before?.sessionName;
    const sessionId = label.sessionId ?? before?.sessionId;
    sessions[address] = {
      fingerprint: pin.fingerprint,
      certPem: pin.certPem,
      firstSeen: before?.firstSeen ?? new Date().toISOString(),
      ...(sessionName !== undefined && { sessionName }),
      ...(sessionId !== undefined && { sessionId }),
    };
    this.write(sessions);
  }

  /** Forgets `address` (a deliberate step after an identity changed); false if it was not known. */
  forget(address: string): boolean {
    const sessions = this.read();
    if (!(address in sessions)) return false;
    delete sessions[address];
    this.write(sessions);
    return true;
  }

  private read(): Record<string, KnownSession> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file} is not a list of known sessions. Move it away (Parley then asks again on each first contact).`);
    return parsed.data.sessions;
  }

  private write(sessions: Record<string, KnownSession>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify({ version: 1, sessions }, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }
}
