import type { AlertChannel } from '../db/schema-alerts.ts';

/** The types a member can route to channels (in-app always shows every one). */
export const ALERT_TYPES = ['token_expired', 'token_inactive', 'token_expiring', 'data_access_expiring', 'token_recovered'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const CHANNELS: readonly AlertChannel[] = ['email', 'telegram'];
/** What an admin may make mandatory: the profile is broken and someone has to reconnect it. */
export const CRITICAL_TYPES: readonly string[] = ['token_expired', 'token_inactive'];

/** Older rows said token_not_extended; it is a token_expiring warning for routing. */
export const preferenceType = (type: string): string => (type === 'token_not_extended' ? 'token_expiring' : type);

export type PreferenceMap = Map<string, boolean>;
export const preferenceKey = (type: string, channel: AlertChannel) => `${type}:${channel}`;

/**
 * The channels a notification goes to besides in-app. Every type is on by default; a critical
 * type that the workspace requires goes to every channel the member has, whatever they chose.
 */
export function channelsFor(input: { type: string; preferences: PreferenceMap; requireCritical: boolean; emailAvailable: boolean; telegramLinked: boolean }): AlertChannel[] {
  const type = preferenceType(input.type);
  const forced = input.requireCritical && CRITICAL_TYPES.includes(type);
  const available: Record<AlertChannel, boolean> = { email: input.emailAvailable, telegram: input.telegramLinked };
  return CHANNELS.filter((channel) => available[channel] && (forced || input.preferences.get(preferenceKey(type, channel)) !== false));
}
