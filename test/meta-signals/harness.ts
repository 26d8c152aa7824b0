/**
 * A test service Meta (the emulator) can push to: it listens on a real port, the emulator's app
 * has the deauthorize and data deletion callback URLs, and the app is subscribed to the
 * `permissions` webhook through the service's own `subscribe` (the handshake included).
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { APP_ID, APP_SECRET, REDIRECT_URI, smallWorld, startTestService, type TestService } from '../helpers/service.ts';
import type { World } from '../../src/emulator/world.ts';

export const VERIFY_TOKEN = 'verify-token-0123456789abcdef';

export interface SignalsService extends TestService {
  /** http://127.0.0.1:<port>: where the emulator delivers. */
  base: string;
  /** Signs a `signed_request` as Meta does, with the app secret unless told. */
  signedRequest(payload: Record<string, unknown>, secret?: string): string;
  /** Posts as Meta would, through the real HTTP server. */
  post(path: string, body: string, headers: Record<string, string>): Promise<Response>;
  counts(): Promise<{ signals: number; unprocessed: number; deletions: number; jobs: Record<string, number> }>;
}

export function signedRequest(payload: Record<string, unknown>, secret = APP_SECRET): string {
  const part = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', secret).update(part).digest('base64url')}.${part}`;
}

/**
 * `work: false`: the queue works no job and nothing starts by itself (no eager checks or
 * processing): the test runs the jobs, as a worker would, and sees each step.
 */
export async function startSignalsService(options: { world?: World; subscribe?: boolean; callbacks?: boolean; work?: boolean; env?: Record<string, string> } = {}): Promise<SignalsService> {
  // The server listens before the service is composed: Meta's URLs need its port.
  const target: { handler?: (request: Request, env: unknown) => Response | Promise<Response> } = {};
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const created = serve({ fetch: (request, env) => (target.handler ? target.handler(request, env) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' }, () => resolve(created));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const s = await startTestService({ world: options.world ?? smallWorld(), env: { META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN, ...options.env }, signalsBaseUrl: () => base, eagerSignals: options.work !== false });
  target.handler = (request, env) => s.app.fetch(request, env as never);
  const app = smallWorld().apps[0]!;
  if (options.callbacks !== false) {
    await s.control('POST', '/__control/apps', { ...app, redirectUris: [REDIRECT_URI], deauthorizeCallbackUrl: `${base}/connect/meta/deauthorize`, dataDeletionCallbackUrl: `${base}/connect/meta/data-deletion` });
  }
  if (options.subscribe !== false) await s.application.metaSignals.subscribe();
  if (options.work !== false) await s.queue.work();
  return {
    ...s,
    base,
    signedRequest,
    post: (path, body, headers) => fetch(`${base}${path}`, { method: 'POST', body, headers }),
    async counts() {
      const one = async (query: string) => Number(((await s.database.executeSql(query)).rows[0] as { n: number | string }).n);
      const jobs = (await s.database.executeSql(`select name, count(*)::int as n from pgboss.job group by name`)).rows as Array<{ name: string; n: number }>;
      return {
        signals: await one('select count(*)::int as n from meta_signals'),
        unprocessed: await one('select count(*)::int as n from meta_signals where processed_at is null'),
        deletions: await one('select count(*)::int as n from meta_data_deletions'),
        jobs: Object.fromEntries(jobs.map((row) => [row.name, row.n])),
      };
    },
    close: async () => {
      await s.close();
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as import('node:http').Server).closeAllConnections();
      await closing;
    },
  };
}

export { APP_ID, APP_SECRET, sql };
