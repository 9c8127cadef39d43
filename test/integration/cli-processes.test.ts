// The real `npm run host` and `npm run chat` programs as child processes —
// the built `node dist/cli/host.js` / `node dist/cli/chat.js` that those npm
// scripts run — with piped stdin/stdout (no TTY), as scripts use them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/host-harness.js';
import { killStartedProcesses, REPO_ROOT, runCli, type CliProcess } from '../helpers/cli-process.js';
import { builtCli, type CliProgram } from '../helpers/built-cli.js';
import { httpsGet, pinFromDataDir } from '../helpers/session-pin.js';

const HOST = 'host';
const CHAT = 'chat';

afterEach(async () => {
  await killStartedProcesses();
});

async function startHostProcess(dataDir: string, extra: string[] = []): Promise<{ host: CliProcess; port: number }> {
  const host = runCli(HOST, ['--port', '0', '--data-dir', dataDir, '--bind', '127.0.0.1', ...extra]); // a later --port wins
  const [, port] = await host.waitForOutput(/Listening on port (\d+)[\s\S]*Press Ctrl\+C to stop\./); // the whole banner
  return { host, port: Number(port) };
}

function chat(port: number, name: string, ...extra: string[]): CliProcess {
  return runCli(CHAT, [`127.0.0.1:${port}`, '--name', name, '--password', 'secret-pw', ...extra]);
}

/** A chat process fed a whole script at once, as `printf '...' | npm run chat` does. */
function chatScript(port: number, name: string, lines: string[]): CliProcess {
  const process = chat(port, name);
  process.child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  return process;
}

