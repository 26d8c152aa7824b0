import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { ROUTES } from '../../web/src/paths.ts';
import type { AppEnv } from '../context.ts';

/**
 * No inline script or style, no third party, no framing, no plugins: everything the UI needs is
 * served from this origin by the routes below.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files outside /assets that the build copies from src/web/public (not hashed, so cached briefly). */
const ROOT_FILES = ['/favicon.svg', '/robots.txt'];

/**
 * Serves the built UI from `distDir`: hashed files under /assets for a year, index.html (never
 * cached, with the CSP) for every client-side route. Only the UI's own paths are registered, so
 * /api, /connect, /healthz, /readyz and /metrics are never shadowed, whatever the mount order.
 */
export function webRoutes(distDir: string, options: { unavailable?: () => string | undefined } = {}): (app: Hono<AppEnv>) => void {
  const root = path.resolve(distDir);
  const assetsDir = path.join(root, 'assets');

  const sendIndex = async (c: Context<AppEnv>) => {
    // `wevion serve` while the assets in `distDir` are not those of the current sources (being built).
    const unavailable = options.unavailable?.();
    if (unavailable) return c.json({ error: { code: 'not_ready', message: unavailable } }, 503);
    let html: string;
    try {
      html = await readFile(path.join(root, 'index.html'), 'utf8');
    } catch {
      return c.json({ error: { code: 'not_ready', message: 'The web UI is being prepared (first start or an update). Reload in a few seconds.' } }, 503);
    }
    c.header('Content-Type', 'text/html; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return c.body(html);
  };

  const sendFile = async (c: Context<AppEnv>, file: string, cacheControl: string) => {
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
    const info = type ? await stat(file).catch(() => undefined) : undefined;
    if (!type || !info?.isFile()) return c.json({ error: { code: 'not_found', message: `No file ${c.req.path}` } }, 404);
    c.header('Content-Type', type);
    c.header('Cache-Control', cacheControl);
    c.header('Content-Length', String(info.size));
    return c.body(new Uint8Array(await readFile(file)));
  };

  return (app) => {
    app.get('/assets/*', (c) => {
      let relative: string;
      try {
        relative = decodeURIComponent(c.req.path.slice('/assets/'.length));
      } catch {
        return c.json({ error: { code: 'not_found', message: 'No such file' } }, 404);
      }
      const file = path.resolve(assetsDir, relative);
      // No way out of the assets folder (../, encoded or not), and no dotfiles.
      if (!file.startsWith(assetsDir + path.sep) || path.basename(file).startsWith('.')) {
        return c.json({ error: { code: 'not_found', message: 'No such file' } }, 404);
      }
      return sendFile(c, file, 'public, max-age=31536000, immutable');
    });
    for (const name of ROOT_FILES) app.get(name, (c) => sendFile(c, path.join(root, name), 'public, max-age=3600'));
    for (const pattern of Object.values(ROUTES)) app.get(pattern, sendIndex);
  };
}
