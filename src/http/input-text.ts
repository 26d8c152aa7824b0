/**
 * The one check of a request's text, made by `mount` before a route sees its input: every string
 * and key of the path parameters, the query and the JSON body must be text PostgreSQL can store
 * (no NUL, no lone UTF-16 surrogate: src/text.ts), and a body nests at most MAX_BODY_DEPTH
 * levels. Anything else is 400 `invalid_input` naming the field, so no route, query or job can
 * meet such text later as a 500.
 *
 * The exception is text that carries Meta's own answer, as a route declares it (`metaText`: the
 * report-back's `body` and `headers`): Meta's text is not the caller's to fix, and refusing it
 * would lose the status change the report is for, so it is cleaned instead (NUL removed, a lone
 * surrogate replaced by U+FFFD, the rest kept).
 */
import { invalidInput } from '../errors.ts';
import { cleanJson, textProblem, type TextProblem } from '../text.ts';

/** No body of this API nests anywhere near this; deeper is refused before any schema walks it. */
export const MAX_BODY_DEPTH = 64;

const MUST_NOT: Record<TextProblem, string> = {
  NUL: 'must not contain NUL (U+0000)',
  'lone surrogate': 'must not contain a lone UTF-16 surrogate',
};

/** How a field is named in a message: its path, never the hostile text itself. */
const nameOf = (path: string, fallback: string) => path || fallback;

/** Path parameters or a query: flat names and values. */
export function checkParams(values: Record<string, string>, what: 'path' | 'query'): void {
  for (const [name, value] of Object.entries(values)) {
    const keyProblem = textProblem(name);
    if (keyProblem) throw invalidInput(`${what}: a parameter name ${MUST_NOT[keyProblem]}`);
    const problem = typeof value === 'string' ? textProblem(value) : undefined;
    if (problem) throw invalidInput(`${name}: ${MUST_NOT[problem]}`);
  }
}

/**
 * A parsed JSON body, checked in place: the `metaText` fields of a top-level object cleaned,
 * everything else refused when PostgreSQL could not store it or when it nests too deep.
 * Iterative, so a hostile nesting cannot overflow the stack here.
 */
export function checkBody(body: unknown, metaText: readonly string[] = []): unknown {
  if (metaText.length > 0 && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    for (const field of metaText) if (Object.hasOwn(record, field)) record[field] = cleanJson(record[field]);
  }
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) throw invalidInput(`${nameOf(path, 'body')}: ${MUST_NOT[problem]}`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) throw invalidInput(`${nameOf(path, 'body')}: nested deeper than ${MAX_BODY_DEPTH} levels`);
    const prefix = path ? `${path}.` : '';
    // Pushed last to first, so the first field in the body is the one a message names.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${prefix}${i}`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      const keyProblem = textProblem(key);
      if (keyProblem) throw invalidInput(`${nameOf(path, 'body')}: a key ${MUST_NOT[keyProblem]}`);
      stack.push({ value: item, path: `${prefix}${key}`, depth: depth + 1 });
    }
  }
  return body;
}
