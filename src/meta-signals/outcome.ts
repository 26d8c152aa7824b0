import type { ChangeOutcome } from './metrics.ts';

/**
 * What processing one delivery found, stored with it (`meta_signals.outcome`) and counted:
 * changes by outcome, and the jobs it queued (token checks, permission checks, deletions).
 */
export type Outcome = Partial<Record<ChangeOutcome | 'verifications' | 'permissionChecks' | 'businessSyncs', number>>;

export function add(into: Outcome, key: keyof Outcome, n = 1): void {
  into[key] = (into[key] ?? 0) + n;
}

export function merge(into: Outcome, other: Outcome): Outcome {
  for (const [key, n] of Object.entries(other)) add(into, key as keyof Outcome, n);
  return into;
}

/** Only the change outcomes (the jobs queued are not changes). */
export function changeCounts(outcome: Outcome): Partial<Record<ChangeOutcome, number>> {
  const { verifications: _v, permissionChecks: _p, businessSyncs: _b, ...changes } = outcome;
  return changes;
}
