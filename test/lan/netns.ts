// A small LAN on this machine for the test/lan suite: Linux network
// namespaces (one per "computer"), joined by a veth pair (two computers) or by
// a bridge living in its own "switch" namespace (three or more), with
// addresses 10.77.0.N/24 that exist only inside those namespaces. Links are
// created directly inside the namespaces, so nothing appears on the machine's
// own network, and no mDNS ever runs on its real interfaces: every process
// that multicasts is started with `ip netns exec`.
//
// Namespace names carry our pid (parallel runs never collide); ones left by a
// run that crashed (its pid is gone) are deleted before a new LAN is made.
// teardown() kills the processes this helper started (by pid) and deletes the
// namespaces; a process 'exit' hook does the same if a run ends early.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIX = 'parley-lan-';
const SUBNET = '10.77.0';

export interface LanHost {
  /** Namespace name, e.g. parley-lan-1234-a. */
  ns: string;
  /** The interface inside it. */
  ifname: string;
  /** Its IPv4 address on the test LAN. */
  address: string;
}

function ip(args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

/**
 * Turns off IPv6 duplicate address detection for interfaces created in `ns`
 * from now on (a private wire has no one to clash with), so a link-local
 * address is usable as soon as it appears. Through /proc (no `sysctl`
 * binary needed); quietly nothing on a kernel without IPv6.
 */
function noDuplicateAddressDetection(ns: string): void {
  spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', 'echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad'], { stdio: 'ignore' });
}

function ipQuiet(args: string[]): boolean {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  return !result.error && result.status === 0;
}

/** How long a new veth may take to get a usable IPv6 link-local address (~0.2 s with duplicate address detection off, ~2 s with it). */
const SETTLE_TIMEOUT_MS = 10_000;

/**
 * Whether the interface's IPv6 link-local address is usable (present, past
 * duplicate address detection), or the interface has no IPv6 at all (a kernel
 * or machine with it turned off: no address will come).
 */
function linkLocalReady(host: LanHost): boolean {
  const disabled = spawnSync('ip', ['netns', 'exec', host.ns, 'cat', `/proc/sys/net/ipv6/conf/${host.ifname}/disable_ipv6`], { encoding: 'utf8' });
  if (disabled.status !== 0 || disabled.stdout.trim() === '1') return true;
  const result = spawnSync('ip', ['-n', host.ns, '-6', '-o', 'addr', 'show', 'dev', host.ifname, 'scope', 'link'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('fe80') && !/tentative/.test(result.stdout);
}

/**
 * Waits until no address is still to come on any host. A veth gets its IPv6
 * link-local address after it is up (a second or two with duplicate address
 * detection, which createLan turns off); a browser already
 * running in the namespace takes that for a network change and aborts the
 * page it is loading (net::ERR_NETWORK_CHANGED, seen in CI). A real machine's
 * network is up before its user opens a page, so the test LAN is too.
 */
async function settled(hosts: LanHost[]): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const waiting = hosts.filter((host) => !linkLocalReady(host));
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`createLan: ${waiting.map((h) => h.ns).join(', ')} had no usable IPv6 link-local address after ${SETTLE_TIMEOUT_MS} ms (ip -6 addr)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function namespaces(): string[] {
  const result = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.length > 0);
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Deletes namespaces with our prefix whose creating test run (pid in the name) is gone. */
export function removeStaleNamespaces(): string[] {
  const removed: string[] = [];
  for (const name of namespaces()) {
    const match = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    if (ipQuiet(['netns', 'delete', name])) removed.push(name);
  }
  return removed;
}

/**
 * Null when this machine can run the LAN suite, else the reason it cannot
 * (not Linux, not root, no `ip`, namespaces refused).
 */
export function lanUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `needs Linux network namespaces; this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces (ip netns add); run the suite as root, e.g. in CI';
  const check = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (check.error) return `the \`ip\` command (iproute2) is not available: ${check.error.message}; install iproute2`;
  if (check.status !== 0) return `\`ip netns list\` failed: ${check.stderr.trim()}`;
  const probe = `${PREFIX}${process.pid}-probe`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return `cannot create a network namespace (${add.stderr.trim() || add.error?.message}); a container may need CAP_SYS_ADMIN / --privileged`;
  ipQuiet(['netns', 'delete', probe]);
  return null;
}

export interface LanProcess {
  child: ChildProcessWithoutNullStreams;
  host: LanHost;
  /** Every stdout line that parsed as JSON, in order. */
  messages: Array<Record<string, unknown>>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first message (old or new) the predicate accepts. */
  waitFor(predicate: (message: Record<string, unknown>) => boolean, timeoutMs?: number, what?: string): Promise<Record<string, unknown>>;
  /** Writes one line of JSON to its stdin. */
  send(message: unknown): void;
  /** Sends a signal (by pid) and waits until it has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | NodeJS.Signals>;
  exit: Promise<number | NodeJS.Signals>;
}

export interface Lan {
  hosts: LanHost[];
  /** Runs `node SCRIPT ...args` inside a host's namespace (`--import tsx` for a .ts fixture); `env` adds to the environment. */
  run(host: LanHost, script: string, args?: string[], env?: Record<string, string>): LanProcess;
  teardown(): Promise<void>;
}

const liveLans = new Set<{ namespaces: string[]; children: Set<ChildProcessWithoutNullStreams> }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lan of liveLans) {
      for (const child of lan.children) child.kill('SIGKILL');
      for (const ns of lan.namespaces) ipQuiet(['netns', 'delete', ns]);
    }
  });
}

