import type { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../context.ts';

export function healthRoutes(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const [database, queue] = await Promise.all([deps.database.ping(), deps.queue.ping()]);
    const ok = database && queue;
    return c.json({ ok, database, queue }, ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('Content-Type', deps.registry.contentType);
    return c.body(await deps.registry.metrics());
  });
}
