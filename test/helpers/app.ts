import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import { createUser } from '../../src/accounts/accounts.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { createApp } from '../../src/http/app.ts';
import type { HttpDeps } from '../../src/http/context.ts';
import type { JobDefinition } from '../../src/jobs/definition.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { contractChecker } from './contract.ts';

export const PUBLIC_URL = 'http://wevion.test';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PUBLIC_URL, DATA_DIR: 'memory://', LOG_LEVEL: 'info', ...env });
}

/** A logger whose lines are kept in memory, so tests can search them for leaked secrets. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination: destination as never }), lines };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  clock: ManualClock;
  queue: JobQueue;
  logLines: string[];
  config: Config;
  request(path: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<Response>;
}

export function buildTestApp(
  database: Database,
  options: { env?: Record<string, string>; jobs?: JobDefinition<never, unknown>[]; routes?: HttpDeps['routes']; clock?: ManualClock } = {},
): TestApp {
  const config = testConfig(options.env);
  const clock = options.clock ?? new ManualClock(Date.now());
  const { logger, lines } = memoryLogger();
  const registry = new Registry();
  const queue = createJobQueue({ database, clock, logger, jobs: options.jobs ?? [], scheduleTimeZone: 'UTC', registry, pollingIntervalSeconds: 0.5 });
  const app = createApp({ config, database, clock, logger, registry, queue, routes: options.routes });
  return {
    app,
    clock,
    queue,
    logLines: lines,
    config,
    request: requester(app),
  };
}

/**
 * Calls the app in-process like a browser would: our Origin on state changes, cookie and JSON
 * helpers. Every answer is checked against the app's own OpenAPI document (helpers/contract.ts):
 * a response the document does not describe fails the calling test.
 */
export function requester(app: { request: (url: string, init: RequestInit) => Response | Promise<Response> }): TestApp['request'] {
  const contract = contractChecker(app, PUBLIC_URL);
  return async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const method = init.method ?? 'GET';
    // Browsers send Origin on state changes; our UI's requests do too. x-no-origin opts out.
    if (!['GET', 'HEAD'].includes(method) && !headers.has('origin') && !headers.has('x-no-origin')) headers.set('origin', PUBLIC_URL);
    headers.delete('x-no-origin');
    const response = await app.request(`${PUBLIC_URL}${path}`, { ...init, method, headers, body });
    await contract.check(method, new URL(`${PUBLIC_URL}${path}`), response);
    return response;
  };
}

let counter = 0;
/** Creates a member and signs in; returns the session cookie header value. */
export async function signedInMember(
  testApp: TestApp,
  database: Database,
  options: { workspace?: string; role?: 'admin' | 'member'; locale?: 'it' | 'en' } = {},
): Promise<{ cookie: string; memberId: string; workspaceId: string; email: string }> {
  counter += 1;
  const email = `person${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const { member } = await createUser(database.db, {
    workspace: options.workspace ?? 'Acme',
    email,
    password: 'correct horse battery',
    role: options.role ?? 'admin',
    locale: options.locale ?? 'en',
  });
  const response = await testApp.request('/api/session', { method: 'POST', json: { email, password: 'correct horse battery' } });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { cookie, memberId: member.id, workspaceId: member.workspaceId, email };
}
