/**
 * A Meta id as a string. Meta's documentation shows ids as strings, but where it is silent
 * (webhook payloads, a signed_request's user_id, `client_business_id`) an id may come as a JSON
 * number: both are read, an empty string or an unsafe number is no id.
 */
export function metaIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
}
