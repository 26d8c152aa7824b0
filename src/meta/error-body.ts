/**
 * Reads Meta's error envelope out of whatever came back. Bodies arrive as parsed JSON, as JSON
 * text, as HTML from a proxy, truncated, or empty; none of that may throw. Fields are picked by
 * type, never trusted: a string where a number belongs is coerced only when it is all digits.
 */
import { cleanJson, mayHoldUnstorableText } from '../text.ts';

export interface GraphErrorFields {
  message?: string;
  type?: string;
  code?: number;
  subcode?: number;
  isTransient?: boolean;
  userTitle?: string;
  userMessage?: string;
  /** Object, array, or the decoded form of a JSON-encoded string; a non-JSON string stays a string. */
  errorData?: unknown;
  fbtraceId?: string;
}

/**
 * `{value}` when the text is a JSON document, undefined otherwise (HTML, truncated, empty).
 * Every answer of Meta's is read here (the Graph client's, and the report-back's text), so this is
 * where Meta's text becomes text PostgreSQL can store: a NUL removed, a lone surrogate replaced
 * (src/text.ts), the rest kept, whatever later stores a name, a message or an fbtrace_id. The
 * common answer holds no `\u0000`/`\ud8xx` escape and costs one scan of the text.
 */
export function tryParseJson(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  const first = trimmed[0];
  // Cheap guard: HTML and plain text never start like JSON, so skip the throw/catch cost.
  if (first === undefined || !'{["-0123456789tfn'.includes(first)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return { value: mayHoldUnstorableText(trimmed) ? cleanJson(value) : value };
}

/** JSON when it parses, otherwise the raw text (possibly empty). */
export function parseBodyText(text: string): unknown {
  const parsed = tryParseJson(text);
  return parsed === undefined ? text : parsed.value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

function toStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

function decodeErrorData(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const parsed = tryParseJson(v);
  return parsed === undefined ? v : parsed.value;
}

/**
 * The `error` object of a Graph error body, or undefined when there is none. Accepts the body
 * already parsed or as text (so `wevion classify` can pass a raw string through).
 */
export function readGraphError(body: unknown): GraphErrorFields | undefined {
  const parsed = typeof body === 'string' ? parseBodyText(body) : body;
  if (!isRecord(parsed)) return undefined;
  const err = parsed['error'];
  if (isRecord(err)) {
    return {
      message: toStr(err['message']),
      type: toStr(err['type']),
      code: toInt(err['code']),
      subcode: toInt(err['error_subcode']),
      isTransient: toBool(err['is_transient']),
      userTitle: toStr(err['error_user_title']),
      userMessage: toStr(err['error_user_msg']),
      errorData: decodeErrorData(err['error_data']),
      fbtraceId: toStr(err['fbtrace_id']),
    };
  }
  // The legacy REST shape still leaks out of a few endpoints: {error_code, error_msg}.
  if ('error_code' in parsed) {
    return { code: toInt(parsed['error_code']), message: toStr(parsed['error_msg']) };
  }
  // OAuth endpoints may answer {"error": "invalid_request", "error_description": "..."}.
  if (typeof err === 'string') {
    return { type: err, message: toStr(parsed['error_description']) ?? err };
  }
  return undefined;
}
