// Lint = process boundaries (CONVENTIONS.md #6), checked by a tool:
//  - src-shared imports no node:*, no electron, no DOM (DOM globals are caught by
//    src-shared/tsconfig.json, which has no DOM lib and no Node types);
//  - src-renderer imports no node:* and no electron;
//  - src-main/host imports no electron (the same host runs headless).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'events', 'stream', 'url', 'util', 'worker_threads', 'dgram', 'zlib', 'readline'];

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
    files: ['src-main/host/**/*.ts'],
    rules: restrict(['electron', 'electron/*'], 'src-main/host never imports electron: the same host runs headless.'),
  },
);