/**
 * Creates `count` (2–9) connected namespaces: hosts a, b, c… at 10.77.0.1, .2, .3…,
 * resolving once their network is settled (see `settled`).
 * Two are joined by a veth pair; three or more by a bridge in a switch namespace.
 */
export async function createLan(count: number): Promise<Lan> {
  if (!(Number.isInteger(count) && count >= 2 && count <= 9)) throw new RangeError('createLan: 2–9 hosts');
  removeStaleNamespaces();
  const tag = `${PREFIX}${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const hosts: LanHost[] = Array.from({ length: count }, (_, i) => ({
    ns: `${tag}-${String.fromCharCode(97 + i)}`,
    ifname: 'eth0',
    address: `${SUBNET}.${i + 1}`,
  }));
  const switchNs = count > 2 ? `${tag}-sw` : null;
  const record = { namespaces: [...hosts.map((h) => h.ns), ...(switchNs ? [switchNs] : [])], children: new Set<ChildProcessWithoutNullStreams>() };
  liveLans.add(record);
  installExitHook();

  try {
    for (const ns of record.namespaces) {
      ip(['netns', 'add', ns]);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      noDuplicateAddressDetection(ns); // `settled` waits ~0.2 s instead of ~2
    }
    if (switchNs) {
      // A bridge that floods multicast (no IGMP snooping) to every port.
      ip(['-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
      ip(['-n', switchNs, 'link', 'set', 'br0', 'up']);
      hosts.forEach((host, i) => {
        ip(['link', 'add', 'name', host.ifname, 'netns', host.ns, 'type', 'veth', 'peer', 'name', `port${i}`, 'netns', switchNs]);
        ip(['-n', switchNs, 'link', 'set', `port${i}`, 'master', 'br0']);
        ip(['-n', switchNs, 'link', 'set', `port${i}`, 'up']);
      });
    } else {
      const [a, b] = hosts as [LanHost, LanHost];
      ip(['link', 'add', 'name', a.ifname, 'netns', a.ns, 'type', 'veth', 'peer', 'name', b.ifname, 'netns', b.ns]);
    }
    for (const host of hosts) {
      ip(['-n', host.ns, 'addr', 'add', `${host.address}/24`, 'dev', host.ifname]);
      ip(['-n', host.ns, 'link', 'set', host.ifname, 'multicast', 'on', 'up']);
      ip(['-n', host.ns, 'route', 'add', '224.0.0.0/4', 'dev', host.ifname]);
    }
    await settled(hosts);
  } catch (error) {
    for (const ns of record.namespaces) ipQuiet(['netns', 'delete', ns]);
    liveLans.delete(record);
    throw error;
  }

  const run = (host: LanHost, script: string, args: string[] = [], extraEnv: Record<string, string> = {}): LanProcess => {
    // A fixture (.ts) runs through tsx; a built program (dist/cli/*.js) as npm runs it.
    const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = spawn('ip', ['netns', 'exec', host.ns, process.execPath, ...loader, script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    record.children.add(child);
    let out = '';
    let err = '';
    let partial = '';
    const messages: Array<Record<string, unknown>> = [];
    const listeners = new Set<() => void>();
    const notify = () => {
      for (const listener of [...listeners]) listener();
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const parsed: unknown = JSON.parse(line);
          if (parsed && typeof parsed === 'object') messages.push(parsed as Record<string, unknown>);
        } catch {
          // not JSON: kept in stdout()
        }
      }
      notify();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdin.on('error', () => {}); // it may exit before reading
    const exit = new Promise<number | NodeJS.Signals>((resolve) =>
      child.on('close', (code, signal) => {
        record.children.delete(child);
        notify();
        resolve(code ?? signal ?? -1);
      }),
    );
    const describe = () => `${path.basename(script)} in ${host.ns}\nstdout:\n${out}\nstderr:\n${err}`;
    return {
      child,
      host,
      messages,
      exit,
      stdout: () => out,
      stderr: () => err,
      send(message) {
        child.stdin.write(`${JSON.stringify(message)}\n`);
      },
      waitFor(predicate, timeoutMs = 10_000, what = 'the expected output') {
        return new Promise((resolve, reject) => {
          const check = () => {
            const found = messages.find(predicate);
            if (found) {
              listeners.delete(check);
              clearTimeout(timer);
              resolve(found);
            } else if (child.exitCode !== null || child.signalCode !== null) {
              listeners.delete(check);
              clearTimeout(timer);
              reject(new Error(`${describe()}\nexited before printing ${what}`));
            }
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            reject(new Error(`${describe()}\ndid not print ${what} within ${timeoutMs} ms`));
          }, timeoutMs);
          listeners.add(check);
          check();
        });
      },
      async stop(signal = 'SIGTERM', timeoutMs = 5000) {
        if (child.exitCode !== null || child.signalCode !== null) return exit;
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const result = await exit;
        clearTimeout(timer);
        return result;
      },
    };
  };

  return {
    hosts,
    run,
    async teardown() {
      await Promise.all(
        [...record.children].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('close', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      for (const ns of record.namespaces) ipQuiet(['netns', 'delete', ns]);
      liveLans.delete(record);
    },
  };
}
