// Builds the renderer (src-renderer) to dist/renderer. The same build is loaded
// by the Electron window and served by the host to browsers at http://HOST:PORT/.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The built page's Content-Security-Policy (build only: the dev server injects
// an inline script for React refresh). No inline scripts, no eval, no inline
// style attributes — React and react-virtuoso set styles through the CSSOM,
// which a CSP does not restrict. connect-src names ws:/http: because the
// desktop app talks to whichever LAN host the person picks. Kept in step with
// src-main/app/content-security-policy.ts: in the desktop window both apply.
// (frame-ancestors is left out: a <meta> policy cannot carry it.)
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss: http: https:",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy = (): Plugin => ({
  name: 'parley-content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
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
