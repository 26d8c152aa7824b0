/**
 * The retry loop. It executes decisions, it does not make them: whether to retry and how long
 * to wait come from the GraphError's classification (classify.ts); this file only counts
 * attempts, applies jitter through the injected random and waits through the injected clock.
 *
 * Why not cockatiel's retry policy: it waits with its own setTimeout, so waits could not go
 * through `Clock.sleep` and tests could not assert them without real sleeping. The loop that
 * remains is a dozen lines.
 */
import type { Clock } from '../clock.ts';
import { retryDelayMs, type Classification } from './classify.ts';
import { GraphError } from './graph-error.ts';

export interface RetryInfo {
  /** 0-based index of the retry about to happen. */
  retry: number;
  waitMs: number;
  classification: Classification;
  error: GraphError;
}

export interface RetryLoopOptions {
  clock: Clock;
  random: () => number;
  /** false: one attempt only. */
  enabled: boolean;
  /** Upper bound on retries; the classification's schedule may allow fewer. */
  maxRetries?: number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Runs `attempt` until it succeeds, throws something other than a retryable GraphError, or the
 * schedule is exhausted; then the LAST error is thrown. Retry i (0-based) waits the i-th entry
 * of the latest failure's schedule, so a rate limit after two timeouts waits 45 s, not 5 s:
 * consecutive failures escalate whatever their mix.
 */
export async function withRetries<T>(attempt: (index: number) => Promise<T>, opts: RetryLoopOptions): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt(i);
    } catch (err) {
      if (!(err instanceof GraphError) || !opts.enabled || !err.classification.retry) throw err;
      if (opts.maxRetries !== undefined && i >= opts.maxRetries) throw err;
      const waitMs = retryDelayMs(err.classification, i, opts.random);
      if (waitMs === undefined) throw err;
      opts.onRetry?.({ retry: i, waitMs, classification: err.classification, error: err });
      if (opts.signal?.aborted) throw opts.signal.reason;
      await opts.clock.sleep(waitMs, opts.signal);
    }
  }
}