describe('host and chat command-line programs', () => {
  it('two chat processes talk through a host process; SIGTERM stops it cleanly and history survives a restart', async () => {
    const dataDir = tempDir('parley-cli-');
    const { host, port } = await startHostProcess(dataDir, ['--name', 'CLI test']);
    expect(host.stdout()).toContain('Parley host — session “CLI test”');
    expect(host.stdout()).toContain(`Data folder: ${dataDir}`);
    expect(host.stdout()).toContain(`https://127.0.0.1:${port}/`);
    expect(host.stdout()).toContain(`npm run chat -- 127.0.0.1:${port} --name NAME --password PW`);
    const [, code] = host.stdout().match(/Session code: ([0-9A-F]{4}(?: [0-9A-F]{4}){4})/)!;

    const alice = chat(port, 'alice');
    const bob = chat(port, 'bob');
    await alice.waitForOutput(/Signed in as alice .*“CLI test”/);
    // Whichever came first met the session and printed the code the host shows; the other found it remembered.
    expect(`${alice.stdout()}${bob.stdout()}`).toContain(`First connection to this session. Its code is ${code}`);
    await bob.waitForOutput(/Signed in as bob/);

    alice.child.stdin.write('hello bob\n');
    await bob.waitForOutput(/\] #general <alice> hello bob\n/);
    bob.child.stdin.write('/msg alice hi alice\n');
    await alice.waitForOutput(/\] DM bob → you: hi alice\n/);

    // A script: everything piped at once, then end of input.
    const carol = chatScript(port, 'carol', ['/join ops', 'deploy done', '/msg bob psst']);
    expect(await carol.exit).toBe(0);
    expect(carol.stdout()).toMatch(/#ops <carol> deploy done/);
    await bob.waitForOutput(/DM carol → you: psst/);

    bob.child.stdin.end();
    expect(await bob.exit).toBe(0);
    expect(bob.stdout().match(/hi alice/g)).toHaveLength(1); // own message printed once
    expect(alice.stdout()).not.toContain('psst'); // a DM between others
    // The programs encrypt DMs (keys in their config dir): the host stored the channel line, not the DMs.
    const stored = fs.readdirSync(dataDir).filter((f) => f.startsWith('session.db')).map((f) => fs.readFileSync(path.join(dataDir, f)));
    expect(stored.some((bytes) => bytes.includes('deploy done'))).toBe(true);
    expect(stored.some((bytes) => bytes.includes('hi alice') || bytes.includes('psst'))).toBe(false);

    // Alice stays connected while the host stops.
    host.child.kill('SIGTERM');
    expect(await host.exit).toBe(0);
    expect(host.stdout()).toContain('Stopping…');
    expect(host.stdout()).toContain('Stopped.');
    expect(fs.existsSync(`${dataDir}/session.db`)).toBe(true);
    await alice.waitForOutput(/\* Connection lost — reconnecting…/);

    // Same data folder and port, no --name: the session keeps its name and
    // messages, and Alice's client finds it again by itself.
    const again = await startHostProcess(dataDir, ['--port', String(port)]);
    expect(again.port).toBe(port);
    expect(again.host.stdout()).toContain('session “CLI test”');
    await alice.waitForOutput(/\* Reconnected/, 15_000);
    alice.child.stdin.write('back again\n');
    await alice.waitForOutput(/#general <alice> back again/);

    const reader = chatScript(again.port, 'dave', ['/history']);
    expect(await reader.exit).toBe(0);
    expect(reader.stdout()).toMatch(/#general <alice> hello bob[\s\S]*#general <alice> back again/);
    expect(reader.stdout()).not.toMatch(/psst|hi alice/);

    alice.child.stdin.end();
    expect(await alice.exit).toBe(0);
    expect(alice.stdout().match(/hello bob/g)).toHaveLength(1); // own message printed once
  });

  it('--take-over: a second host process takes the session over; the old one says where it went and exits', async () => {
    const { host: old, port } = await startHostProcess(tempDir('parley-cli-'), ['--name', 'Moving day']);
    expect(await chatScript(port, 'ann', ['first message']).exit).toBe(0); // the first account: admin
    expect(await chatScript(port, 'bob', ['second message']).exit).toBe(0);

    // bob is no admin: refused, and the session stays where it is.
    const refused = runCli(HOST, ['--take-over', `127.0.0.1:${port}`, '--name', 'bob', '--password', 'secret-pw', '--port', '0', '--bind', '127.0.0.1', '--data-dir', path.join(tempDir('parley-cli-'), 'taken')]);
    expect(await refused.exit).toBe(1);
    expect(refused.stderr()).toMatch(/not an admin of that session/);
    expect(refused.stderr()).not.toContain('secret-pw');

    const dataDir = path.join(tempDir('parley-cli-'), 'taken');
    const successor = runCli(HOST, ['--take-over', `127.0.0.1:${port}`, '--name', 'ann', '--password', 'secret-pw', '--port', '0', '--bind', '127.0.0.1', '--data-dir', dataDir]);
    const [, newPort] = await successor.waitForOutput(/Listening on port (\d+)[\s\S]*Press Ctrl\+C to stop\./, 15_000);
    expect(successor.stdout()).toContain('session “Moving day”');
    expect(old.stdout()).toContain(`Session code:`);
    // Same identity: the code the old host showed is the code the new one shows.
    const codeOf = (text: string) => text.match(/Session code: ([0-9A-F ]{24})/)?.[1];
    expect(codeOf(successor.stdout())).toBe(codeOf(old.stdout()));
    await old.waitForOutput(/handed over to ann at https:\/\/127\.0\.0\.1:\d+/);
    expect(await old.exit).toBe(0);
    expect(old.stdout()).toContain('Stopped: the session lives on at its new host.');

    // Everything is there, and bob signs in with his password as before.
    const reader = chatScript(Number(newPort), 'bob', ['/history']);
    expect(await reader.exit).toBe(0);
    expect(reader.stdout()).toMatch(/<ann> first message[\s\S]*<bob> second message/);
    expect(fs.statSync(path.join(dataDir, 'identity.key')).mode & 0o777).toBe(0o600);
    successor.child.kill('SIGTERM');
    expect(await successor.exit).toBe(0);
  });

  it('a chat process exits 1 with the host’s message on a wrong password, and when nobody is listening', async () => {
    const { port } = await startHostProcess(tempDir('parley-cli-'));
    expect(await chatScript(port, 'erin', []).exit).toBe(0);
    const impostor = runCli(CHAT, [`127.0.0.1:${port}`, '--name', 'Erin', '--password', 'not-her-password']);
    impostor.child.stdin.end();
    const [wrong, closedPort] = await Promise.all([
      impostor.exit,
      (async () => {
        const nobody = runCli(CHAT, ['127.0.0.1:1', '--name', 'erin', '--password', 'secret-pw']);
        nobody.child.stdin.end();
        return { code: await nobody.exit, err: nobody.stderr() };
      })(),
    ]);
    expect(wrong).toBe(1);
    expect(impostor.stdout()).toMatch(/! Could not sign in: Wrong password for “erin”/);
    expect(closedPort.code).toBe(1);
    expect(closedPort.err).toMatch(/Could not reach 127\.0\.0\.1:1 securely: nothing is listening there/);
  });

  it('bad arguments give a one-line reason, the usage, and exit code 2', async () => {
    const cases: Array<{ script: 'host' | 'chat'; args: string[]; reason: RegExp }> = [
      { script: HOST, args: ['--port', 'http'], reason: /^host: --port must be a whole number from 0 to 65535/ },
      { script: HOST, args: ['--frobnicate'], reason: /^host: Unknown option --frobnicate\. Run with --help/ },
      { script: HOST, args: ['--port'], reason: /^host: --port needs a value/ },
      { script: HOST, args: ['--bind', 'somewhere'], reason: /^host: --bind takes an IP address/ },
      { script: HOST, args: ['stray'], reason: /^host: Unexpected argument “stray”/ },
      { script: CHAT, args: ['127.0.0.1:47800', '--password', 'secret-pw'], reason: /^chat: Say who you are with --name NAME\./ },
      { script: CHAT, args: ['--name', 'alice', '--password', 'secret-pw'], reason: /^chat: Give the host's address first/ },
      { script: CHAT, args: ['host:99999', '--name', 'alice', '--password', 'pw'], reason: /^chat: “host:99999” has no valid port/ },
      { script: CHAT, args: ['host', '--name', 'alice'], reason: /^chat: Give your password with --password/ },
    ];
    const results = await Promise.all(
      cases.map(async ({ script, args }) => {
        const process = runCli(script, args);
        process.child.stdin.end();
        return { code: await process.exit, stderr: process.stderr(), stdout: process.stdout() };
      }),
    );
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(cases[i]!.reason);
      expect(result.stderr).toContain('Usage: npm run');
      expect(result.stdout).toBe('');
    });

    const help = runCli(HOST, ['--help']);
    expect(await help.exit).toBe(0);
    expect(help.stdout()).toContain('Usage: npm run host');
  });

  it('Ctrl+C at a terminal (SIGINT to the process group) stops a host and a chat cleanly', async () => {
    // npm runs `node dist/cli/…` as a child of sh; a terminal's Ctrl+C signals
    // the whole foreground group, so each program gets SIGINT itself.
    const dataDir = tempDir('parley-cli-');
    const host = runCli(HOST, ['--port', '0', '--data-dir', dataDir, '--bind', '127.0.0.1'], { detached: true });
    const [, port] = await host.waitForOutput(/Listening on port (\d+)/);
    const alice = runCli(CHAT, [`127.0.0.1:${port}`, '--name', 'alice', '--password', 'secret-pw'], { detached: true });
    await alice.waitForOutput(/Signed in as alice/);
    alice.child.stdin.write('before ctrl-c\n');
    await alice.waitForOutput(/<alice> before ctrl-c/);

    process.kill(-alice.child.pid!, 'SIGINT');
    expect(await alice.exit).toBe(0);
    process.kill(-host.child.pid!, 'SIGINT');
    expect(await host.exit).toBe(0);
    expect(host.stdout()).toMatch(/Stopping…\nStopped\.\n$/);
    expect(host.stderr()).not.toMatch(/Error|at .*\.js:\d+/);
  });
});

describe('npm run host stopped through npm', () => {
  it('SIGTERM to npm (which only reaches npm’s shell) still stops the host cleanly instead of leaving it holding the port', async () => {
    // What `npm run host` starts: `sh -c "… && node dist/cli/host.js"` with
    // npm_lifecycle_event set. npm forwards SIGTERM to that shell only, and
    // dash dies without passing it on (src-main/cli/launcher-watch.ts).
    const dataDir = tempDir('parley-cli-');
    const shell = spawn('sh', ['-c', `"${process.execPath}" ${builtCli(HOST)} --port 0 --data-dir "${dataDir}" --bind 127.0.0.1; true`], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', npm_lifecycle_event: 'host' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: the finally below can always end the host it started
    });
    let out = '';
    shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const closed = new Promise<void>((resolve) => shell.on('close', () => resolve()));
    try {
      await expect.poll(() => out, { timeout: 8000 }).toMatch(/Press Ctrl\+C to stop\./);
      shell.kill('SIGTERM');
      await expect.poll(() => out, { timeout: 8000 }).toMatch(/npm stopped \(its shell is gone\)\.\nStopping…\nStopped\.\n$/);
      await closed; // every holder of the pipe — the host too — has exited
    } finally {
      try {
        process.kill(-shell.pid!, 'SIGKILL');
      } catch {
        // the group is gone already: nothing of ours is left
      }
    }
  });
});

