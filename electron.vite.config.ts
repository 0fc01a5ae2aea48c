// One build for the desktop app and the browser host: main and preload for Electron, and the
// renderer (out/renderer), which `seatmap serve` also serves to browsers.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // main.js, and fleetChild.js: the fleet service's own process (electron/fleetUtilityProcess.ts).
      lib: { entry: { main: resolve('electron/main.ts'), fleetChild: resolve('electron/fleetUtilityChild.ts') }, formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS (docs/platform-notes.md) and can't require node_modules, so
      // anything it imports is bundled in rather than left as a require().
      externalizeDeps: false,
      lib: { entry: resolve('electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
