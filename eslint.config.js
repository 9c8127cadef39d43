// Lint = process boundaries (CONVENTIONS.md #6), checked by a tool:
//  - src-shared imports no node:*, no electron, no DOM (DOM globals are caught by
//    src-shared/tsconfig.json, which has no DOM lib and no Node types);
//  - src-renderer imports no node:* and no electron;
//  - src-main/host, http, cli, terminal, discovery and transfer import no
//    electron (the host and the command-line programs run headless), and only
//    src-main/host/database imports libsql (SessionDatabase and its stores);
// and, by path (build/eslint/process-boundaries.js), which folder may import
// which: a relative `../../src-main/...` names no package, so the rules above
// cannot see it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import processBoundaries from './build/eslint/process-boundaries.js';

const root = path.dirname(fileURLToPath(import.meta.url));

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'events', 'stream', 'url', 'util', 'worker_threads', 'dgram', 'zlib', 'readline'];

const HEADLESS = 'src-main/host, http, cli, terminal, discovery, transfer, trust and e2e never import electron: they run headless too.';

const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-debugger': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: restrict([...nodeBuiltins, 'electron', 'electron/*', 'ws', 'libsql', 'react', 'react-dom'],
      'src-shared is pure TypeScript: no node:*, electron or DOM code (DESIGN.md).'),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: restrict([...nodeBuiltins, 'electron', 'electron/*'],
      'src-renderer reaches the desktop only through window.parley (DESIGN.md).'),
  },
  {
    // The host, the command-line programs and what they import run headless
    // (npm run host, npm run chat, npm run discover; the bundles in dist/cli).
    files: ['src-main/{host,http,cli,terminal,discovery,transfer,trust,e2e}/**/*.ts'],
    rules: restrict(['electron', 'electron/*'], HEADLESS),
  },
  {
    // The SQLite connection stays inside src-main/host/database: the rest of
    // the host goes through SessionDatabase and its per-domain stores.
    files: ['src-main/host/**/*.ts'],
    ignores: ['src-main/host/database/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'electron/*'], message: HEADLESS },
        { group: ['libsql'], message: 'Only src-main/host/database talks to SQLite: use SessionDatabase and its stores (db.messages, db.files, …).' },
      ] }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    plugins: { parley: { rules: { 'process-boundaries': processBoundaries } } },
    rules: {
      'parley/process-boundaries': ['error', {
        root,
        zones: [
          {
            from: 'src-shared',
            allow: ['src-shared'],
            message: 'src-shared runs in every process (Node, Electron, browser): it imports only from src-shared (DESIGN.md).',
          },
          {
            from: 'src-renderer',
            deny: ['src-main'],
            message: 'src-renderer runs sandboxed in a page: it reaches the desktop only through window.parley and shares code only through src-shared, never by importing src-main (DESIGN.md).',
          },
          // The host, the terminal client and what they import run without
          // Electron (`npm run host`, `npm run chat`). The host imports
          // discovery, cli, transfer and http, so those are held to the same rule:
          // otherwise the host could reach the shell through them.
          ...['src-main/host', 'src-main/discovery', 'src-main/transfer', 'src-main/http', 'src-main/terminal', 'src-main/cli', 'src-main/trust', 'src-main/e2e'].map((from) => ({
            from,
            deny: ['src-main/app'],
            message: `${from} runs headless too (npm run host, npm run chat): it never imports the Electron shell, src-main/app (DESIGN.md).`,
          })),
          // The transfer code runs on every peer, the host only on the one
          // hosting: transfer never imports the host. What both need (JSON
          // errors, byte ranges, Content-Disposition, LAN addresses) is in
          // src-main/http, which imports neither.
          {
            from: 'src-main/transfer',
            deny: ['src-main/host'],
            message: 'src-main/transfer runs on every peer, the host only on the one hosting: it never imports src-main/host; what both need lives in src-main/http.',
          },
          // The session identity and pinning serve the host (its certificate)
          // and every client (checking it): they import neither side.
          {
            from: 'src-main/trust',
            deny: ['src-main/host', 'src-main/transfer', 'src-main/terminal', 'src-main/cli', 'src-main/discovery'],
            message: 'src-main/trust (identity, pinning, known sessions) serves the host and every client alike: it imports none of them.',
          },
          {
            from: 'src-main/http',
            deny: ['src-main/host', 'src-main/transfer'],
            message: 'src-main/http is what the host and the transfer code share: it imports neither of them.',
          },
        ],
      }],
    },
  },
);
