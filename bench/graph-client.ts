/**
 * Per-call overhead of the Graph client next to bare undici calls of the same URL, against a
 * local HTTP server answering like Graph's /me (small JSON + X-App-Usage). Two baselines:
 *  - `undici request + Agent`: undici's request() with a keep-alive Agent, the usual way;
 *  - `undici Pool.dispatch`: the same low-level path the client's transport uses, so the
 *    difference to it is exactly what the client's own logic costs.
 * Every side reads the body and JSON.parses it; the client also computes appsecret_proof,
 * parses usage headers, checks throttling, arms a timeout and counts metrics. Calls are
 * sequential so the figures are latencies; the sides alternate in blocks so drift hits all.
 * The client remembers the proof of the last token only, so it is measured twice: one token
 * for every call (a run of calls per token, as in paging and permission sync) and a token
 * that changes every call (the proof computed each time: the worst case).
 *
 *   node --import tsx bench/graph-client.ts [callsPerSide]
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { Agent, Pool, request } from 'undici';
import { systemClock } from '../src/clock.ts';
import { createGraphClient } from '../src/meta/graph-client.ts';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';

const CALLS = Number(process.argv[2] ?? 10_000);
const BLOCK = 500;
const TOKEN = 'EAABenchToken' + 'x'.repeat(180);
const APP_SECRET = 'bench-app-secret-0123456789';
const BODY = JSON.stringify({ id: '1234567890', name: 'Bench User', email: 'bench@example.com' });

const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(BODY),
    'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":4}',
    'x-fb-trace-id': 'AbCdEf123',
  });
  res.end(BODY);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const agent = new Agent({ keepAliveTimeout: 10_000 });
const proof = createHmac('sha256', APP_SECRET).update(TOKEN).digest('hex');
const bareUrl = `${origin}/${DEFAULT_GRAPH_VERSION}/me?fields=id%2Cname&access_token=${TOKEN}&appsecret_proof=${proof}`;
async function bare(): Promise<unknown> {
  const res = await request(bareUrl, { dispatcher: agent });
  return JSON.parse(await res.body.text());
}

const pool = new Pool(origin, { keepAliveTimeout: 10_000 });
const barePath = bareUrl.slice(origin.length);
function dispatch(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pool.dispatch(
      { method: 'GET', path: barePath },
      {
        onRequestStart: () => {},
        onResponseData: (_c, chunk) => void chunks.push(chunk),
        onResponseEnd: () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))),
        onResponseError: (_c, err) => reject(err),
      },
    );
  });
}

const client = createGraphClient({ graphUrl: origin, graphVersion: DEFAULT_GRAPH_VERSION, appId: '42', appSecret: APP_SECRET, clock: systemClock, registry: new Registry() });
const viaClient = () => client.get('/me', { accessToken: TOKEN, params: { fields: 'id,name' } });
const TOKENS = [TOKEN, TOKEN.replace('EAAB', 'EAAC')];
let flip = 0;
const viaClientNewToken = () => client.get('/me', { accessToken: TOKENS[flip++ & 1], params: { fields: 'id,name' } });

async function time(fn: () => Promise<unknown>, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    into.push(performance.now() - t);
  }
}

// Warm-up: JIT, connections in both pools.
await time(bare, 1_000, []);
await time(dispatch, 1_000, []);
await time(viaClient, 1_000, []);
await time(viaClientNewToken, 1_000, []);

const bareMs: number[] = [];
const dispatchMs: number[] = [];
const clientMs: number[] = [];
const clientNewTokenMs: number[] = [];
for (let done = 0; done < CALLS; done += BLOCK) {
  const n = Math.min(BLOCK, CALLS - done);
  await time(bare, n, bareMs);
  await time(dispatch, n, dispatchMs);
  await time(viaClient, n, clientMs);
  await time(viaClientNewToken, n, clientNewTokenMs);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const row = (name: string, xs: number[]) => `${name.padEnd(22)} median ${us(pct(xs, 50)).padStart(10)}   p99 ${us(pct(xs, 99)).padStart(10)}`;

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
const overhead = (base: number[], p: number, mine = clientMs) => signed((pct(mine, p) / pct(base, p) - 1) * 100);
const extra = (base: number[], mine = clientMs) => us(pct(mine, 50) - pct(base, 50));
console.log(`Graph client vs bare undici, ${CALLS} sequential keep-alive calls per side, node ${process.version}`);
console.log(row('undici request + Agent', bareMs));
console.log(row('undici Pool.dispatch', dispatchMs));
console.log(row('graph client get', clientMs));
console.log(row('  … new token per call', clientNewTokenMs));
console.log(`client vs request+Agent: median ${overhead(bareMs, 50)} (${extra(bareMs)}), p99 ${overhead(bareMs, 99)}   (target: median under +20 %)`);
console.log(`client vs Pool.dispatch: median ${overhead(dispatchMs, 50)} (${extra(dispatchMs)}), p99 ${overhead(dispatchMs, 99)}   (the client's own logic)`);
console.log(
  `new token per call vs request+Agent: median ${overhead(bareMs, 50, clientNewTokenMs)} (${extra(bareMs, clientNewTokenMs)}); ` +
    `vs Pool.dispatch: median ${overhead(dispatchMs, 50, clientNewTokenMs)} (${extra(dispatchMs, clientNewTokenMs)})`,
);

await client.close();
await agent.close();
await pool.close();
server.close();
