import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** Reads a JSON body and validates it; malformed JSON and schema failures are 400s, never 500s. */
export async function jsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    const text = await c.req.text();
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('invalid_input', `${where}${issue?.message ?? 'invalid input'}`);
  }
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids that are not UUIDs cannot exist: answer 404 without asking the database to cast them. */
export function uuidParam(c: Context, name: string, what: string): string {
  const value = c.req.param(name) ?? '';
  if (!UUID.test(value)) throw new AppError('not_found', `${what} not found`);
  return value.toLowerCase();
}

/** Validates the query string; a bad parameter is a 400 naming it. */
export function queryParams<T>(c: Context, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('invalid_input', `${where}${issue?.message ?? 'invalid query'}`);
  }
  return parsed.data;
}
