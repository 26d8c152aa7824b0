/**
 * Benchmark of the Meta emulator: 100 concurrent keep-alive clients (autocannon) against a
 * simple Graph call, with the emulator in its own process so the load generator does not eat its
 * CPU. Prints calls per second, latency p50/p99, and the emulator's own CPU time per call.
 *
 *   node --import tsx bench/emulator.ts [--duration 10] [--connections 100]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; pipelining: number }) => Promise<AutocannonResult>;

const APP = { id: '424242424242', secret: 'bench-secret', redirect: 'http://localhost/cb' };

async function serve(): Promise<void> {
  const { startEmulator } = await import('../src/emulator/server.ts');
  const { defaultWorld } = await import('../src/emulator/default-world.ts');
  const emu = await startEmulator({ port: 0, world: defaultWorld() });
  process.on('message', (msg) => {
    if (msg === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (msg === 'stop') void emu.close().then(() => process.exit(0));
  });
  process.send?.({ url: emu.url });
}

function ask<T>(child: ChildProcess, msg: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: Record<string, unknown>): void => {
      if (key in m) {
        child.off('message', onMessage);
        resolve(m[key] as T);
      }
    };
    child.on('message', onMessage);
    if (msg) child.send(msg);
  });
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const duration = arg('duration', 10);
  const connections = arg('connections', 100);
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  const url = await ask<string>(child, '', 'url');
  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${url}/__control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('/apps', { id: APP.id, secret: APP.secret, name: 'Bench', redirectUris: [APP.redirect] });
  const minted = (await (await post('/tokens', { appId: APP.id, userId: '10228401551906001', kind: 'long', scopes: ['ads_read', 'business_management', 'pages_show_list'] })).json()) as { access_token: string };
  const token = minted.access_token;
  const proof = createHmac('sha256', APP.secret).update(token).digest('hex');
  const auth = `access_token=${token}&appsecret_proof=${proof}`;

  const scenarios: Array<[string, string]> = [
    [`GET /${DEFAULT_GRAPH_VERSION}/me (simple Graph call)`, `${url}/${DEFAULT_GRAPH_VERSION}/me?fields=id,name&${auth}`],
    [`GET /${DEFAULT_GRAPH_VERSION}/me/adaccounts (a page of a listing)`, `${url}/${DEFAULT_GRAPH_VERSION}/me/adaccounts?fields=id,name&${auth}`],
  ];
  console.log(`Meta emulator benchmark: ${connections} concurrent keep-alive clients, ${duration} s per scenario, node ${process.version}`);
  for (const [name, target] of scenarios) {
    await autocannon({ url: target, connections, duration: 1, pipelining: 1 }); // warm-up
    const before = await ask<NodeJS.CpuUsage>(child, 'cpu', 'cpu');
    const r = await autocannon({ url: target, connections, duration, pipelining: 1 });
    const after = await ask<NodeJS.CpuUsage>(child, 'cpu', 'cpu');
    const cpuUs = after.user - before.user + (after.system - before.system);
    const perCall = r.requests.total > 0 ? cpuUs / r.requests.total : NaN;
    console.log(`\n${name}`);
    console.log(`  calls/s        ${Math.round(r.requests.average)}   (total ${r.requests.total}, errors ${r.errors}, non-2xx ${r.non2xx})`);
    console.log(`  latency        p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   avg ${r.latency.average} ms`);
    console.log(`  emulator CPU   ${perCall.toFixed(1)} µs per call (user+system time of the emulator process / calls)`);
  }
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
}

if (process.argv.includes('--serve')) await serve();
else await main();
