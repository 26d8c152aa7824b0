/**
 * Keeps secrets out of messages, logs and error causes. Tokens reach this module only as
 * values to scrub, never to print: anything that might echo a request URL or Meta's own text
 * (which sometimes quotes the token it rejected) goes through here first.
 */

const REDACTED = '[redacted]';

// Query parameters that carry secrets in Graph calls; their values never leave this process.
const SECRET_PARAMS = /(\b(?:access_token|input_token|fb_exchange_token|client_secret|appsecret_proof|code)=)[^&#\s"']*/gi;
// Meta user/page/system-user tokens start with EAA; catch them even when a param name is absent.
const META_TOKEN = /\bEAA[A-Za-z0-9]{20,}\b/g;

/** Removes the query string and fragment: URLs in logs and errors are paths only. */
export function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/**
 * Replaces every occurrence of the given secrets, secret-bearing query parameters and
 * anything shaped like a Meta token. Secrets shorter than 6 characters are ignored: scrubbing
 * "1" out of every message would destroy it and protect nothing.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return out.replace(SECRET_PARAMS, `$1${REDACTED}`).replace(META_TOKEN, REDACTED);
}

/**
 * Deep-redacts a JSON-like value (error_data can be anything Meta sends). Strings are scrubbed,
 * containers copied; depth is bounded so a hostile body cannot blow the stack.
 */
export function redactValue(value: unknown, secrets: readonly (string | undefined)[], depth = 0): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, secrets, depth + 1);
  return out;
}
