// Builds the renderer (src-renderer) to dist/renderer. The same build is loaded
// by the Electron window and served by the host to browsers at http://HOST:PORT/.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig, type Plugin, type ResolvedConfig } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './src-main/app/content-security-policy.js';
import { precompressFolder } from './src-main/host/precompressed-files.js';

// The built page's Content-Security-Policy (build only: the dev server injects
// an inline script for React refresh). One source with the window's header:
// src-main/app/content-security-policy.ts.

const contentSecurityPolicy = (): Plugin => ({
  name: 'parley-content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`),
});

// After the build, `.br` and `.gz` copies beside every compressible file, which
// the host sends to browsers that accept them (src-main/host/static-files.ts;
// why at build time: src-main/host/precompressed-files.ts). No plugin
// dependency: node:zlib does it in a few lines.
const precompress = (): Plugin => {
  let config: ResolvedConfig;
  return {
    name: 'parley-precompress',
    apply: 'build',
    configResolved: (resolved) => {
      config = resolved;
    },
    closeBundle: async () => {
      const outDir = path.resolve(config.root, config.build.outDir);
      const started = performance.now();
      const r = await precompressFolder(outDir);
      const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
      config.logger.info(
        `precompressed ${r.files} files in ${Math.round(performance.now() - started)} ms: ${kB(r.originalBytes)} → gzip ${kB(r.gzipBytes)}, br ${kB(r.brBytes)}`,
      );
    },
  };
};

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy(), precompress()],
  // @hpke/common's Node fallback (never taken in a page): src-renderer/no-node-crypto.ts.
  resolve: { alias: [{ find: /^crypto$/, replacement: path.resolve('src-renderer/no-node-crypto.ts') }] },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Built for the desktop window (app://, where they are local files) and for
    // `npm run host -- --dev`; the host does not serve them otherwise
    // (src-main/host/static-files.ts).
    sourcemap: true,
    rolldownOptions: {
      output: {
        // React (react-dom and its scheduler, ~210 kB) in a chunk of its own:
        // its hashed name changes only with React's version, so a browser
        // that has it cached (assets/ are immutable, static-files.ts) fetches
        // only the app's chunks after an update; it loads beside the entry.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
      },
    },
  },
  server: { port: 5173, strictPort: false },
});
