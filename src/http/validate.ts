import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { mayHoldUnstorableText } from '../text.ts';
import { checkBody, checkParams, MAX_BODY_DEPTH } from './input-text.ts';

/** No JSON body of this API is anywhere near this; a bigger one is refused before it is parsed. */
const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new AppError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);

/**
 * The body as text. Behind the Node adapter the request stream is read as it is: going through
 * the web Request (a ReadableStream made from it) cost a tenth of the Graph proxy's CPU per call.
 */
async function bodyText(c: Context): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
    return text;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON body and validates it; malformed JSON, text PostgreSQL cannot store (input-text.ts)
 * and schema failures are 400s, never 500s. `metaText`: top-level fields that carry Meta's own
 * answer, cleaned rather than refused.
 */
export async function jsonBody<T>(c: Context, schema: z.ZodType<T>, metaText?: readonly string[]): Promise<T> {
  const text = await bodyText(c);
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  // Only a `\u0000` or `\ud8xx` escape puts such text in JSON decoded from UTF-8, and nesting
  // MAX_BODY_DEPTH levels takes twice as many characters: a short plain body (the Graph proxy's)
  // needs no walk.
  const checked = text.length > 2 * MAX_BODY_DEPTH || mayHoldUnstorableText(text) ? checkBody(raw, metaText) : raw;
  const parsed = schema.safeParse(checked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('invalid_input', `${where}${issue?.message ?? 'invalid input'}`);
  }
  return parsed.data;
}

/** Validates the query string; a bad parameter is a 400 naming it. */
export function queryParams<T>(c: Context, schema: z.ZodType<T>): T {
  const query = c.req.query();
  checkParams(query, 'query');
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('invalid_input', `${where}${issue?.message ?? 'invalid query'}`);
  }
  return parsed.data;
}
