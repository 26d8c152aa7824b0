/**
 * Shared setup of the Graph client integration tests: a fresh local fake Graph server, a
 * ManualClock (so waits are asserted, never slept), a debug logger whose output is checked
 * for leaks after every test, and a client wired to all of them.
 */
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, expect } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../../src/meta/graph-client.ts';
import { GraphError } from '../../src/meta/graph-error.ts';
import { startFakeGraph, type FakeGraph } from './fake-graph.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

export const TOKEN = 'EAAG-test-user-token-0123456789-abcdefABCDEF';
export const APP_ID = '1234567890';
export const APP_SECRET = 'app-secret-0123456789abcdef';
export const proof = (t: string) => createHmac('sha256', APP_SECRET).update(t).digest('hex');
export const graphError = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `(#${code}) failure`, type: 'OAuthException', code, fbtrace_id: 'Ftrace1', ...extra },
});

export interface ClientFixture {
  server: FakeGraph;
  clock: ManualClock;
  logLines: string[];
  registry: Registry;
  client: GraphClient;
  makeClient(extra?: Partial<GraphClientOptions>): GraphClient;
}

/** Registers beforeEach/afterEach; the returned object's fields are fresh in every test. */
export function useClientFixture(): ClientFixture {
  const opened: GraphClient[] = [];
  const f = {} as ClientFixture;
  f.makeClient = (extra = {}) => {
    const c = createGraphClient({
      graphUrl: f.server.url,
      graphVersion: DEFAULT_GRAPH_VERSION,
      appId: APP_ID,
      appSecret: APP_SECRET,
      clock: f.clock,
      random: () => 1,
      registry: f.registry,
      logger: pino({ level: 'debug' }, { write: (s: string) => void f.logLines.push(s) }),
      ...extra,
    });
    opened.push(c);
    return c;
  };
  beforeEach(async () => {
    f.server = await startFakeGraph();
    f.clock = new ManualClock();
    f.logLines = [];
    f.registry = new Registry();
    f.client = f.makeClient();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    await f.server.close();
    const logs = f.logLines.join('');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(APP_SECRET);
  });
  return f;
}

export async function failure(p: Promise<unknown>): Promise<GraphError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphError);
  return err as GraphError;
}

/** Everything an error could show to a log or a person, flattened for leak checks. */
export function everything(err: GraphError): string {
  return [err.message, err.stack, JSON.stringify(err), inspect(err, { depth: 10 }), inspect(err.cause, { depth: 10 }), JSON.stringify(err.errorData), err.userMessage].join('\n');
}
