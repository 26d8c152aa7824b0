import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return /(password|passwd|secret|cookie|authorization|apikey|api_key|api-key|appsecret_proof|token)$/.test(lower) || lower === 'session' || lower === 'sessionid';
}
const REDACTED = '[redacted]';

// Secrets that hide inside strings: URLs with query credentials, bearer headers, Meta tokens,
// app tokens (`id|secret`), our own session and API-key formats.
const SENSITIVE_IN_TEXT: Array<[RegExp, string]> = [
  [/((?:access_token|client_secret|fb_exchange_token|input_token|appsecret_proof|code|password|state)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/|=-]+/g, `$1 ${REDACTED}`],
  [/\bEAA[A-Za-z0-9]{10,}/g, REDACTED],
  [/\b\d{6,}\|[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bwev(s|k)_[A-Za-z0-9_-]{10,}/g, REDACTED],
];

// Every pattern above needs one of these; most log strings have none and skip the replaces.
const MAYBE_SENSITIVE = /[=|]|Bearer|OAuth|EAA|wev[sk]_/;

export function redactText(text: string): string {
  if (!MAYBE_SENSITIVE.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of SENSITIVE_IN_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy with sensitive keys blanked and secrets inside strings masked. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), code: (value as { code?: unknown }).code, stack: value.stack ? redactText(value.stack) : undefined };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) && (typeof inner === 'string' || typeof inner === 'number') ? REDACTED : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(options: { level: string; destination?: DestinationStream; name?: string }): Logger {
  return pino(
    {
      name: options.name ?? 'wevion',
      level: options.level,
      // Redaction is structural (any key that names a secret) and textual (secrets inside
      // messages and URLs), so a token that reaches a log by an unforeseen path is still masked.
      formatters: {
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      serializers: { err: (err: Error) => redactValue(err) },
    },
    options.destination,
  );
}
