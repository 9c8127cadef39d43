// Builds the renderer (src-renderer) to dist/renderer. The same build is loaded
// by the Electron window and served by the host to browsers at http://HOST:PORT/.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { port: 5173, strictPort: false },
});
