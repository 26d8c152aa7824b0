/**
 * The baseline of the webhook intake benchmark: the barest receiver of Meta's webhooks. It reads
 * the body, checks `X-Hub-Signature-256` over the raw bytes (HMAC-SHA256, constant-time compare)
 * and answers 200 — no parsing, no storage, no queue. Run as its own process, like the service,
 * by bench/meta-signals.ts:
 *   BARE_SECRET=… PORT=… node --import tsx bench/meta-signals-bare.ts
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.BARE_SECRET!;

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const header = /^sha256=([0-9a-f]{64})$/i.exec(String(req.headers['x-hub-signature-256'] ?? ''));
    const expected = createHmac('sha256', secret).update(Buffer.concat(chunks)).digest();
    const ok = header !== null && timingSafeEqual(Buffer.from(header[1]!, 'hex'), expected);
    res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' }).end(ok ? '{"received":true}' : '{"error":{"code":"signature_invalid"}}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('bare receiver listening\n'));
