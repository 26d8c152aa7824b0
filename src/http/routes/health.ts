import type { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../context.ts';

export function healthRoutes(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const [database, queue] = await Promise.all([deps.database.ping(), deps.queue.ping()]);
    const ok = database && queue;
    // Meta refusing the app is reported, not made a reason to take this process out of a load
    // balancer: every process would be, and the UI is where admins learn about it.
    const metaApp = deps.metaApp && database ? await deps.metaApp().catch(() => undefined) : undefined;
    return c.json({ ok, database, queue, ...(metaApp && { metaApp }) }, ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('Content-Type', deps.registry.contentType);
    return c.body(await deps.registry.metrics());
  });
}