describe('the built programs (dist/cli)', () => {
  it('the host serves the built web client from dist/renderer, found from dist/cli/host.js', async () => {
    const dataDir = tempDir('parley-cli-');
    const { port } = await startHostProcess(dataDir);
    const page = await httpsGet(`https://127.0.0.1:${port}/`, pinFromDataDir(dataDir));
    expect(page.status).toBe(200);
    expect(page.body).toBe(fs.readFileSync(path.join(REPO_ROOT, 'dist/renderer/index.html'), 'utf8'));
  });

  it('each bundle imports only Node built-ins, and libsql (native) is the one package left in node_modules', () => {
    const imported = (program: CliProgram) => {
      const code = fs.readFileSync(path.join(REPO_ROOT, builtCli(program)), 'utf8');
      const specifiers = new Set<string>();
      for (const pattern of [/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm, /\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /^import\s*["']([^"']+)["']/gm]) {
        for (const match of code.matchAll(pattern)) specifiers.add(match[1]!);
      }
      return [...specifiers].filter((specifier) => !builtinModules.includes(specifier.replace(/^node:/, ''))).sort();
    };
    expect(imported('host')).toEqual(['libsql']);
    expect(imported('chat')).toEqual([]);
    expect(imported('discover')).toEqual([]);
  });
});
