import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type InlineConfig } from 'vite';
import { PROJECT_ROOT } from '../paths.ts';

/** The UI's sources (this folder) and where `wevion serve` expects the built assets. */
export const WEB_ROOT = path.join(PROJECT_ROOT, 'src/web');
export const DEFAULT_DIST_DIR = path.join(PROJECT_ROOT, 'dist/web');

/**
 * One Vite configuration for the programmatic build (`ensureWebBuilt`) and the CLI
 * (`vite build --config src/web/vite.config.ts`).
 */
export function webViteConfig(outDir: string = DEFAULT_DIST_DIR): InlineConfig {
  return {
    configFile: false,
    // Always the production build of React, even when the caller runs with NODE_ENV=test (vitest).
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    oxc: { jsx: { development: false } },
    root: WEB_ROOT,
    base: '/',
    publicDir: path.join(WEB_ROOT, 'public'),
    plugins: [react()],
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // The Content-Security-Policy allows no inline script and no data: URLs, so nothing is inlined.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      sourcemap: false,
    },
  };
}

export default defineConfig(webViteConfig());
