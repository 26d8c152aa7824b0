/**
 * The load of the webhook intake benchmark, in its own process (autocannon's API): LOAD_CONNECTIONS
 * keep-alive clients post Meta-like `permissions` webhooks of LOAD_CHANGES changes each for
 * LOAD_SECONDS, every body different (a counter in the people's ids, so none is a repeat) and
 * signed with `X-Hub-Signature-256` as Meta signs. Prints autocannon's JSON result and the CPU
 * time this process used (building, signing and sending the bodies).
 *   LOAD_URL=… LOAD_SECRET=… LOAD_CHANGES=100 LOAD_CONNECTIONS=50 LOAD_SECONDS=10 LOAD_PREFIX=7 node --import tsx bench/meta-signals-load.ts
 */
import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';

const url = process.env.LOAD_URL!;
const secret = process.env.LOAD_SECRET!;
const changes = Number(process.env.LOAD_CHANGES ?? '100');
// People nobody connected (ids of their own per run): processing looks them up and counts them.
const prefix = process.env.LOAD_PREFIX ?? '7';
let counter = 0;

function body(): string {
  const n = counter++;
  const time = Math.floor(Date.now() / 1000);
  const entry = Array.from({ length: changes }, (_, i) => {
    const uid = `${prefix}${String(n).padStart(8, '0')}${String(i).padStart(4, '0')}`;
    return { id: uid, uid, time, changes: [{ field: 'ads_read', value: { verb: 'revoked' } }] };
  });
  return JSON.stringify({ object: 'permissions', entry });
}

const result = await autocannon({
  url,
  connections: Number(process.env.LOAD_CONNECTIONS ?? '50'),
  duration: Number(process.env.LOAD_SECONDS ?? '10'),
  requests: [
    {
      method: 'POST',
      setupRequest: (request: Record<string, unknown>) => {
        const text = body();
        return { ...request, body: text, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(text).digest('hex')}` } };
      },
    },
  ],
});
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ cpuMicros: cpu.user + cpu.system, requests: result.requests, latency: result.latency, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, '2xx': result['2xx'] }) + '\n');
