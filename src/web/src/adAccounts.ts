import type { MessageKey } from './i18n/index.tsx';
import type { BlockedReason } from './types.ts';

const REASONS: BlockedReason[] = ['token_expired', 'token_inactive', 'no_permission', 'scope_declined'];

export function isBlockedReason(value: unknown): value is BlockedReason {
  return typeof value === 'string' && (REASONS as string[]).includes(value);
}

/** The short label ("Token expired") and the full explanation of why an account is blocked. */
export function blockedKeys(reason: BlockedReason): { short: MessageKey; long: MessageKey } {
  return { short: `blockedShort.${reason}`, long: `blocked.${reason}` };
}

/** YYYY-MM-DD in UTC, as the insights API takes it. */
export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
