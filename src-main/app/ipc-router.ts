// The one wrapper every IPC channel goes through (CONVENTIONS.md #3;
// Mattermost's ipcValidate, Signal's wrapResult):
//   1. the sender frame must be the app's own page — anything else (a frame that
//      navigated away, an iframe of someone else's page) is refused;
//   2. the payload is parsed with the channel's zod schema from the contract;
//   3. the handler's result is checked against the contract's result schema and
//      returned as { ok: true, value }; every failure becomes
//      { ok: false, error: { code, message } }. Nothing throws across the bridge.
// Main → renderer events go through `send`, typed by the contract and checked
// against its schema before they leave.
//
// Plain module: electron's ipcMain and the windows' webContents are passed in,
// so the tests drive it under Node.
import { z } from 'zod';
import {
  eventChannels,
  invokeChannels,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResult,
  type IpcResult,
} from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';

/** The parts of Electron's IpcMainInvokeEvent the router reads. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The parts of Electron's ipcMain the router uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Where events go: the app windows' webContents. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** What a handler receives: the payload after the schema parsed it (defaults applied, strings trimmed). */
export type HandlerPayload<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['payload']>;

export interface HandlerContext {
  /** URL of the frame that asked (always the app's own page by the time a handler runs). */
  senderUrl: string;
}

export type InvokeHandler<C extends InvokeChannel> = (
  payload: HandlerPayload<C>,
  context: HandlerContext,
) => InvokeResult<C> | Promise<InvokeResult<C>>;

export interface IpcRouterOptions {
  ipcMain: IpcMainLike;
  /** True when a frame at this URL may use the API (the app's own origin). */
  isTrustedSenderUrl: (url: string) => boolean;
  /** The webContents events are sent to. */
  eventTargets: () => Iterable<EventTarget>;
  log?: (line: string) => void;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export class IpcRouter {
  private readonly registered = new Set<InvokeChannel>();
  private readonly log: (line: string) => void;

  constructor(private readonly options: IpcRouterOptions) {
    if (!options || typeof options.ipcMain?.handle !== 'function' || typeof options.isTrustedSenderUrl !== 'function') {
      throw new TypeError('IpcRouter needs ipcMain and isTrustedSenderUrl');
    }
    this.log = options.log ?? (() => {});
  }

  /** Registers the handler of one invoke channel from the contract. Each channel once. */
  handle<C extends InvokeChannel>(channel: C, fn: InvokeHandler<C>): void {
    const spec = invokeChannels[channel];
    if (!spec) throw new TypeError(`${channel} is not an invoke channel of the IPC contract`);
    if (this.registered.has(channel)) throw new TypeError(`${channel} already has a handler`);
    this.registered.add(channel);
    this.options.ipcMain.handle(channel, (event, ...args) => this.dispatch(channel, fn, event, args));
  }

  /** Runs one request through the checks; exposed for tests, used by `handle`. */
  async dispatch<C extends InvokeChannel>(
    channel: C,
    fn: InvokeHandler<C>,
    event: InvokeEventLike,
    args: unknown[],
  ): Promise<IpcResult<InvokeResult<C>>> {
    const senderUrl = event?.senderFrame?.url ?? null;
    if (senderUrl === null || !this.options.isTrustedSenderUrl(senderUrl)) {
      this.log(`ipc: refused ${channel} from ${senderUrl === null ? 'a frame that is gone' : JSON.stringify(senderUrl)}`);
      return {
        ok: false,
        error: { code: 'forbidden_sender', message: `${channel} may only be called by Parley's own window.` },
      };
    }
    if (args.length > 1) {
      return {
        ok: false,
        error: { code: 'invalid_payload', message: `${channel} takes one payload argument, got ${args.length}.` },
      };
    }
    const spec = invokeChannels[channel];
    const parsed = spec.payload.safeParse(args[0]);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_payload', message: `${channel} refused its payload: ${describeIssues(parsed.error)}` },
      };
    }
    let value: unknown;
    try {
      value = await fn(parsed.data as HandlerPayload<C>, { senderUrl });
    } catch (error) {
      if (error instanceof IpcError) return { ok: false, error: { code: error.code, message: error.message } };
      const message = error instanceof Error ? error.message : String(error);
      this.log(`ipc: ${channel} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      return { ok: false, error: { code: 'internal', message: `${channel} failed inside the app: ${message}` } };
    }
    // A handler returning something outside the contract is a bug in main; say
    // so instead of handing the renderer a shape it was promised it won't get.
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      this.log(`ipc: ${channel} returned a result outside the contract: ${describeIssues(checked.error)}`);
      return {
        ok: false,
        error: { code: 'internal', message: `${channel} produced a malformed result: ${describeIssues(checked.error)}` },
      };
    }
    return { ok: true, value: checked.data as InvokeResult<C> };
  }

  /** Sends a main → renderer event to every app window; a payload outside the contract is dropped (and logged). */
  send<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    const schema = eventChannels[channel];
    const checked = schema.safeParse(payload);
    if (!checked.success) {
      this.log(`ipc: not sending ${channel}, payload outside the contract: ${describeIssues(checked.error)}`);
      return;
    }
    for (const target of this.options.eventTargets()) {
      if (!target.isDestroyed()) target.send(channel, checked.data);
    }
  }

  /** The channels that have handlers (the tests check this equals the contract). */
  channels(): InvokeChannel[] {
    return [...this.registered];
  }

  dispose(): void {
    for (const channel of this.registered) this.options.ipcMain.removeHandler(channel);
    this.registered.clear();
  }
}
