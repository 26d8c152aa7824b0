import { z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../context.ts';
import { defineRoute, mount } from '../openapi.ts';

const metaAppSummary = z.strictObject({ healthy: z.boolean(), reason: z.string().nullable(), since: z.string().nullable() });
const metaCredentials = z.strictObject({ ok: z.boolean(), variable: z.enum(['META_APP_ID', 'META_APP_SECRET']).nullable(), message: z.string().nullable() });
const readiness = z.strictObject({ ok: z.boolean(), database: z.boolean(), queue: z.boolean(), metaApp: metaAppSummary.optional(), metaCredentials: metaCredentials.optional() });

export const healthRouteDefs = {
  live: defineRoute({ method: 'get', path: '/healthz', tag: 'Operations', summary: 'The process is alive', access: 'public', responses: { 200: { description: 'Alive.', schema: z.strictObject({ ok: z.literal(true) }) } } }),
  ready: defineRoute({
    method: 'get',
    path: '/readyz',
    tag: 'Operations',
    summary: 'The database and the job queue are reachable, and Meta accepts this process’s app credentials (whether Meta accepts the app itself is reported only)',
    access: 'public',
    responses: { 200: { description: 'Ready.', schema: readiness }, 503: { description: 'Not ready.', schema: readiness } },
  }),
  metrics: defineRoute({ method: 'get', path: '/metrics', tag: 'Operations', summary: 'Prometheus metrics', access: 'public', responses: { 200: { description: 'Prometheus text.', contentType: 'text/plain' } } }),
};

export function healthRoutes(app: Hono<AppEnv>, deps: HttpDeps): void {
  mount(app, healthRouteDefs.live, () => ({ status: 200, body: { ok: true } }));
  mount(app, healthRouteDefs.ready, async () => {
    const [database, queue] = await Promise.all([deps.database.ping(), deps.queue.ping()]);
    // Meta refusing the app is reported, not made a reason to take this process out of a load
    // balancer: every process would be, and the UI is where admins learn about it. Meta refusing
    // this process's own credentials (while the deployment's pass) is: it is misconfigured.
    const metaApp = deps.metaApp && database ? await deps.metaApp().catch(() => undefined) : undefined;
    const own = deps.ownCredentials?.();
    const ok = database && queue && !own?.refused;
    const body = {
      ok,
      database,
      queue,
      ...(metaApp && { metaApp: { healthy: metaApp.healthy, reason: metaApp.reason, since: metaApp.since } }),
      ...(own && { metaCredentials: { ok: !own.refused, variable: own.variable, message: own.refused ? `Meta refuses this process's app credentials: check ${own.variable}${own.message ? ` (Meta: ${own.message})` : ''}` : null } }),
    };
    return ok ? { status: 200, body } : { status: 503, body };
  });
  mount(app, healthRouteDefs.metrics, async (c) => {
    c.header('Content-Type', deps.registry.contentType);
    return { raw: c.body(await deps.registry.metrics()) };
  });
}
