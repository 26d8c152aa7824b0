/**
 * A token bucket per API key: `perMinute` checkouts a minute, in bursts of up to that many. Kept
 * in the process (a database round trip per checkout would cost more than the checkout): with N
 * web processes a key may get N times the rate, which the README says.
 */
export interface KeyThrottle {
  /** Takes one; when none is left, the seconds until one is (for Retry-After). */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createKeyThrottle(perMinute: number, maxKeys = 100_000): KeyThrottle {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return {
    take(key, nowMs) {
      let bucket = buckets.get(key);
      if (!bucket) {
        // A bound on memory: keys are few, but a flood of distinct ones must not grow without end.
        if (buckets.size >= maxKeys) buckets.clear();
        bucket = { tokens: perMinute, at: nowMs };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(perMinute, bucket.tokens + (nowMs - bucket.at) * refillPerMs);
      bucket.at = nowMs;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)) };
    },
  };
}
