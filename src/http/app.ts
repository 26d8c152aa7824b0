import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { Histogram } from 'prom-client';
import { createCredentials } from '../accounts/credentials.ts';
import { authenticate, csrfGuard } from './auth.ts';
import type { AppEnv, HttpDeps } from './context.ts';
import { errorResponse } from './errors.ts';
import type { ApiApp } from './openapi.ts';
import { contractRoutes } from './routes/contract.ts';
import { healthRoutes } from './routes/health.ts';
import { jobRoutes } from './routes/jobs.ts';
import { sessionRoutes } from './routes/session.ts';

/**
 * The path as logged: a data deletion request's confirmation code is the key to its status page
 * (no sign-in), so it is not written to the logs.
 */
const DELETION_STATUS = /^(\/connect\/meta\/data-deletion\/)[^/]+/;
const loggedPath = (path: string) => (path.startsWith('/connect/meta/data-deletion/') ? path.replace(DELETION_STATUS, '$1…') : path);

/** The client's address as the node adapter saw it; tests calling app.request() have none. */
function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function createApp(deps: HttpDeps): ApiApp {
  const app: ApiApp = new OpenAPIHono<AppEnv>();
  const duration = new Histogram({
    name: 'wevion_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [deps.registry],
  });

  // One middleware for what every answer gets (request id, security headers, the duration
  // histogram, the request log line): each layer of middleware is a cost on every call.
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('receivedAt', started);
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    await next();
    const seconds = (performance.now() - started) / 1000;
    duration.observe({ method: c.req.method, route: c.req.routePath, status: String(c.res.status) }, seconds);
    if (c.req.path !== '/healthz' && c.req.path !== '/metrics') {
      // The request id as a field, not a child logger per request (made for every call, used by one line).
      deps.logger.info({ requestId, method: c.req.method, path: loggedPath(c.req.path), status: c.res.status, ms: Math.round(seconds * 1000) }, 'request');
    }
  });
  app.use('*', authenticate(createCredentials({ db: deps.database.db, clock: deps.clock, changes: deps.database.changes, logger: deps.logger })));
  app.use('*', csrfGuard(deps.config.publicUrl));

  healthRoutes(app, deps);
  sessionRoutes(app, deps, clientAddress);
  jobRoutes(app, deps);
  for (const mount of deps.routes ?? []) mount(app);
  contractRoutes(app);

  withJsonErrors(app, deps);
  return app;
}

/** Every answer of ours is JSON, a route that does not exist and a bug included. */
function withJsonErrors(app: Hono<AppEnv>, deps: Pick<HttpDeps, 'logger'>): void {
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((error, c) => {
    const response = errorResponse(c, error);
    if (response.status >= 500) deps.logger.error({ err: error, requestId: c.get('requestId') }, 'request failed');
    return response;
  });
}

/** A worker's metrics port (`WORKER_METRICS_PORT`): health and metrics, with the API's JSON errors. */
export function createOpsApp(deps: HttpDeps): Hono<AppEnv> {
  const ops = new Hono<AppEnv>();
  healthRoutes(ops, deps);
  withJsonErrors(ops, deps);
  return ops;
}
