/**
 * The baseline of the proxy benchmark: the barest forwarder a service could be. For every
 * request it makes the same Graph call with one fixed token through an undici keep-alive pool and
 * hands Meta's answer back — no auth, no lookup, no classification. Run as its own process, like
 * the service, by bench/http.ts:
 *   FORWARD_URL=<emulator> FORWARD_TOKEN=… FORWARD_PROOF=… PORT=… node --import tsx bench/forwarder.ts
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';

const target = new URL(process.env.FORWARD_URL!);
const query = `/${DEFAULT_GRAPH_VERSION}/me?access_token=${encodeURIComponent(process.env.FORWARD_TOKEN!)}&appsecret_proof=${process.env.FORWARD_PROOF!}`;
const pool = new Pool(target.origin, { connections: 128 });

createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    pool.request({ method: 'GET', path: query }).then(
      async ({ statusCode, body }) => {
        const text = await body.text();
        res.writeHead(statusCode, { 'content-type': 'application/json' }).end(`{"data":${text}}`);
      },
      () => res.writeHead(502).end(),
    );
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('forwarder listening\n'));
