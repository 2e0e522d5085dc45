import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is loaded from files (never a localhost server in the packaged app), so every
// asset path must be relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle read from the local disk at start-up: splitting it would only add requests.
    // React, zod and the app come to about 0.5 MB; warn only well past that.
    chunkSizeWarningLimit: 1024,
  },
});
