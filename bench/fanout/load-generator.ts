// The load-generator process (bench/fanout/clients.ts), forked with an IPC
// channel: requests numbered, answered by results, each with a timeout. Kept
// apart from the bench's own process so clients and server never share an
// event loop.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killChild } from '../common/kill-child.js';
import type { ChildToParent, ParentToChild, Request } from './ipc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

export class LoadGenerator {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (raw) => {
      const message = raw as ChildToParent;
      if (message.type === 'ready') return;
      const entry = this.waiting.get(message.reqId);
      if (!entry) return;
      this.waiting.delete(message.reqId);
      clearTimeout(entry.timer);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(`load generator: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const entry of this.waiting.values()) {
        clearTimeout(entry.timer);
        entry.reject(new Error(`load generator exited (${code ?? signal})`));
      }
      this.waiting.clear();
    });
  }

  static start(): Promise<LoadGenerator> {
    const child = fork(path.join(here, 'clients.ts'), [], {
      cwd: repoRoot,
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('load generator did not start within 20 s')), 20_000);
      child.once('message', () => {
        clearTimeout(timer);
        resolve(new LoadGenerator(child));
      });
      child.once('exit', (code) => reject(new Error(`load generator exited at start (${code})`)));
    });
  }

  request<T>(message: Request, timeoutMs: number): Promise<T> {
    const reqId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reqId);
        reject(new Error(`load generator: ${message.type} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(reqId, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.child.send({ ...message, reqId } as ParentToChild);
    });
  }

  stop(): void {
    killChild(this.child);
  }
}
