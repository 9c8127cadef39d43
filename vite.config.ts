// Builds the renderer (src-renderer) to dist/renderer. The same build is loaded
// by the Electron window and served by the host to browsers at http://HOST:PORT/.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './src-main/app/content-security-policy.js';

// The built page's Content-Security-Policy (build only: the dev server injects
// an inline script for React refresh). One source with the window's header:
// src-main/app/content-security-policy.ts.

const contentSecurityPolicy = (): Plugin => ({
  name: 'parley-content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`),
});

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { port: 5173, strictPort: false },
});
