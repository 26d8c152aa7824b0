import { AppError } from '../errors.ts';

/**
 * A token bucket per API key: `perMinute` checkouts a minute, in bursts of up to that many. Kept
 * in the process, so a flood from one key is refused without a database statement. The same
 * bucket shared by every web process is in the database (`takeCheckouts`, taken by the checkout
 * log before it records a batch): that one is the limit a key cannot pass with several processes.
 */
export interface KeyThrottle {
  /** Takes one; when none is left, the seconds until one is (for Retry-After). */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/** The answer past either limit: 429 with Retry-After. */
export function tooManyCheckouts(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', `Too many checkouts for this API key; try again in ${retryAfterSeconds} s (reuse a checkout for its validForSeconds).`, { retryAfterSeconds });
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
