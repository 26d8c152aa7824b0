import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';

const tooLarge = (maxBytes: number) => new AppError('payload_too_large', `The request body is larger than ${maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes / 1024} KiB`}.`);

/**
 * The request body as the bytes that arrived, refused past `maxBytes` (a Content-Length above it
 * before anything is read): what a signature over the raw body is checked against. Behind the
 * Node adapter the stream is read as it is; in-process requests (tests) through the web Request.
 */
export async function rawBody(c: Context, maxBytes: number): Promise<Buffer> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') {
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
