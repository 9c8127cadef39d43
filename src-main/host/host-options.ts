// What a ChatHost can be told, and the one place that checks it: defaults are
// spread in, contradictory or out-of-range options are a TypeError at
// construction (like ws's WebSocketServer), never a surprise at run time.
import {
  AUTH_TIMEOUT_MS,
  DEFAULT_PORT,
  FILE_RETENTION_DAYS_DEFAULT,
  HEARTBEAT_INTERVAL_MS,
  MAX_BUFFERED_BYTES_PER_CONNECTION,
  MAX_FILE_BYTES_DEFAULT,
  MIN_FREE_DISK_BYTES,
  PASSCODE_MAX_CHARS,
  RATE_LIMIT_BURST,
  RATE_LIMIT_FRAMES_PER_SECOND,
  RATE_LIMIT_MAX_QUEUED_FRAMES,
  SESSION_NAME_MAX_CHARS,
} from '../../src-shared/limits.js';
import { codePoints } from './request-error.js';

export interface HostLimits {
  ratePerSecond: number;
  burst: number;
  maxQueuedFrames: number;
  maxBufferedBytes: number;
  heartbeatMs: number;
  authTimeoutMs: number;
}

export interface ChatHostOptions {
  /** Folder holding session.db (created if missing). */
  dataDir: string;
  /** TCP port; 0 picks any free port. Default DEFAULT_PORT. */
  port?: number;
  /** When the port is taken, try the next ones (up to 20). Default: true unless port is 0. */
  portFallback?: boolean;
  /** Address to bind. Default "::" (every interface, IPv4 too); tests use "127.0.0.1". */
  bindAddress?: string;
  /**
   * Serve HTTPS and WSS with the session's own certificate (session-identity.ts),
   * and only a page that points to https:// on plain HTTP. Default true. false
   * serves everything in plain HTTP: anyone on the network can then read
   * passwords, resume tokens and every message, and impersonate the host — only
   * for benchmarks and a network where every device is trusted (`--plain`).
   */
  tls?: boolean;
  /** Session name shown to joiners; remembered in the database. */
  sessionName?: string;
  /** When set, signing in with a password also needs this passcode. */
  passcode?: string;
  /** Folder with the built web client; null serves a placeholder page. */
  webRoot?: string | null;
  /** Serve the web client's source maps (`npm run host -- --dev`). Default false: they answer 404. */
  serveSourceMaps?: boolean;
  limits?: Partial<HostLimits>;
  /** Largest file relayed, in bytes. Default MAX_FILE_BYTES_DEFAULT (4 GiB). */
  maxFileBytes?: number;
  /** Days a relayed file is kept. Default FILE_RETENTION_DAYS_DEFAULT. */
  fileRetentionDays?: number;
  /** Free disk space an upload must leave. Default MIN_FREE_DISK_BYTES (tests set it to simulate a full disk). */
  minFreeDiskBytes?: number;
  log?: (line: string) => void;
}

export type ResolvedHostOptions = Required<Omit<ChatHostOptions, 'passcode' | 'sessionName' | 'limits'>> & {
  passcode: string | undefined;
  sessionName: string | undefined;
  limits: HostLimits;
};

/** Checks `options` and fills in the defaults; throws a TypeError that names the option at fault. */
export function resolveHostOptions(options: ChatHostOptions): ResolvedHostOptions {
  if (!options || typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
    throw new TypeError('ChatHost needs options.dataDir, the folder for the session database');
  }
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be 0–65535, got ${port}`);
  if (options.portFallback === true && port === 0) {
    throw new TypeError('portFallback makes no sense with port 0 (any free port is taken already)');
  }
  if (options.passcode !== undefined && (options.passcode.length === 0 || options.passcode.length > PASSCODE_MAX_CHARS)) {
    throw new TypeError(`passcode must be 1–${PASSCODE_MAX_CHARS} characters, or left out for an open session`);
  }
  if (options.sessionName !== undefined && (options.sessionName.trim().length === 0 || codePoints(options.sessionName) > SESSION_NAME_MAX_CHARS)) {
    throw new TypeError(`sessionName must be 1–${SESSION_NAME_MAX_CHARS} characters`);
  }
  const limits: HostLimits = {
    ratePerSecond: RATE_LIMIT_FRAMES_PER_SECOND,
    burst: RATE_LIMIT_BURST,
    maxQueuedFrames: RATE_LIMIT_MAX_QUEUED_FRAMES,
    maxBufferedBytes: MAX_BUFFERED_BYTES_PER_CONNECTION,
    heartbeatMs: HEARTBEAT_INTERVAL_MS,
    authTimeoutMs: AUTH_TIMEOUT_MS,
    ...options.limits,
  };
  for (const [key, value] of Object.entries(limits)) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`limits.${key} must be a positive number`);
  }
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES_DEFAULT;
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) throw new TypeError(`maxFileBytes must be a positive whole number of bytes, got ${maxFileBytes}`);
  const fileRetentionDays = options.fileRetentionDays ?? FILE_RETENTION_DAYS_DEFAULT;
  if (!(typeof fileRetentionDays === 'number' && Number.isFinite(fileRetentionDays) && fileRetentionDays > 0)) {
    throw new TypeError(`fileRetentionDays must be a positive number of days, got ${fileRetentionDays}`);
  }
  const minFreeDiskBytes = options.minFreeDiskBytes ?? MIN_FREE_DISK_BYTES;
  if (!Number.isSafeInteger(minFreeDiskBytes) || minFreeDiskBytes < 0) throw new TypeError(`minFreeDiskBytes must be a whole number of bytes ≥ 0, got ${minFreeDiskBytes}`);
  return {
    dataDir: options.dataDir,
    port,
    portFallback: options.portFallback ?? port !== 0,
    bindAddress: options.bindAddress ?? '::',
    tls: options.tls ?? true,
    sessionName: options.sessionName?.trim(),
    passcode: options.passcode,
    webRoot: options.webRoot ?? null,
    serveSourceMaps: options.serveSourceMaps ?? false,
    limits,
    maxFileBytes,
    fileRetentionDays,
    minFreeDiskBytes,
    log: options.log ?? (() => {}),
  };
}
