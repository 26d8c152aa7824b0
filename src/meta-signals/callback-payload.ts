/**
 * The payload of a stored callback. Its signature was checked before it was stored, so it is
 * only decoded here: checked again it could fail for nothing (the app secret rotated since).
 */
export function storedCallbackPayload(body: string): Record<string, unknown> | undefined {
  const signedRequest = new URLSearchParams(body).get('signed_request') ?? '';
  const payloadPart = signedRequest.split('.')[1];
  if (!payloadPart) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(payloadPart.replace(/=+$/, ''), 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A callback made for another app (its payload says so) is kept and counted; nothing changes. */
export function forAnotherApp(payload: Record<string, unknown> | undefined, appId: string): boolean {
  const named = payload?.app_id;
  return (typeof named === 'string' || typeof named === 'number') && String(named) !== appId;
}
